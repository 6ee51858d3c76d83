using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Saperly.Migration.Tool.Analysis;
using Saperly.Migration.Tool.Pipeline;
using Saperly.Migration.Tool.Reports;

namespace Saperly.Migration.Tool.Cli;

/// <summary>The default command: preview, apply or check the migration of one solution or project.</summary>
internal sealed class MigrateCommand
{
    private readonly Argument<string> _path = new("PATH")
    {
        Description = "A .sln, .slnx, .slnf or .csproj, or a folder holding exactly one solution (or, without one, exactly one project). Default: the current folder.",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => ".",
    };

    private readonly Option<bool> _apply = new("--apply") { Description = "Write the changes (default: preview them as a unified diff and write nothing)." };
    private readonly Option<bool> _check = new("--check") { Description = "A CI gate: analyze only, write nothing; exit 1 while findings remain, and say which ones --apply offers to fix." };
    private readonly Option<string[]> _diagnostics = new("--diagnostics") { HelpName = "IDS", Description = "Only these rule IDs, comma-separated (e.g. SAP001,SAP003).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<FileInfo?> _report = new("--report") { HelpName = "FILE", Description = "Also write a report: FILE.json, FILE.sarif (SARIF 2.1.0) or FILE.md." };
    private readonly Option<string[]> _include = new("--include") { HelpName = "GLOB", Description = "Only files matching this glob (relative to the solution folder; * ** ?). Repeatable." };
    private readonly Option<string[]> _exclude = new("--exclude") { HelpName = "GLOB", Description = "Skip files matching this glob. Repeatable." };
    private readonly Option<Verbosity> _verbosity = CreateVerbosityOption();
    private readonly Option<bool> _noRestore = new("--no-restore") { Description = "Do not restore packages first. By default, as dotnet format does, projects without obj/project.assets.json (or with an older one than the project file) are restored with 'dotnet restore'." };
    private readonly Option<bool> _noProgress = new("--no-progress") { Description = "Plain progress lines even on an interactive terminal." };
    private readonly ToolServices _services;
    private readonly Lazy<RuleCatalog> _rules;

    public MigrateCommand(ToolServices services)
    {
        _services = services;
        _rules = new Lazy<RuleCatalog>(services.Rules);
        _diagnostics.Validators.Add(ValidateRuleIds);
        _report.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<FileInfo?>() is { } report && ReportWriter.FormatOf(report.FullName) is null)
            {
                result.AddError($"--report '{report.FullName}' has an unknown extension: expected .json, .sarif or .md");
            }
        });
    }

    public void AddTo(Command command)
    {
        command.Arguments.Add(_path);
        command.Options.Add(_apply);
        command.Options.Add(_check);
        command.Options.Add(_diagnostics);
        command.Options.Add(_report);
        command.Options.Add(_include);
        command.Options.Add(_exclude);
        command.Options.Add(_verbosity);
        command.Options.Add(_noProgress);
        command.Options.Add(_noRestore);
        command.Validators.Add(result =>
        {
            if (result.GetValue(_apply) && result.GetValue(_check))
            {
                result.AddError("--apply and --check cannot be combined: --check never writes");
            }
        });
        command.SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var rules = _rules.Value;
        MigrateSettings settings;
        try
        {
            settings = ReadSettings(parse);
        }
        catch (ToolInputException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }

        try
        {
            return await new MigrationRun(settings, rules, _services, output, error).ExecuteAsync(cancellationToken);
        }
        catch (Exception ex) when (settings.Verbosity == Verbosity.Diagnostic && ex is not (OperationCanceledException or ToolInputException or Loading.SolutionLoadException))
        {
            // Asked for: the whole exception, stack trace included (other levels print one line, in ToolCommandLine).
            await error.WriteLineAsync($"error: unexpected {ex}");
            return ExitCodes.Partial;
        }
    }

    private static Option<Verbosity> CreateVerbosityOption()
    {
        var option = new Option<Verbosity>("--verbosity", "-v")
        {
            HelpName = "LEVEL",
            Description = $"How much to print; allowed values are {VerbosityNames.Allowed}, as dotnet commands take: quiet (warnings, errors, one summary line), minimal (the results, no progress), normal (adds a line per phase), detailed (adds per-project steps and phase timings), diagnostic (adds the settings, the rules, and stack traces of unexpected errors).",
            DefaultValueFactory = _ => Verbosity.Normal,
            CustomParser = result =>
            {
                var value = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
                if (VerbosityNames.TryParse(value, out var verbosity))
                {
                    return verbosity;
                }

                result.AddError($"'{value}' is not a verbosity level: allowed values are {VerbosityNames.Allowed}");
                return Verbosity.Normal;
            },
        };
        option.CompletionSources.Add(VerbosityNames.All);
        return option;
    }

    private void ValidateRuleIds(System.CommandLine.Parsing.OptionResult result)
    {
        var rules = _rules.Value;
        var unknown = RuleIds(result.GetValueOrDefault<string[]>()).Where(id => !rules.Descriptors.ContainsKey(id)).Order(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
        {
            result.AddError($"unknown rule ID {string.Join(", ", unknown)} in --diagnostics (known: {string.Join(", ", rules.Descriptors.Keys.Order(StringComparer.Ordinal))})");
        }
    }

    private static HashSet<string> RuleIds(string[]? values) =>
        (values ?? [])
            .SelectMany(v => v.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(v => v.ToUpperInvariant())
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The options, already validated by the parser (their validators above); PATH is resolved here.</summary>
    private MigrateSettings ReadSettings(ParseResult parse)
    {
        var input = InputResolver.Resolve(parse.GetValue(_path) ?? ".");
        var ids = RuleIds(parse.GetValue(_diagnostics));
        return new MigrateSettings(
            input,
            parse.GetValue(_apply),
            parse.GetValue(_check),
            ids.Count == 0 ? null : ids,
            parse.GetValue(_report)?.FullName,
            parse.GetValue(_include) ?? [],
            parse.GetValue(_exclude) ?? [],
            parse.GetValue(_verbosity),
            parse.GetValue(_noProgress),
            parse.GetValue(_noRestore));
    }
}

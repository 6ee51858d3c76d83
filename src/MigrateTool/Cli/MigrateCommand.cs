using System;
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
    private readonly Option<string> _verbosity = CreateVerbosityOption();
    private readonly Option<bool> _noRestore = new("--no-restore") { Description = "Do not restore packages first. By default, as dotnet format does, projects without obj/project.assets.json (or with an older one than the project file) are restored with 'dotnet restore'." };
    private readonly Option<bool> _noProgress = new("--no-progress") { Description = "Plain progress lines even on an interactive terminal." };
    private readonly ToolServices _services;

    public MigrateCommand(ToolServices services)
    {
        _services = services;
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
        command.SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var rules = _services.Rules();
        MigrateSettings settings;
        try
        {
            settings = ReadSettings(parse, rules);
        }
        catch (ToolInputException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }

        return await new MigrationRun(settings, rules, _services, output, error).ExecuteAsync(cancellationToken);
    }

    private static Option<string> CreateVerbosityOption()
    {
        var option = new Option<string>("--verbosity", "-v")
        {
            HelpName = "quiet|normal|detailed",
            Description = "How much to print: quiet (problems and one summary line), normal, detailed (adds per-project steps and phase timings).",
            DefaultValueFactory = _ => "normal",
        };
        option.AcceptOnlyFromAmong("quiet", "normal", "detailed");
        return option;
    }

    private MigrateSettings ReadSettings(ParseResult parse, RuleCatalog rules)
    {
        var input = InputResolver.Resolve(parse.GetValue(_path) ?? ".");
        var ids = (parse.GetValue(_diagnostics) ?? [])
            .SelectMany(v => v.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(v => v.ToUpperInvariant())
            .ToHashSet(StringComparer.Ordinal);
        var unknown = ids.Where(id => !rules.Descriptors.ContainsKey(id)).OrderBy(id => id, StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
        {
            throw new ToolInputException($"unknown rule ID {string.Join(", ", unknown)} in --diagnostics (known: {string.Join(", ", rules.Descriptors.Keys.Order(StringComparer.Ordinal))})");
        }

        var report = parse.GetValue(_report)?.FullName;
        if (report is not null && ReportWriter.FormatOf(report) is null)
        {
            throw new ToolInputException($"--report '{report}' has an unknown extension: expected .json, .sarif or .md");
        }

        var apply = parse.GetValue(_apply);
        var check = parse.GetValue(_check);
        if (apply && check)
        {
            throw new ToolInputException("--apply and --check cannot be combined: --check never writes");
        }

        return new MigrateSettings(
            input,
            apply,
            check,
            ids.Count == 0 ? null : ids,
            report,
            parse.GetValue(_include) ?? [],
            parse.GetValue(_exclude) ?? [],
            Enum.Parse<Verbosity>(parse.GetValue(_verbosity)!, ignoreCase: true),
            parse.GetValue(_noProgress),
            parse.GetValue(_noRestore));
    }
}

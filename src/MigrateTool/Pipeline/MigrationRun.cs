using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Spectre.Console;
using Saperly.Migration.Tool.Analysis;
using Saperly.Migration.Tool.Cli;
using Saperly.Migration.Tool.Output;
using Saperly.Migration.Tool.Progress;
using Saperly.Migration.Tool.Reports;
using Saperly.Migration.Tool.Writing;

namespace Saperly.Migration.Tool.Pipeline;

/// <summary>One run of the migration: the pipeline, then the console summary, the report and the exit code.</summary>
internal sealed class MigrationRun
{
    private readonly MigrateSettings _settings;
    private readonly RuleCatalog _rules;
    private readonly ToolServices _services;
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly PhaseClock _clock = new();

    public MigrationRun(MigrateSettings settings, RuleCatalog rules, ToolServices services, TextWriter output, TextWriter error)
    {
        _settings = settings;
        _rules = rules;
        _services = services;
        _output = output;
        _error = error;
    }

    public static string ToolVersion =>
        typeof(MigrationRun).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        if (_settings.Verbosity >= Verbosity.Diagnostic)
        {
            WriteDiagnosticHeader();
        }

        MigrationResult result;
        if (_services.Interactive && !_settings.NoProgress && _settings.Verbosity >= Verbosity.Normal)
        {
            result = await AnsiConsole.Status().StartAsync("loading", ctx => RunAsync(new LiveProgress(ctx), cancellationToken));
        }
        else
        {
            IProgressSink progress = _settings.Verbosity >= Verbosity.Normal ? new PlainProgress(_output, _settings.Verbosity >= Verbosity.Detailed) : new SilentProgress();
            result = await RunAsync(progress, cancellationToken);
        }

        // Ctrl+C during the write phase stops between two files and the run still reports what was written.
        result.ExitCode = cancellationToken.IsCancellationRequested ? ExitCodes.Cancelled : ExitCodeOf(result);
        ConsoleReport.Write(result, _settings, _output, _error, _services.Color);
        if (_settings.Verbosity >= Verbosity.Detailed)
        {
            _output.WriteLine("timings: " + string.Join(", ", _clock.Phases.Select(p => $"{p.Phase} {p.Milliseconds} ms")));
            _output.WriteLine($"jit: {(long)System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds} ms compiling {System.Runtime.JitInfo.GetCompiledMethodCount()} methods (summed over threads; tiered PGO {(TieredPgo() ? "on" : "off")})");
        }

        if (_settings.ReportPath is { } reportPath)
        {
            try
            {
                ReportWriter.Write(result, reportPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _error.WriteLine($"error: the report could not be written to {reportPath}: {ex.Message}");
                return ExitCodes.Partial;
            }

            if (_settings.Verbosity != Verbosity.Quiet)
            {
                _output.WriteLine($"report written to {reportPath}");
            }
        }

        return result.ExitCode;
    }

    /// <summary>--verbosity diagnostic: what the run was asked to do and with which rules, before it starts.</summary>
    private void WriteDiagnosticHeader()
    {
        string List(IEnumerable<string> values) => string.Join(", ", values) is { Length: > 0 } text ? text : "(none)";
        _output.WriteLine($"tool: saperly-migrate {ToolVersion} on .NET {Environment.Version}");
        _output.WriteLine($"input: {_settings.InputPath}");
        _output.WriteLine($"mode: {(_settings.Check ? "check" : _settings.Apply ? "apply" : "preview")}; restore: {(_settings.NoRestore ? "off" : "when needed")}; colour: {(_services.Color ? "on" : "off")}; interactive: {(_services.Interactive ? "yes" : "no")}");
        _output.WriteLine($"rules: {List(_settings.DiagnosticIds?.Order(StringComparer.Ordinal) ?? _rules.Descriptors.Keys)}; include: {List(_settings.Includes)}; exclude: {List(_settings.Excludes)}");
        _output.WriteLine($"analyzers: {List(_rules.Analyzers.Select(a => a.GetType().Name))}");
        _output.WriteLine($"fixers: {List(_rules.Fixers.Select(f => f.GetType().Name))}");
    }

    private int ExitCodeOf(MigrationResult result)
    {
        // Missing deployment wiring is work too: the lines the run would add, and those left to add by hand.
        if (_settings.Check && (result.Findings.Count > 0 || result.AppliedChanges.Any() || result.ManualSteps.PendingWiring > 0))
        {
            return ExitCodes.CheckFoundWork;
        }

        return result.Problems.Count > 0 ? ExitCodes.Partial : ExitCodes.Success;
    }

    private async Task<MigrationResult> RunAsync(IProgressSink progress, CancellationToken cancellationToken)
    {
        var pipeline = new MigrationPipeline(_settings, _rules, _services, progress, _clock);
        try
        {
            return await pipeline.RunAsync(cancellationToken);
        }
        finally
        {
            _clock.Stop();
        }
    }

    /// <summary>Whether the runtime runs the profile-guided tier: the environment's setting, else the tool's runtimeconfig (off).</summary>
    private static bool TieredPgo() =>
        (Environment.GetEnvironmentVariable("DOTNET_TieredPGO") ?? AppContext.GetData("System.Runtime.TieredPGO")?.ToString()) is not ("0" or "false" or "False");
}

using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Saperly.Migration.Tool.Analysis;
using Saperly.Migration.Tool.Cli;
using Saperly.Migration.Tool.Hosting;

namespace Saperly.Migration.Tool.Tests.Infrastructure;

/// <summary>Runs the tool in-process through its real entry point, capturing stdout and stderr.</summary>
internal sealed record ToolRun(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;

    public static Task<ToolRun> WithTestRulesAsync(params string[] args) => RunAsync(new ToolServices { Rules = TestRules.TestCatalog.Create }, CancellationToken.None, args);

    public static Task<ToolRun> WithRealRulesAsync(params string[] args) => RunAsync(ToolServices.Default(interactive: false), CancellationToken.None, args);

    public static async Task<ToolRun> RunAsync(ToolServices services, CancellationToken cancellationToken, params string[] args)
    {
        MsBuildRegistration.EnsureRegistered();
        var output = new StringWriter();
        var error = new StringWriter();
        // Every analysis of the files within reach, and every gate verdict from changed files alone, is checked against the whole project's.
        var exit = await ToolCommandLine.RunAsync(args, output, error, services with { CheckAgainstFullAnalysis = true }, cancellationToken);
        return new ToolRun(exit, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

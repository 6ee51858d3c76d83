using System;
using System.Threading;
using System.Threading.Tasks;
using Saperly.Migration.Tool.Cli;
using Saperly.Migration.Tool.Hosting;

namespace Saperly.Migration.Tool;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        // First, before any method that touches an MSBuild type is compiled.
        MsBuildRegistration.EnsureRegistered();

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // Let the run stop between two files instead of killing it mid-write; it then exits 130 (ExitCodes.Cancelled).
            e.Cancel = true;
            cancellation.Cancel();
        };

        var services = ToolServices.Default(interactive: !Console.IsOutputRedirected && !Console.IsErrorRedirected) with
        {
            Color = ToolServices.ColorsFor(Console.IsOutputRedirected, Environment.GetEnvironmentVariable("NO_COLOR")),
        };
        return await ToolCommandLine.RunAsync(args, Console.Out, Console.Error, services, cancellation.Token);
    }
}

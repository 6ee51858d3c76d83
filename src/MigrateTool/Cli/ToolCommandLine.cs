using System;
using System.CommandLine;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Saperly.Migration.Tool.Output;

namespace Saperly.Migration.Tool.Cli;

/// <summary>
/// The command line: the root command migrates; further subcommands (verify, …) are added in
/// <see cref="CreateRootCommand"/>, one line each.
/// </summary>
internal static class ToolCommandLine
{
    public static RootCommand CreateRootCommand(ToolServices services)
    {
        var root = new RootCommand(
            "saperly-migrate: migrates a solution to the Saperly v0.5.7.0 credential pattern (service key for /v1/keys, API key elsewhere).\n" +
            "Default: preview (a unified diff per changed file and a summary table); nothing is written without --apply.\n\n" + ExitCodes.HelpText);
        new MigrateCommand(services).AddTo(root);
        new Verify.VerifyCommand().AddTo(root);
        return root;
    }

    /// <summary>The entry point tests call in-process: every output passes through the secret redactor.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, ToolServices services, CancellationToken cancellationToken)
    {
        using var stdout = new RedactingTextWriter(output);
        using var stderr = new RedactingTextWriter(error);
        try
        {
            var parse = CreateRootCommand(services).Parse(args);
            if (parse.Errors.Count > 0)
            {
                var message = string.Join(" ", parse.Errors[0].Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                await stderr.WriteLineAsync($"error: {message} (see --help)");
                return ExitCodes.BadInput;
            }

            var configuration = new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            };
            return await parse.InvokeAsync(configuration, cancellationToken);
        }
        catch (ToolInputException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (Loading.SolutionLoadException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.Partial;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("error: cancelled; every file is either original or fully migrated, run again to finish");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex)
        {
            // A bug in the tool or a rule: say what it was, once, without a stack trace in normal output.
            await stderr.WriteLineAsync($"error: unexpected {ex.GetType().Name}: {ex.Message}");
            return ExitCodes.Partial;
        }
    }
}

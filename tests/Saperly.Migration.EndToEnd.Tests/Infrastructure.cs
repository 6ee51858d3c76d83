using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Saperly.Migration.EndToEnd.Tests
{
    /// <summary>Where the repository and its samples are.</summary>
    public static class RepoPaths
    {
        private static readonly Lazy<string> LazyRoot = new(() =>
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Saperly.Migration.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"No Saperly.Migration.sln above {AppContext.BaseDirectory}.");
        });

        /// <summary>The folder holding Saperly.Migration.sln.</summary>
        public static string Root => LazyRoot.Value;

        public static string Samples => Path.Combine(Root, "samples");

        public static string MigrateToolProject => Path.Combine(Root, "src", "MigrateTool");
    }

    /// <summary>The result of a child process.</summary>
    public sealed record ProcessResult(string Command, int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed)
    {
        public string Output => StdOut + StdErr;

        public override string ToString() =>
            $"$ {Command}\nexit {ExitCode} after {Elapsed.TotalSeconds:F1}s\n--- stdout ---\n{Tail(StdOut)}\n--- stderr ---\n{Tail(StdErr)}";

        private static string Tail(string text) => text.Length <= 6000 ? text : "…" + text.Substring(text.Length - 6000);
    }

    /// <summary>Runs dotnet and the samples as child processes with a clean, explicit environment.</summary>
    public static class ProcessRunner
    {
        public static string Dotnet =>
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

        public static async Task<ProcessResult> RunAsync(
            string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout)
        {
            var start = new ProcessStartInfo(fileName)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            // The test host runs inside MSBuild/VSTest; its variables would steer a nested build or run.
            foreach (var name in start.Environment.Keys.ToList())
            {
                if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                    || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                    || name.StartsWith("SAPERLY_", StringComparison.OrdinalIgnoreCase)
                    || name.Equals("Saperly__ApiKey", StringComparison.OrdinalIgnoreCase))
                {
                    start.Environment.Remove(name);
                }
            }

            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
            if (environment is not null)
            {
                foreach (var (name, value) in environment)
                {
                    start.Environment[name] = value;
                }
            }

            var command = fileName + " " + string.Join(" ", start.ArgumentList);
            var stopwatch = Stopwatch.StartNew();
            using var process = new Process { StartInfo = start };
            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                return new ProcessResult(command, -1, stdout.ToString(), stderr + $"\n(killed after {timeout.TotalSeconds:F0}s)", stopwatch.Elapsed);
            }

            process.WaitForExit(); // drains the redirected streams
            return new ProcessResult(command, process.ExitCode, stdout.ToString(), stderr.ToString(), stopwatch.Elapsed);
        }

        /// <summary><c>dotnet build</c> without lingering build nodes.</summary>
        public static Task<ProcessResult> BuildAsync(string target, TimeSpan timeout) =>
            RunAsync(Dotnet, new[] { "build", target, "-nodeReuse:false", "-nologo", "-v:minimal" },
                Path.GetDirectoryName(target)!, null, timeout);
    }

    /// <summary>A throwaway copy of <c>samples/</c> (with its Directory.*.props, without bin/obj).</summary>
    public sealed class SampleCopy : IDisposable
    {
        public SampleCopy(string purpose)
        {
            Root = Path.Combine(Path.GetTempPath(), "saperly-e2e-" + purpose + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            CopyDirectory(RepoPaths.Samples, Path.Combine(Root, "samples"));
        }

        /// <summary>The temporary folder holding <c>samples/</c>.</summary>
        public string Root { get; }

        public string FleetFolder => Path.Combine(Root, "samples", "AgentFleet");

        public string Solution => Path.Combine(FleetFolder, "AgentFleet.sln");

        public string ProgramDll(string project) => Path.Combine(FleetFolder, project, "bin", "Debug", "net10.0", project + ".dll");

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A process may still hold a file for a moment; the temp folder is cleaned by the OS later.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private static void CopyDirectory(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var file in Directory.GetFiles(from))
            {
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            }

            foreach (var dir in Directory.GetDirectories(from))
            {
                var name = Path.GetFileName(dir);
                if (name is "bin" or "obj" or ".vs")
                {
                    continue;
                }

                CopyDirectory(dir, Path.Combine(to, name));
            }
        }
    }
}

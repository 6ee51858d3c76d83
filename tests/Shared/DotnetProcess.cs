using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;

namespace Saperly.Migration.Tests.Shared
{
    /// <summary>
    /// The real <c>dotnet</c> CLI as a child process, with an environment cleaned of this test host's own. One source file,
    /// compiled into each test project that runs the CLI (linked from tests/Shared).
    /// </summary>
    internal static class DotnetProcess
    {
        public static string Host =>
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

        /// <summary>A start description for <c>dotnet args…</c>; the caller redirects what it reads.</summary>
        public static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
        {
            var info = new ProcessStartInfo(Host)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            // The test host runs inside MSBuild/VSTest: its MSBuild* variables would point a nested build, or the
            // language server's MSBuild locator, at the test run's MSBuild instead of the SDK's.
            foreach (var name in info.Environment.Keys.ToList())
            {
                if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
                {
                    info.Environment.Remove(name);
                }
            }

            info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
            info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            info.Environment["DOTNET_NOLOGO"] = "1";
            info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
            if (environment != null)
            {
                foreach (var pair in environment)
                {
                    info.Environment[pair.Key] = pair.Value;
                }
            }

            return info;
        }

        /// <summary>Runs <c>dotnet args…</c> to the end and returns its exit code and merged output.</summary>
        public static (int ExitCode, string Output) Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
        {
            var info = StartInfo(workingDirectory, environment, args);
            var output = new StringBuilder("$ dotnet " + string.Join(" ", args) + Environment.NewLine);
            using var process = new Process { StartInfo = info };
            process.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit((int)TimeSpan.FromMinutes(10).TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("dotnet " + string.Join(" ", args) + " did not finish:" + Environment.NewLine + output);
            }

            process.WaitForExit(); // drains the redirected streams
            lock (output)
            {
                return (process.ExitCode, output.ToString());
            }
        }

        /// <summary>The folder that holds Saperly.Migration.sln (and .config/dotnet-tools.json).</summary>
        public static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Saperly.Migration.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("Saperly.Migration.sln not found above " + AppContext.BaseDirectory);
        }

        public static string TempFolder(string prefix)
        {
            var path = Path.Combine(Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(path);
            return path;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace Saperly.Migration.Tests.Infrastructure
{
    /// <summary>Runs the real <c>dotnet</c> CLI as a child process and captures its output.</summary>
    public static class DotNetCli
    {
        public static (int ExitCode, string Output) Run(string workingDirectory, IDictionary<string, string>? environment, params string[] args)
        {
            var info = new ProcessStartInfo("dotnet")
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

            // A child build must not join this test host's MSBuild node or inherit its test settings.
            info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
            info.Environment.Remove("MSBuildExtensionsPath");
            info.Environment.Remove("MSBuildSDKsPath");
            info.Environment.Remove("MSBUILD_EXE_PATH");
            if (environment != null)
            {
                foreach (var pair in environment)
                {
                    info.Environment[pair.Key] = pair.Value;
                }
            }

            var output = new StringBuilder();
            using var process = new Process { StartInfo = info };
            process.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit((int)TimeSpan.FromMinutes(8).TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("dotnet " + string.Join(" ", args) + " did not finish");
            }

            process.WaitForExit();
            lock (output)
            {
                return (process.ExitCode, output.ToString());
            }
        }

        /// <summary>The folder that holds Saperly.Migration.sln.</summary>
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

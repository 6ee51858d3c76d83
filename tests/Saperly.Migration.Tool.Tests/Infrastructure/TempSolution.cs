using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;

namespace Saperly.Migration.Tool.Tests.Infrastructure;

/// <summary>
/// A real solution on disk under the temp folder (so it inherits none of the repository's
/// Directory.*.props), restored with the real SDK, deleted when the test ends.
/// </summary>
public sealed class TempSolution : IDisposable
{
    public const string Net10Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
          </PropertyGroup>
        </Project>
        """;

    public TempSolution()
    {
        Root = Path.Combine(Path.GetTempPath(), "saperly-tool-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        Write("Directory.Build.props", "<Project />\n");
        Write("Directory.Packages.props", "<Project />\n");
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public TempSolution Write(string relative, string text) => WriteBytes(relative, new UTF8Encoding(false).GetBytes(text));

    public TempSolution WriteBytes(string relative, byte[] bytes)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return this;
    }

    public string Read(string relative) => File.ReadAllText(PathOf(relative));

    public byte[] ReadBytes(string relative) => File.ReadAllBytes(PathOf(relative));

    /// <summary>Adds a classic .sln listing the projects.</summary>
    public TempSolution WriteSln(string name, params string[] projects)
    {
        var sb = new StringBuilder("\r\nMicrosoft Visual Studio Solution File, Format Version 12.00\r\n# Visual Studio Version 17\r\n");
        var guids = projects.Select(_ => Guid.NewGuid().ToString("B").ToUpperInvariant()).ToArray();
        for (var i = 0; i < projects.Length; i++)
        {
            var projectName = Path.GetFileNameWithoutExtension(projects[i]);
            sb.Append($"Project(\"{{9A19103F-16F7-4668-BE54-9A1E7A4F7556}}\") = \"{projectName}\", \"{projects[i].Replace('/', '\\')}\", \"{guids[i]}\"\r\nEndProject\r\n");
        }

        sb.Append("Global\r\n\tGlobalSection(SolutionConfigurationPlatforms) = preSolution\r\n\t\tDebug|Any CPU = Debug|Any CPU\r\n\tEndGlobalSection\r\n");
        sb.Append("\tGlobalSection(ProjectConfigurationPlatforms) = postSolution\r\n");
        foreach (var guid in guids)
        {
            sb.Append($"\t\t{guid}.Debug|Any CPU.ActiveCfg = Debug|Any CPU\r\n\t\t{guid}.Debug|Any CPU.Build.0 = Debug|Any CPU\r\n");
        }

        sb.Append("\tEndGlobalSection\r\nEndGlobal\r\n");
        return Write(name, sb.ToString());
    }

    /// <summary>Adds an .slnx listing the projects.</summary>
    public TempSolution WriteSlnx(string name, params string[] projects) =>
        Write(name, "<Solution>\n" + string.Concat(projects.Select(p => $"  <Project Path=\"{p}\" />\n")) + "</Solution>\n");

    /// <summary>Restores what can be restored (a broken project in the set fails alone).</summary>
    public TempSolution Restore(params string[] projects)
    {
        foreach (var project in projects)
        {
            Run("dotnet", $"restore \"{PathOf(project)}\"");
        }

        return this;
    }

    /// <summary>Every file's bytes, to prove a run wrote nothing.</summary>
    public Dictionary<string, byte[]> SnapshotSources() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(Root, f), File.ReadAllBytes);

    public void Dispose()
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }

            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build host may still hold a file for a moment; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>Runs a process in the solution folder (with <paramref name="environment"/> added); returns its exit code and combined output.</summary>
    public (int ExitCode, string Output) Run(string fileName, string arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {arguments} timed out");
        }

        return (process.ExitCode, output.Result + error.Result);
    }
}

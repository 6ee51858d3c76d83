using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Saperly.Migration.Tool.Hosting;
using Saperly.Migration.Tool.Loading;
using Saperly.Migration.Tool.Progress;
using Saperly.Migration.Tool.Tests.Infrastructure;
using Xunit;

namespace Saperly.Migration.Tool.Tests;

/// <summary>
/// Issue 7: MSBuild's BuildHost process, which the workspace starts to load projects, runs without the
/// profile-guided JIT tier as the tool does, and the tool's own environment is left as it was.
/// </summary>
public sealed class BuildHostEnvironmentTests
{
    [Fact]
    public async Task The_build_host_inherits_tiered_pgo_off_and_the_variable_is_restored_after_loading()
    {
        // Reads the child's environment from /proc: the check needs Linux, where CI runs.
        Assert.True(OperatingSystem.IsLinux(), "this test reads /proc and runs on Linux");
        Assert.Null(Environment.GetEnvironmentVariable(WorkspaceLoader.TieredPgoVariable));
        MsBuildRegistration.EnsureRegistered();
        using var solution = Fixtures.App(("App/Plain.cs", "namespace App;\n\npublic static class Plain\n{\n}\n"));

        // The BuildHost lives while projects load: watch this process's children until loading ends.
        var environments = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        var load = WorkspaceLoader.LoadWithWorkspaceAsync(solution.PathOf("App/App.csproj"), new SilentProgress(), CancellationToken.None);
        while (!load.IsCompleted)
        {
            foreach (var pid in BuildHosts())
            {
                environments.TryAdd(pid, ReadOrEmpty($"/proc/{pid}/environ"));
            }

            await Task.Delay(10);
        }

        using var loaded = await load;

        Assert.Null(Environment.GetEnvironmentVariable(WorkspaceLoader.TieredPgoVariable));
        Assert.NotEmpty(environments);
        Assert.All(environments.Values, environ => Assert.Contains($"{WorkspaceLoader.TieredPgoVariable}=0\0", environ));
    }

    private static string[] BuildHosts()
    {
        var self = Environment.ProcessId.ToString();
        return [.. Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(pid => pid!.All(char.IsAsciiDigit))
            .Where(pid => ReadOrEmpty($"/proc/{pid}/stat").Split(' ').ElementAtOrDefault(3) == self
                && ReadOrEmpty($"/proc/{pid}/cmdline").Contains("BuildHost", StringComparison.Ordinal))
            .OfType<string>()];
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}

using System;
using System.IO;
using Saperly.Migration.Tool.Tests.Infrastructure;
using Xunit;

namespace Saperly.Migration.Tool.Tests;

/// <summary>The built tool as a separate process: Main registers MSBuild, wires the real rules and returns the exit code.</summary>
public sealed class ProcessTests
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "saperly-migrate.dll");

    [Fact]
    public void The_tool_process_checks_a_solution_with_the_real_rules()
    {
        using var solution = Fixtures.App(("App/Perm.cs", Fixtures.PermissionEnum));
        var before = solution.SnapshotSources();

        var (exit, output) = solution.Run("dotnet", $"\"{Tool}\" \"{solution.Root}\" --check --verbosity quiet");

        Assert.True(exit == 1, output);
        Assert.Contains("1 finding(s)", output);
        Assert.Equal(before, solution.SnapshotSources());
    }

    [Fact]
    public void The_tool_process_runs_without_the_profile_guided_tier()
    {
        // The tool's runtimeconfig turns the tier off (a third of the CPU on large solutions went to it);
        // the detailed timings say what the running process was given.
        using var solution = Fixtures.App(("App/Perm.cs", Fixtures.PermissionEnum));

        var (exit, output) = solution.Run("dotnet", $"\"{Tool}\" \"{solution.Root}\" --check --no-progress --verbosity detailed");

        Assert.True(exit == 1, output);
        Assert.Contains("tiered PGO off)", output);
    }

    [Fact]
    public void The_tool_process_answers_bad_input_with_exit_2_and_one_line()
    {
        using var folder = new TempSolution();

        var (exit, output) = folder.Run("dotnet", $"\"{Tool}\" \"{folder.PathOf("missing")}\"");

        Assert.True(exit == 2, output);
        Assert.StartsWith("error: ", output);
        Assert.Single(output.Trim().Split('\n'));
    }
}

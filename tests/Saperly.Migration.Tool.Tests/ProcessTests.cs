using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
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
    public async Task Ctrl_C_exits_130_and_leaves_every_file_whole()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // No SIGINT to send to another process; the in-process test covers the cancellation itself.
        }

        using var solution = Fixtures.App(("App/A.cs", Fixtures.PermissionEnum), ("App/B.cs", Fixtures.PermissionEnum.Replace("namespace App;", "namespace App.B;")));
        var before = solution.SnapshotSources();
        var info = new ProcessStartInfo("dotnet", $"\"{Tool}\" \"{solution.Root}\" --apply --no-progress")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();

        // The first phase line is printed as the load starts, seconds before anything could be written: press Ctrl+C then.
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync()) is not null && !line.StartsWith("[load]", StringComparison.Ordinal))
        {
        }

        Assert.NotNull(line);
        using (var kill = Process.Start("kill", $"-INT {process.Id}"))
        {
            await kill.WaitForExitAsync();
        }

        var rest = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var stderr = await error;

        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}\n{rest}\n{stderr}");
        Assert.Contains("cancelled", stderr);
        Assert.DoesNotContain(" at ", stderr);
        var after = solution.SnapshotSources();
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (path, bytes) in after)
        {
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            Assert.True(bytes.AsSpan().SequenceEqual(before[path]) || text.Contains("ReadOnly,\n    LegacyFull\n}"), path);
        }
    }

    [Fact]
    public void A_run_without_the_speed_mechanisms_finds_and_writes_the_same()
    {
        // bench/mechanisms.sh turns them off to measure what each saves: only the time may differ. The key listing's
        // fix edits a body (the partial gate's case), the enum's a declaration (the whole-project gate's).
        (string, string)[] files = [("App/Perm.cs", Fixtures.PermissionEnum), ("App/Keys.cs", Fixtures.KeyListing)];
        using var on = Fixtures.App(files);
        using var off = Fixtures.App(files);
        var before = on.SnapshotSources();

        var (exitOn, outputOn) = on.Run("dotnet", $"\"{Tool}\" \"{on.Root}\" --apply --no-progress --verbosity detailed");
        var (exitOff, outputOff) = off.Run(
            "dotnet",
            $"\"{Tool}\" \"{off.Root}\" --apply --no-progress --verbosity detailed",
            new Dictionary<string, string> { ["SAPERLY_MIGRATE_OFF"] = "warmup,generators,partial-gate,nullable" });

        Assert.True(exitOn == 0, outputOn);
        Assert.True(exitOff == 0, outputOff);
        var written = on.SnapshotSources();
        Assert.NotEqual(before[Path.Combine("App", "Keys.cs")], written[Path.Combine("App", "Keys.cs")]);
        Assert.NotEqual(before[Path.Combine("App", "Perm.cs")], written[Path.Combine("App", "Perm.cs")]);
        var writtenOff = off.SnapshotSources();
        Assert.Equal(written.Keys.Order(), writtenOff.Keys.Order());
        foreach (var (path, bytes) in written)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(writtenOff[path]), path);
        }

        // The switches took effect: with the filter off no analyzer reference is left out.
        Assert.Matches(@"analyzer references: \d+ kept for their source generators, [1-9]\d* left out", outputOn);
        Assert.Contains("analyzer references:", outputOff);
        Assert.Matches(@"analyzer references: \d+ kept for their source generators, 0 left out", outputOff);
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

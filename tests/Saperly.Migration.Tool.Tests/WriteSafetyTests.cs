using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Saperly.Migration.Tool.Cli;
using Saperly.Migration.Tool.Tests.Infrastructure;
using Saperly.Migration.Tool.Tests.TestRules;
using Saperly.Migration.Tool.Writing;
using Xunit;

namespace Saperly.Migration.Tool.Tests;

/// <summary>Issue 8: nothing is ever lost: read-only files, files edited meanwhile, encodings, crashes and Ctrl+C.</summary>
public sealed class WriteSafetyTests
{
    private static string Enum(string ns) => Fixtures.PermissionEnum.Replace("namespace App;", $"namespace App.{ns};");

    [Fact]
    public async Task A_read_only_file_is_reported_and_not_written_and_the_rest_is()
    {
        using var solution = Fixtures.App(("App/A.cs", Enum("A")), ("App/B.cs", Enum("B")));
        File.SetAttributes(solution.PathOf("App/B.cs"), FileAttributes.ReadOnly);
        var original = solution.ReadBytes("App/B.cs");

        var run = await ToolRun.WithTestRulesAsync(solution.Root, "--apply");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("LegacyFull", solution.Read("App/A.cs"));
        Assert.Equal(original, solution.ReadBytes("App/B.cs"));
        Assert.Contains("App/B.cs", run.Error);
        Assert.Contains("read-only", run.Error);
    }

    [Fact]
    public async Task A_file_changed_on_disk_after_loading_is_not_overwritten()
    {
        using var solution = Fixtures.App(("App/A.cs", Enum("A")), ("App/B.cs", Enum("B")));
        var services = new ToolServices
        {
            Rules = TestCatalog.Create,
            OnPhase = phase =>
            {
                if (phase == "write")
                {
                    File.AppendAllText(solution.PathOf("App/B.cs"), "// edited by a person meanwhile\n");
                }
            },
        };

        var run = await ToolRun.RunAsync(services, CancellationToken.None, solution.Root, "--apply");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("LegacyFull", solution.Read("App/A.cs"));
        Assert.EndsWith("// edited by a person meanwhile\n", solution.Read("App/B.cs"));
        Assert.DoesNotContain("LegacyFull", solution.Read("App/B.cs"));
        Assert.Contains("App/B.cs", run.Error);
        Assert.Contains("changed on disk", run.Error);
    }

    [Fact]
    public async Task Encodings_bom_and_newlines_are_preserved_and_latin1_is_left_alone()
    {
        var crlfBom = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Enum("Crlf").Replace("\n", "\r\n") + "// café\r\n")).ToArray();
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Enum("Utf16") + "// ünïcode\n")).ToArray();
        var latin1 = Encoding.Latin1.GetBytes(Enum("Latin") + "// costs £5\n");
        var mixed = Encoding.UTF8.GetBytes("namespace App.Mixed;\r\npublic enum KeyPermission\n{\r\n    Full,\r\n    ReadOnly\r\n}\n// trailing LF line\n");
        using var solution = Fixtures.App();
        solution.WriteBytes("App/Crlf.cs", crlfBom).WriteBytes("App/Utf16.cs", utf16).WriteBytes("App/Latin.cs", latin1).WriteBytes("App/Mixed.cs", mixed);

        var run = await ToolRun.WithTestRulesAsync(solution.Root, "--apply");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("App/Latin.cs", run.Error);
        Assert.Contains("not valid UTF-8", run.Error);
        Assert.Equal(latin1, solution.ReadBytes("App/Latin.cs"));

        var crlf = solution.ReadBytes("App/Crlf.cs");
        Assert.Equal(Encoding.UTF8.GetPreamble(), crlf[..3]);
        var crlfText = Encoding.UTF8.GetString(crlf[3..]);
        Assert.Contains("    ReadOnly,\r\n    LegacyFull\r\n}", crlfText);
        Assert.DoesNotContain("\n", crlfText.Replace("\r\n", string.Empty));
        Assert.EndsWith("// café\r\n", crlfText);

        var wide = solution.ReadBytes("App/Utf16.cs");
        Assert.Equal(Encoding.Unicode.GetPreamble(), wide[..2]);
        Assert.Contains("    ReadOnly,\n    LegacyFull\n}", Encoding.Unicode.GetString(wide[2..]));
        Assert.EndsWith("// ünïcode\n", Encoding.Unicode.GetString(wide[2..]));

        // Untouched lines keep their own terminators; the inserted line takes the file's dominant one (CRLF).
        Assert.Equal("namespace App.Mixed;\r\npublic enum KeyPermission\n{\r\n    Full,\r\n    ReadOnly,\r\n    LegacyFull\r\n}\n// trailing LF line\n", Encoding.UTF8.GetString(solution.ReadBytes("App/Mixed.cs")));
    }

    [Fact]
    public async Task A_crash_in_the_writer_leaves_every_file_original_or_migrated_and_a_rerun_finishes()
    {
        using var solution = Fixtures.App(("App/A.cs", Enum("A")), ("App/B.cs", Enum("B")), ("App/C.cs", Enum("C")));
        var originals = new[] { "A", "B", "C" }.ToDictionary(n => n, n => solution.ReadBytes($"App/{n}.cs"));
        var renames = 0;
        var faulty = new AtomicFileCommitter
        {
            BeforeRename = temp =>
            {
                if (++renames == 2)
                {
                    throw new InvalidOperationException($"injected fault: the process dies mid-write of {Fixtures.LiveKey}");
                }
            },
        };

        var crashed = await ToolRun.RunAsync(new ToolServices { Rules = TestCatalog.Create, Committer = faulty }, CancellationToken.None, solution.Root, "--apply");

        Assert.True(crashed.ExitCode == 3, crashed.ToString());
        Assert.Contains("injected fault", crashed.Error);
        Assert.DoesNotContain(" at ", crashed.Error);
        Assert.Contains("mid-write of sk_live_…", crashed.Error);
        foreach (var name in originals.Keys)
        {
            var bytes = solution.ReadBytes($"App/{name}.cs");
            Assert.True(bytes.SequenceEqual(originals[name]) || Encoding.UTF8.GetString(bytes).Contains("    ReadOnly,\n    LegacyFull\n}"), name);
        }

        Assert.Empty(Directory.EnumerateFiles(solution.Root, "*.saperly-tmp", SearchOption.AllDirectories));
        Assert.Equal(1, new[] { "A", "B", "C" }.Count(n => solution.Read($"App/{n}.cs").Contains("LegacyFull")));

        var rerun = await ToolRun.WithTestRulesAsync(solution.Root, "--apply");
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.All(new[] { "A", "B", "C" }, n => Assert.Contains("LegacyFull", solution.Read($"App/{n}.cs")));
    }

    [Fact]
    public async Task Cancellation_stops_between_files_and_a_rerun_finishes()
    {
        using var solution = Fixtures.App(("App/A.cs", Enum("A")), ("App/B.cs", Enum("B")), ("App/C.cs", Enum("C")));
        using var cancellation = new CancellationTokenSource();
        var committer = new CancellingCommitter(new AtomicFileCommitter(), cancellation);

        var cancelled = await ToolRun.RunAsync(new ToolServices { Rules = TestCatalog.Create, Committer = committer }, cancellation.Token, solution.Root, "--apply");

        Assert.True(cancelled.ExitCode == 130, cancelled.ToString());
        Assert.Contains("cancelled", cancelled.Error);
        Assert.Equal(1, new[] { "A", "B", "C" }.Count(n => solution.Read($"App/{n}.cs").Contains("LegacyFull")));

        var rerun = await ToolRun.WithTestRulesAsync(solution.Root, "--apply");
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.All(new[] { "A", "B", "C" }, n => Assert.Contains("LegacyFull", solution.Read($"App/{n}.cs")));
    }

    /// <summary>Presses Ctrl+C right after the first file is written.</summary>
    private sealed class CancellingCommitter(IFileCommitter inner, CancellationTokenSource cancellation) : IFileCommitter
    {
        public void Commit(string path, byte[] contents)
        {
            inner.Commit(path, contents);
            cancellation.Cancel();
        }
    }
}

using System.IO;
using System.Threading.Tasks;
using Saperly.Migration.Tool.Tests.Infrastructure;
using Xunit;

namespace Saperly.Migration.Tool.Tests;

/// <summary>Issue 8: bad input gets exit 2 and one line naming the problem, never a stack trace.</summary>
public sealed class BadInputTests
{
    [Fact]
    public async Task Help_documents_every_option_and_the_exit_codes()
    {
        var run = await ToolRun.WithTestRulesAsync("--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var expected in new[] { "PATH", "--apply", "--check", "--diagnostics", "--report", "--include", "--exclude", "--verbosity", "--no-progress", "Exit codes", "0  success", "1  --check", "2  bad input", "3  partial", "130  cancelled", "q[uiet], m[inimal], n[ormal], d[etailed] and diag[nostic]" })
        {
            Assert.Contains(expected, run.Output);
        }
    }

    [Fact]
    public async Task Missing_path() => AssertBadInput(await ToolRun.WithTestRulesAsync(Path.Combine(Path.GetTempPath(), "no-such-folder-4711")), "does not exist");

    [Fact]
    public async Task Folder_without_solution_or_project()
    {
        using var folder = new TempSolution();
        AssertBadInput(await ToolRun.WithTestRulesAsync(folder.Root), "holds no solution");
    }

    [Fact]
    public async Task Folder_with_several_solutions()
    {
        using var folder = new TempSolution().WriteSlnx("A.slnx").WriteSlnx("B.slnx");
        AssertBadInput(await ToolRun.WithTestRulesAsync(folder.Root), "several solutions");
    }

    [Fact]
    public async Task Folder_with_several_projects_and_no_solution()
    {
        using var folder = new TempSolution().Write("A.csproj", TempSolution.Net10Project).Write("B.csproj", TempSolution.Net10Project);
        AssertBadInput(await ToolRun.WithTestRulesAsync(folder.Root), "several projects");
    }

    [Fact]
    public async Task Unknown_extension()
    {
        using var folder = new TempSolution().Write("App.vbproj", "<Project />");
        AssertBadInput(await ToolRun.WithTestRulesAsync(folder.PathOf("App.vbproj")), "unknown extension");
    }

    [Theory]
    [InlineData("--frobnicate")]
    [InlineData("--verbosity", "chatty")]
    [InlineData("-v", "x")]
    [InlineData("--verbosity")]
    [InlineData("--diagnostics", "SAP001,NOPE1")]
    [InlineData("--report", "out.txt", "--apply", "--check")]
    [InlineData("--diagnostics", "SAP999")]
    [InlineData("--report", "out.txt")]
    [InlineData("--apply", "--check")]
    public async Task Bad_options(params string[] options)
    {
        using var folder = new TempSolution().Write("App/App.csproj", TempSolution.Net10Project);
        AssertBadInput(await ToolRun.WithTestRulesAsync([folder.PathOf("App/App.csproj"), .. options]), string.Empty);
    }

    private static void AssertBadInput(ToolRun run, string expected)
    {
        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(run.Error.Trim().Split('\n'));
        Assert.StartsWith("error: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain(" at ", run.All);
        Assert.Equal(string.Empty, run.Output);
    }
}

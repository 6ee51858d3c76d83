using System.Threading.Tasks;
using Saperly.Migration.Tool.Tests.Infrastructure;
using Xunit;

namespace Saperly.Migration.Tool.Tests;

/// <summary>Issue 4: PATH may be a .sln, .slnx, .slnf, .csproj, or a folder holding one of them.</summary>
public sealed class SolutionFormatTests
{
    [Theory]
    [InlineData("App.sln")]
    [InlineData("App.slnx")]
    [InlineData("App.slnf")]
    [InlineData("App/App.csproj")]
    [InlineData("")]
    public async Task Every_input_kind_loads_and_is_migrated(string input)
    {
        using var solution = new TempSolution()
            .Write("App/App.csproj", TempSolution.Net10Project)
            .Write("App/Perm.cs", Fixtures.PermissionEnum)
            .Write("Other/Other.csproj", TempSolution.Net10Project)
            .Write("Other/Perm.cs", Fixtures.PermissionEnum.Replace("namespace App;", "namespace Other;"));
        switch (input)
        {
            case "App.sln":
                solution.WriteSln("App.sln", "App/App.csproj");
                break;
            case "App.slnf":
                solution.WriteSln("All.sln", "App/App.csproj", "Other/Other.csproj")
                    .Write("App.slnf", "{\n  \"solution\": {\n    \"path\": \"All.sln\",\n    \"projects\": [ \"App\\\\App.csproj\" ]\n  }\n}\n");
                break;
            default:
                solution.WriteSlnx("App.slnx", "App/App.csproj");
                break;
        }

        solution.Restore("App/App.csproj");

        var run = input.Length == 0 ? await InCurrentFolderAsync(solution.Root, "--apply") : await ToolRun.WithTestRulesAsync(solution.PathOf(input), "--apply");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("LegacyFull", solution.Read("App/Perm.cs"));
        Assert.DoesNotContain("LegacyFull", solution.Read("Other/Perm.cs"));
    }

    /// <summary>No PATH: the tool takes the current folder (tests run one at a time, so changing it is safe).</summary>
    private static async Task<ToolRun> InCurrentFolderAsync(string folder, params string[] args)
    {
        var previous = System.IO.Directory.GetCurrentDirectory();
        System.IO.Directory.SetCurrentDirectory(folder);
        try
        {
            return await ToolRun.WithTestRulesAsync(args);
        }
        finally
        {
            System.IO.Directory.SetCurrentDirectory(previous);
        }
    }
}

using System.IO;
using System.Threading.Tasks;
using Saperly.Migration.Tool.Loading;
using Saperly.Migration.Tool.Tests.Infrastructure;
using Xunit;

namespace Saperly.Migration.Tool.Tests;

/// <summary>Issue 22, item 2: the tool restores what it needs first, as <c>dotnet format</c> does, and says so.</summary>
public sealed class RestoreTests
{
    [Fact]
    public async Task A_fresh_clone_is_restored_then_migrated()
    {
        using var solution = new TempSolution()
            .Write("App/App.csproj", TempSolution.Net10Project)
            .Write("App/Perm.cs", Fixtures.PermissionEnum)
            .WriteSlnx("App.slnx", "App/App.csproj");
        Assert.False(File.Exists(solution.PathOf("App/obj/project.assets.json")));

        var run = await ToolRun.WithTestRulesAsync(solution.Root, "--apply");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("[restore] restoring packages (1 project(s) not restored: App)", run.Output);
        Assert.True(File.Exists(solution.PathOf("App/obj/project.assets.json")));
        Assert.Contains("LegacyFull", solution.Read("App/Perm.cs"));
    }

    [Fact]
    public async Task A_restored_solution_is_not_restored_again()
    {
        using var solution = Fixtures.App(("App/Perm.cs", Fixtures.PermissionEnum));

        var run = await ToolRun.WithTestRulesAsync(solution.Root, "--check");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.DoesNotContain("[restore]", run.Output);
    }

    [Fact]
    public void A_project_file_newer_than_its_assets_is_restored_again()
    {
        using var solution = Fixtures.App(("App/Perm.cs", Fixtures.PermissionEnum));
        File.SetLastWriteTimeUtc(solution.PathOf("App/App.csproj"), File.GetLastWriteTimeUtc(solution.PathOf("App/obj/project.assets.json")).AddMinutes(1));

        Assert.Equal([solution.PathOf("App/App.csproj")], PackageRestore.ProjectsToRestore(solution.PathOf("App.slnx")));
    }

    [Fact]
    public async Task A_package_that_cannot_be_restored_is_named_per_project_and_nothing_is_written()
    {
        using var solution = new TempSolution()
            .Write("App/App.csproj", TempSolution.Net10Project.Replace("</Project>", "  <ItemGroup>\n    <PackageReference Include=\"Contoso.NeverPublished.Saperly\" Version=\"1.0.0\" />\n  </ItemGroup>\n</Project>"))
            .Write("App/Perm.cs", Fixtures.PermissionEnum)
            .Write("Good/Good.csproj", TempSolution.Net10Project)
            .Write("Good/Perm.cs", Fixtures.PermissionEnum.Replace("namespace App;", "namespace Good;"))
            .WriteSlnx("Two.slnx", "App/App.csproj", "Good/Good.csproj");
        var before = solution.Read("App/Perm.cs");

        var run = await ToolRun.WithTestRulesAsync(solution.Root, "--apply");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Matches(@"restore: App: restore failed: NU1101: [^\n]*Contoso\.NeverPublished\.Saperly[^\n]*; not migrated", run.Error);
        Assert.DoesNotContain("load: App: not restored", run.Error);
        Assert.Equal(before, solution.Read("App/Perm.cs"));
        Assert.Contains("LegacyFull", solution.Read("Good/Perm.cs"));
    }

    [Fact]
    public void Restore_errors_are_attributed_to_their_projects_once()
    {
        const string output = """
            /src/App/App.csproj : error NU1101: Unable to find package Contoso.X. No packages exist with this id in source(s): feed [/src/All.sln]
            /src/App/App.csproj : error NU1101: Unable to find package Contoso.Y. No packages exist with this id in source(s): feed [/src/All.sln]
            /src/Lib/Lib.csproj : error NU1301: Unable to load the service index for source https://feed.example/v3/index.json. [/src/All.sln]
            /src/All.sln : warning NU1900: Error occurred while getting package vulnerability data
            """;

        var failures = PackageRestore.Failures(output);

        Assert.Equal(2, failures.Count);
        Assert.Equal(("App", "restore failed: NU1101: Unable to find package Contoso.X. No packages exist with this id in source(s): feed; not migrated"), failures[0]);
        Assert.Equal("Lib", failures[1].Project);
        Assert.StartsWith("restore failed: NU1301: Unable to load the service index", failures[1].Message);
    }
}

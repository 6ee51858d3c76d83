using System.Threading.Tasks;
using Saperly.Migration.Tool.Tests.Infrastructure;
using Xunit;

namespace Saperly.Migration.Tool.Tests;

/// <summary>Issue 4 and 8: the compile gate over every project and target framework, and projects that do not load.</summary>
public sealed class CompileGateAndLoadingTests
{
    private const string MultiTargetLib = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFrameworks>netstandard2.0;net10.0</TargetFrameworks>
            <LangVersion>latest</LangVersion>
          </PropertyGroup>
          <ItemGroup>
            <Compile Include="../Shared/*.cs" Link="Shared/%(Filename)%(Extension)" />
          </ItemGroup>
        </Project>
        """;

    private const string AppLinkingShared = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
          </PropertyGroup>
          <ItemGroup>
            <Compile Include="../Shared/*.cs" Link="Shared/%(Filename)%(Extension)" />
          </ItemGroup>
        </Project>
        """;

    [Fact]
    public async Task Gate_checks_every_target_framework_and_linking_project_and_writes_shared_files_once()
    {
        using var solution = new TempSolution()
            .Write("Lib/Lib.csproj", MultiTargetLib)
            .Write("App/App.csproj", AppLinkingShared)
            .Write("Shared/Perm.cs", "namespace Shared;\n\npublic enum KeyPermission\n{\n    Full,\n    ReadOnly\n}\n")
            .Write("Shared/Gate.cs", "namespace Shared;\n\npublic class NeedsGate\n{\n}\n")
            .Write("App/Breaks.cs", "namespace App;\n\npublic class Breaks\n{\n}\n")
            .Write("App/Ok.cs", "namespace App;\n\npublic class NeedsGate\n{\n}\n")
            .WriteSln("Gate.sln", "Lib/Lib.csproj", "App/App.csproj")
            .Restore("Gate.sln");

        var run = await ToolRun.WithTestRulesAsync(solution.Root, "--apply");

        Assert.True(run.ExitCode == 3, run.ToString());

        // Valid for every target: one change, written once, seen by all three compilations.
        Assert.Equal("namespace Shared;\n\npublic enum KeyPermission\n{\n    Full,\n    ReadOnly,\n    LegacyFull\n}\n", solution.Read("Shared/Perm.cs"));

        // System.Threading.Lock exists on net10.0 only: the netstandard2.0 build would break, so the shared file is withheld...
        Assert.Equal("namespace Shared;\n\npublic class NeedsGate\n{\n}\n", solution.Read("Shared/Gate.cs"));
        Assert.Matches(@"withheld: Shared/Gate\.cs: would add CS\d+ in Lib\(netstandard2\.0\)", run.Error);

        // ...while the same fix in a net10.0-only file goes ahead.
        Assert.Contains("System.Threading.Lock _gate", solution.Read("App/Ok.cs"));

        // A fix that does not compile anywhere is withheld with the compiler's error.
        Assert.Equal("namespace App;\n\npublic class Breaks\n{\n}\n", solution.Read("App/Breaks.cs"));
        Assert.Contains("withheld: App/Breaks.cs: would add CS0246", run.Error);
        Assert.Contains("MissingType", run.Error);
    }

    [Fact]
    public async Task Projects_that_do_not_load_are_named_and_the_rest_is_migrated()
    {
        using var solution = new TempSolution()
            .Write("Good/Good.csproj", TempSolution.Net10Project)
            .Write("Good/Perm.cs", Fixtures.PermissionEnum)
            .Write("Malformed/Malformed.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net10.0\n</Project>\n")
            .Write("Malformed/Perm.cs", Fixtures.PermissionEnum)
            .Write("NoSdk/NoSdk.csproj", "<Project Sdk=\"Contoso.Missing.Sdk/1.0.0\">\n</Project>\n")
            .Write("MissingRef/MissingRef.csproj", TempSolution.Net10Project.Replace("</Project>", "  <ItemGroup>\n    <ProjectReference Include=\"../Gone/Gone.csproj\" />\n  </ItemGroup>\n</Project>"))
            .Write("MissingRef/Perm.cs", Fixtures.PermissionEnum.Replace("namespace App;", "namespace MissingRef;"))
            .WriteSln("Mixed.sln", "Good/Good.csproj", "Malformed/Malformed.csproj", "NoSdk/NoSdk.csproj", "MissingRef/MissingRef.csproj", "Absent/Absent.csproj")
            .Restore("Good/Good.csproj");

        var run = await ToolRun.WithTestRulesAsync(solution.Root, "--apply");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("LegacyFull", solution.Read("Good/Perm.cs"));
        Assert.DoesNotContain("LegacyFull", solution.Read("Malformed/Perm.cs"));
        foreach (var project in new[] { "Malformed", "NoSdk", "MissingRef", "Absent" })
        {
            Assert.Contains($"load: {project}:", run.Error);
        }

        Assert.DoesNotContain(" at Microsoft.", run.All);
    }

    [Fact]
    public async Task A_project_that_was_never_restored_is_named_with_the_advice_to_restore_under_no_restore()
    {
        using var solution = new TempSolution()
            .Write("App/App.csproj", TempSolution.Net10Project.Replace("</Project>", "  <ItemGroup>\n    <PackageReference Include=\"Contoso.NeverRestored\" Version=\"1.0.0\" />\n  </ItemGroup>\n</Project>"))
            .Write("App/Perm.cs", Fixtures.PermissionEnum + "\npublic static class UsesPackage\n{\n    public static object Make() => new Contoso.NeverRestored.Client();\n}\n")
            .WriteSlnx("App.slnx", "App/App.csproj");
        var before = solution.SnapshotSources();

        var run = await ToolRun.WithTestRulesAsync(solution.Root, "--apply", "--no-restore");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("load: App: not restored", run.Error);
        Assert.Contains("dotnet restore", run.Error);
        Assert.Equal(before, solution.SnapshotSources());
    }

    [Fact]
    public async Task A_solution_msbuild_cannot_open_at_all_is_one_error_line_and_nothing_is_written()
    {
        // The solution's global.json selects an SDK that is not installed: MSBuild's BuildHost cannot start for it.
        using var solution = Fixtures.App(("App/Perm.cs", Fixtures.PermissionEnum))
            .Write("global.json", "{\"sdk\": {\"version\": \"8.0.100\", \"rollForward\": \"disable\"}}\n");
        var before = solution.SnapshotSources();

        var run = await ToolRun.WithTestRulesAsync(solution.PathOf("App.slnx"), "--apply");

        Assert.True(run.ExitCode == 3, run.ToString());
        var line = Assert.Single(run.Error.Trim().Split('\n'));
        Assert.StartsWith("error: MSBuild could not open App.slnx: ", line);
        Assert.Contains("8.0.100", line);
        Assert.DoesNotContain(" at ", run.All);
        Assert.Equal(before, solution.SnapshotSources());
    }

    private const string NeedsName = "namespace App;\n\npublic class NeedsName\n{\n}\n";

    [Theory]
    [InlineData("<WarningsAsErrors>nullable</WarningsAsErrors>", null)]
    [InlineData("<TreatWarningsAsErrors>true</TreatWarningsAsErrors>", null)]
    [InlineData("", "[*.cs]\ndotnet_diagnostic.CS8618.severity = error\n")]
    public async Task A_fix_that_adds_a_nullable_warning_is_withheld_where_nullable_warnings_are_errors(string property, string? editorConfig)
    {
        // The analysis skips nullable flow analysis only where no nullable warning can be an error.
        using var solution = new TempSolution()
            .Write("App/App.csproj", TempSolution.Net10Project.Replace("<Nullable>enable</Nullable>", "<Nullable>enable</Nullable>" + property))
            .Write("App/NeedsName.cs", NeedsName);
        if (editorConfig is not null)
        {
            solution.Write(".editorconfig", "root = true\n" + editorConfig);
        }

        solution.WriteSlnx("App.slnx", "App/App.csproj").Restore("App/App.csproj");

        var run = await ToolRun.WithTestRulesAsync(solution.Root, "--apply");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Equal(NeedsName, solution.Read("App/NeedsName.cs"));
        Assert.Contains("would add CS8618", run.Error);
    }

    [Fact]
    public async Task A_fix_that_adds_a_nullable_warning_goes_ahead_where_warnings_stay_warnings()
    {
        using var solution = Fixtures.App(("App/NeedsName.cs", NeedsName));

        var run = await ToolRun.WithTestRulesAsync(solution.Root, "--apply");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("private string _name;", solution.Read("App/NeedsName.cs"));
    }
}

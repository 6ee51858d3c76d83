using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Saperly.Migration.Tool.Hosting;
using Saperly.Migration.Tool.Loading;
using Saperly.Migration.Tool.Progress;
using Saperly.Migration.Tool.Tests.Infrastructure;
using Xunit;

namespace Saperly.Migration.Tool.Tests;

/// <summary>
/// Issue 7: the in-process design-time build gives the solution MSBuildWorkspace gives (same projects, documents,
/// references, options and compiler diagnostics), and hands every case it does not handle to MSBuildWorkspace.
/// </summary>
public sealed class InProcessLoadTests
{
    private const string Lib = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFrameworks>netstandard2.0;net10.0</TargetFrameworks>
            <LangVersion>latest</LangVersion>
            <DefineConstants>$(DefineConstants);SAPERLY_LIB</DefineConstants>
            <RootNamespace>Contoso.Lib</RootNamespace>
          </PropertyGroup>
          <ItemGroup>
            <Compile Include="../Shared/*.cs" Link="Linked/%(Filename)%(Extension)" />
            <AdditionalFiles Include="allow.txt" />
          </ItemGroup>
        </Project>
        """;

    private const string App = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <AssemblyName>Contoso.App</AssemblyName>
            <NoWarn>$(NoWarn);CS0168</NoWarn>
            <WarningsAsErrors>nullable</WarningsAsErrors>
          </PropertyGroup>
          <ItemGroup>
            <ProjectReference Include="../Lib/Lib.csproj" Aliases="global,LibAlias" />
          </ItemGroup>
        </Project>
        """;

    private const string Tool = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
          </PropertyGroup>
        </Project>
        """;

    [Fact]
    public async Task The_in_process_load_gives_the_solution_msbuildworkspace_gives()
    {
        MsBuildRegistration.EnsureRegistered();
        using var solution = new TempSolution()
            .Write("Lib/Lib.csproj", Lib)
            .Write("Lib/allow.txt", "call_only\n")
            .Write("Lib/Sub/Deep.cs", "namespace Contoso.Lib.Sub;\n\npublic static class Deep\n{\n#if SAPERLY_LIB\n    public const int Value = 1;\n#endif\n}\n")
            .Write("Shared/Perm.cs", "namespace Shared;\n\npublic enum KeyPermission\n{\n    Full,\n    ReadOnly\n}\n")
            .Write("App/App.csproj", App)
            .Write("App/Program.cs", "using System.Text.RegularExpressions;\n\nConsole.WriteLine(Contoso.Lib.Sub.Deep.Value + Digits.Pattern().Count(\"a1\"));\nstring s = null;\n\npartial class Digits\n{\n    [GeneratedRegex(\"[0-9]\")]\n    public static partial Regex Pattern();\n}\n\nclass Holder\n{\n    public string Name { get; set; }\n}\n")
            .Write(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.CS8618.severity = error\n")
            .Write("Tool/Tool.csproj", Tool)
            .Write("Tool/Only.cs", "namespace Tool;\n\npublic static class Only\n{\n}\n")
            .WriteSln("All.sln", "App/App.csproj", "Tool/Tool.csproj")
            .Restore("All.sln", "Lib/Lib.csproj");
        var input = solution.PathOf("All.sln");
        var steps = new RecordingProgress();

        using var inProcess = await WorkspaceLoader.LoadInProcessAsync(input, steps, CancellationToken.None);
        using var workspace = await WorkspaceLoader.LoadWithWorkspaceAsync(input, new SilentProgress(), CancellationToken.None);

        Assert.NotNull(inProcess);
        Assert.DoesNotContain(steps.Steps, s => s.Contains("MSBuildWorkspace", StringComparison.Ordinal));
        Assert.Empty(workspace.Failures);

        // Lib is not in the solution: both load it because App references it, once per target framework.
        var expected = Describe(workspace.Solution);
        var actual = Describe(inProcess!.Solution);
        Assert.Equal(["App", "Lib(net10.0)", "Lib(netstandard2.0)", "Tool"], expected.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var name in expected.Keys)
        {
            Assert.Equal(expected[name], actual[name]);
        }

        // Same compilations: the same errors and warnings, and the generator ran in both.
        foreach (var project in workspace.Solution.Projects)
        {
            var other = inProcess.Solution.Projects.Single(p => p.Name == project.Name);
            var theirs = await project.GetCompilationAsync();
            var ours = await other.GetCompilationAsync();
            Assert.Equal(theirs!.SyntaxTrees.Count(), ours!.SyntaxTrees.Count());
            Assert.Equal(Diagnostics(theirs), Diagnostics(ours));
            Assert.Equal([], Differences(project.CompilationOptions!, other.CompilationOptions!));
            Assert.Equal(project.ParseOptions, other.ParseOptions);
        }

        var app = await inProcess.Solution.Projects.Single(p => p.Name == "App").GetCompilationAsync();
        Assert.Contains(app!.SyntaxTrees, t => t.FilePath.Contains("RegexGenerator", StringComparison.Ordinal));
        Assert.Contains(Diagnostics(app), d => d.StartsWith("CS8600 Error", StringComparison.Ordinal));
        Assert.Contains(Diagnostics(app), d => d.StartsWith("CS8618 Error", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("App.sln", "App,Other")]
    [InlineData("App.slnx", "App,Other")]
    [InlineData("App.slnf", "App")]
    [InlineData("Other/Other.csproj", "Other")]
    public async Task Every_input_kind_is_built_in_process_with_the_projects_it_names(string input, string projects)
    {
        MsBuildRegistration.EnsureRegistered();
        using var solution = new TempSolution()
            .Write("App/App.csproj", TempSolution.Net10Project)
            .Write("App/Perm.cs", Fixtures.PermissionEnum)
            .Write("Other/Other.csproj", TempSolution.Net10Project)
            .Write("Other/Perm.cs", Fixtures.PermissionEnum.Replace("namespace App;", "namespace Other;"))
            .WriteSln("App.sln", "App/App.csproj", "Other/Other.csproj")
            .WriteSlnx("App.slnx", "App/App.csproj", "Other/Other.csproj")
            .Write("App.slnf", "{\n  \"solution\": {\n    \"path\": \"App.sln\",\n    \"projects\": [ \"App\\\\App.csproj\" ]\n  }\n}\n")
            .Restore("App.sln");
        var steps = new RecordingProgress();

        using var loaded = await WorkspaceLoader.LoadInProcessAsync(solution.PathOf(input), steps, CancellationToken.None);

        Assert.True(loaded is not null, string.Join("\n", steps.Steps));
        Assert.Equal(projects.Split(','), loaded.Solution.Projects.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(loaded.Solution.Projects, p => Assert.Contains(p.Documents, d => d.Name == "Perm.cs"));
    }

    [Theory]
    [InlineData("10.0.100", "latestFeature", true)]
    [InlineData("8.0.100", "disable", false)]
    public async Task The_sdk_the_solution_folder_selects_decides_whether_it_is_built_in_process(string version, string rollForward, bool inProcess)
    {
        MsBuildRegistration.EnsureRegistered();
        using var solution = Fixtures.App(("App/Perm.cs", Fixtures.PermissionEnum))
            .Write("global.json", $"{{\"sdk\": {{\"version\": \"{version}\", \"rollForward\": \"{rollForward}\"}}}}\n");
        var steps = new RecordingProgress();

        using var loaded = await WorkspaceLoader.LoadInProcessAsync(solution.PathOf("App.slnx"), steps, CancellationToken.None);

        // An SDK other than the one this process runs (here: one not installed) is left to MSBuildWorkspace's BuildHost,
        // which runs the SDK the solution's global.json selects.
        Assert.Equal(inProcess, loaded is not null);
        Assert.Equal(inProcess, !steps.Steps.Any(s => s.StartsWith("loading with MSBuildWorkspace instead:", StringComparison.Ordinal) && s.Contains("8.0.100", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_project_msbuild_reports_an_error_for_is_left_to_msbuildworkspace()
    {
        MsBuildRegistration.EnsureRegistered();
        using var solution = new TempSolution()
            .Write("App/App.csproj", TempSolution.Net10Project.Replace("</Project>", "  <Target Name=\"Boom\" BeforeTargets=\"CoreCompile\">\n    <Error Code=\"CONTOSO1\" Text=\"boom\" />\n  </Target>\n</Project>"))
            .Write("App/Perm.cs", Fixtures.PermissionEnum)
            .WriteSlnx("App.slnx", "App/App.csproj")
            .Restore("App/App.csproj");
        var steps = new RecordingProgress();

        var loaded = await WorkspaceLoader.LoadInProcessAsync(solution.PathOf("App.slnx"), steps, CancellationToken.None);

        Assert.Null(loaded);
        Assert.Contains(steps.Steps, s => s.StartsWith("loading with MSBuildWorkspace instead: App: CONTOSO1: boom", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Other/Other.fsproj", "Other is not a C# project")]
    [InlineData("Gone/Gone.csproj", "Gone.csproj does not exist")]
    public async Task A_solution_entry_only_msbuildworkspace_can_report_on_is_left_to_it(string entry, string reason)
    {
        MsBuildRegistration.EnsureRegistered();
        using var solution = new TempSolution()
            .Write("App/App.csproj", TempSolution.Net10Project)
            .Write("App/Perm.cs", Fixtures.PermissionEnum)
            .Write("Other/Other.fsproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n</Project>\n")
            .WriteSln("App.sln", "App/App.csproj", entry)
            .Restore("App/App.csproj");
        var steps = new RecordingProgress();

        var loaded = await WorkspaceLoader.LoadInProcessAsync(solution.PathOf("App.sln"), steps, CancellationToken.None);

        Assert.Null(loaded);
        Assert.Contains($"loading with MSBuildWorkspace instead: {reason}", steps.Steps);
    }

    /// <summary>Each project by name: everything the loaders decide about it, as text.</summary>
    private static Dictionary<string, string> Describe(Solution solution) =>
        solution.Projects.ToDictionary(p => p.Name, p => string.Join("\n", new[]
        {
            $"assembly {p.AssemblyName}",
            $"file {p.FilePath}",
            $"output {p.OutputFilePath} ref {p.OutputRefFilePath} intermediate {p.CompilationOutputInfo.AssemblyPath}",
            $"namespace {p.DefaultNamespace}",
        }
        .Concat(p.Documents.Select(d => $"document {d.FilePath} as {string.Join("/", d.Folders.Append(d.Name))}").Order(StringComparer.Ordinal))
        .Concat(p.AdditionalDocuments.Select(d => $"additional {d.FilePath}").Order(StringComparer.Ordinal))
        .Concat(p.AnalyzerConfigDocuments.Select(d => $"editorconfig {d.FilePath}").Order(StringComparer.Ordinal))
        .Concat(p.MetadataReferences.OfType<PortableExecutableReference>().Select(r => $"reference {r.FilePath} {string.Join(",", r.Properties.Aliases)}").Order(StringComparer.Ordinal))
        .Concat(p.ProjectReferences.Select(r => $"project {solution.GetProject(r.ProjectId)!.Name} {string.Join(",", r.Aliases)}").Order(StringComparer.Ordinal))
        .Concat(p.AnalyzerReferences.Select(r => $"analyzer {r.FullPath}").Order(StringComparer.Ordinal))));

    private static string[] Diagnostics(Compilation compilation) =>
        [.. compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => $"{d.Id} {d.Severity} {d.Location.GetLineSpan()}")
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// The options' properties that differ, but for the resolver of <c>#r</c> directives (scripts only, the
    /// workspace's own type), the strong-name provider (a temporary folder each) and the per-file options the
    /// workspace derives from the editorconfig files (compared as files, and through the diagnostics they set).
    /// </summary>
    private static string[] Differences(CompilationOptions expected, CompilationOptions actual) =>
        [.. expected.GetType().GetProperties()
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name is not (nameof(CompilationOptions.MetadataReferenceResolver) or nameof(CompilationOptions.StrongNameProvider) or nameof(CompilationOptions.SyntaxTreeOptionsProvider)))
            .Where(p => !Same(p.GetValue(expected), p.GetValue(actual)))
            .Select(p => $"{p.Name}: {p.GetValue(expected)} / {p.GetValue(actual)}")];

    private static bool Same(object? a, object? b) =>
        Equals(a, b) || (a is System.Collections.IEnumerable x && b is System.Collections.IEnumerable y && x.Cast<object>().SequenceEqual(y.Cast<object>()));

    private sealed class RecordingProgress : IProgressSink
    {
        private readonly List<string> _steps = [];

        public IReadOnlyList<string> Steps
        {
            get
            {
                lock (_steps)
                {
                    return [.. _steps];
                }
            }
        }

        public void Phase(string name, string description)
        {
        }

        public void Step(string text)
        {
            lock (_steps)
            {
                _steps.Add(text);
            }
        }
    }
}

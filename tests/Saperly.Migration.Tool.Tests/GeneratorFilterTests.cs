using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Saperly.Migration.Tool.Hosting;
using Saperly.Migration.Tool.Loading;
using Saperly.Migration.Tool.Progress;
using Saperly.Migration.Tool.Tests.Infrastructure;
using Xunit;

namespace Saperly.Migration.Tool.Tests;

/// <summary>
/// Issue 7: the workspace runs every source generator a project references each time it builds a compilation.
/// The SDK's generators are left out where the sources do not call for them, and kept where they do, so code
/// that binds to generated members still binds (a partial [GeneratedRegex] method is implemented).
/// </summary>
public sealed class GeneratorFilterTests
{
    private const string Regex = """
        using System.Text.RegularExpressions;

        namespace App;

        public static partial class Patterns
        {
            [GeneratedRegex("^sk_")]
            public static partial Regex Key();
        }

        """;

    private const string Plain = "namespace App;\n\npublic static class Plain\n{\n    public static int Twice(int x) => x * 2;\n}\n";

    private static async Task<(string[] Kept, Compilation Compilation)> FilterAsync(string source)
    {
        MsBuildRegistration.EnsureRegistered();
        using var solution = Fixtures.App(("App/Source.cs", source));
        using var loaded = await WorkspaceLoader.LoadAsync(solution.PathOf("App/App.csproj"), new SilentProgress(), CancellationToken.None);
        var (filtered, _, removed) = await GeneratorFilter.ApplyAsync(loaded.Solution, CancellationToken.None);
        var project = filtered.Projects.Single();
        Assert.True(removed > 0, "nothing was left out: the SDK's generators were not found");
        return ([.. project.AnalyzerReferences.Select(r => Path.GetFileNameWithoutExtension(r.FullPath!))], (await project.GetCompilationAsync())!);
    }

    [Fact]
    public async Task A_generator_whose_attribute_the_sources_spell_is_kept_and_its_code_binds()
    {
        var (kept, compilation) = await FilterAsync(Regex);

        Assert.Contains("System.Text.RegularExpressions.Generator", kept);
        Assert.DoesNotContain("System.Text.Json.SourceGeneration", kept);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public async Task The_sdk_generators_are_left_out_where_no_source_calls_for_them()
    {
        var (kept, compilation) = await FilterAsync(Plain);

        Assert.DoesNotContain("System.Text.RegularExpressions.Generator", kept);
        Assert.DoesNotContain("System.Text.Json.SourceGeneration", kept);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }
}

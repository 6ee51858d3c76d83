using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Saperly.Migration.Tool.Analysis;

/// <summary>
/// Compiles, analyzes and (for a run that fixes) fixes a small Saperly-shaped program on a background thread while the solution loads.
/// Loading mostly waits on MSBuild's BuildHost process (design-time builds run there), so this process has
/// a core to spare: the compiler's binder, the operation tree and the rules get JIT-compiled then instead
/// of on the real projects' critical path. Nothing of it is kept: it has its own compilation, its
/// references are the running framework's own assemblies, and any failure is ignored.
/// </summary>
internal static class Warmup
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Net.Http;
        using System.Net.Http.Headers;
        using System.Net.Http.Json;
        using System.Threading.Tasks;

        public enum Tier { Full, CallOnly, SmsOnly, ReadOnly }

        public sealed record Item(int Id, string Name, decimal Total);

        public static class Warm
        {
            private static readonly HttpClient Http = new() { BaseAddress = new Uri("https://saperly.com/api/") };
            private static readonly string[] Allowed = { "full", "call_only", "sms_only", "read_only" };

            public static async Task<int> RunAsync(IEnumerable<Item> items, string id)
            {
                Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                var minted = await Http.PostAsJsonAsync("v1/keys", new { name = "warm", permissions = new[] { "call_only" } });
                using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/keys/{id}/rotate");
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                var rotated = await Http.SendAsync(request);
                await Http.PostAsJsonAsync("v1/calls", new { to_number = "+14155551234" });
                using var revoked = await Http.DeleteAsync($"v1/keys/{id}");
                var text = await minted.Content.ReadAsStringAsync() + await rotated.Content.ReadAsStringAsync();
                var large = items.Where(i => i.Total > 100m).OrderBy(i => i.Name).Select(i => i.Id).ToList();
                return large.Count + Allowed.Length + text.Length switch { > 10 => 1, _ => 0 };
            }
        }
        """;

    private static readonly string[] References =
    [
        "System.Private.CoreLib.dll", "System.Runtime.dll", "System.Collections.dll", "System.Linq.dll",
        "System.Net.Http.dll", "System.Net.Http.Json.dll", "System.Net.Primitives.dll", "System.Text.Json.dll",
        "System.Threading.Tasks.dll", "System.Private.Uri.dll", "netstandard.dll",
    ];

    /// <summary>Starts the warm-up (with <paramref name="fixers"/>, a fix of each rule too); the returned task never faults.</summary>
    public static Task Start(ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<CodeFixProvider> fixers, CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            try
            {
                var (project, diagnostics) = await AnalyzeProjectAsync(analyzers, cancellationToken);
                if (project is not null && !fixers.IsDefaultOrEmpty)
                {
                    await FixAsync(project, diagnostics, fixers, cancellationToken);
                }
            }
            catch (Exception)
            {
                // A warm-up only saves time; the real analysis reports whatever goes wrong there.
            }
        }, CancellationToken.None);

    /// <summary>The warm-up's own work: its program's compiler diagnostics and the rules' (tests read them).</summary>
    internal static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(ImmutableArray<DiagnosticAnalyzer> analyzers, CancellationToken cancellationToken) =>
        (await AnalyzeProjectAsync(analyzers, cancellationToken)).Diagnostics;

    /// <summary>
    /// For each rule with a fixer, its fix computed on the program (the edit and the clean-up that adds usings) and
    /// dropped: the fix phase's code, JIT-compiled before it runs. A rule with several findings runs its Fix All over
    /// them, as the fix phase does (fixes one after another, places tracked); one with a single finding, that fix.
    /// Returns the rules whose fix produced a change (tests read them).
    /// </summary>
    internal static async Task<IReadOnlyList<string>> FixAsync(Project project, ImmutableArray<Diagnostic> diagnostics, ImmutableArray<CodeFixProvider> fixers, CancellationToken cancellationToken)
    {
        var document = project.Documents.Single();
        var changed = new List<string>();
        foreach (var rule in diagnostics.Where(d => d.Location.IsInSource).GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (fixers.FirstOrDefault(f => f.FixableDiagnosticIds.Contains(rule.Key)) is not { } fixer)
            {
                continue;
            }

            if (rule.Count() > 1)
            {
                var findings = rule.Select(d => new Finding(d.Id, d.Severity, d.GetMessage(), document.FilePath ?? document.Name, 0, 0, project.Name, document.Id, d)).ToImmutableArray();
                if (await Fixing.RuleFixer.FixAsync(project.Solution, fixer, rule.Key, findings, cancellationToken) is { } fixedSolution && fixedSolution != project.Solution)
                {
                    changed.Add(rule.Key);
                }

                continue;
            }

            var actions = await Fixing.RuleFixer.OfferedAsync(document, fixer, rule.First(), cancellationToken);
            if (actions.Count > 0 && (await actions[0].GetOperationsAsync(cancellationToken)).OfType<ApplyChangesOperation>().Any())
            {
                changed.Add(rule.Key);
            }
        }

        return changed;
    }

    /// <summary>The program as a one-document project, and its compiler and rule diagnostics.</summary>
    internal static async Task<(Project? Project, ImmutableArray<Diagnostic> Diagnostics)> AnalyzeProjectAsync(ImmutableArray<DiagnosticAnalyzer> analyzers, CancellationToken cancellationToken)
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location);
        if (framework == null || analyzers.IsDefaultOrEmpty)
        {
            return (null, []);
        }

        var references = References
            .Select(name => Path.Combine(framework, name))
            .Where(File.Exists)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
        var project = Hosting.WorkspaceHost.CreateWorkspace().CurrentSolution
            .AddProject("SaperlyMigrationWarmup", "SaperlyMigrationWarmup", LanguageNames.CSharp)
            .WithMetadataReferences(references)
            .WithParseOptions(new CSharpParseOptions(LanguageVersion.Latest))
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Annotations))
            .AddDocument("Warm.cs", Source, filePath: "Warm.cs").Project;
        var compilation = (await project.GetCompilationAsync(cancellationToken))!;
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);

        // The paths the run takes: the rules on one file at a time, and the compile gate's per-file errors.
        var tree = compilation.SyntaxTrees.Single();
        var rules = await FindingCollector.AnalyzeFilesAsync(compilation.WithAnalyzers(analyzers, options), [tree], cancellationToken);
        return (project, [.. compilation.GetSemanticModel(tree).GetDiagnostics(null, cancellationToken), .. rules]);
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Saperly.Migration.Analyzers.Rules;

namespace Saperly.Migration.Tool.Analysis;

/// <summary>
/// The analyzers and fixers the driver runs, found by reflection (their export attributes), in a
/// fixed order so that the same input always gives the same output.
/// </summary>
internal sealed class RuleCatalog
{
    private const string CodeFixesAssemblyName = "Saperly.Migration.CodeFixes";

    public RuleCatalog(
        IEnumerable<DiagnosticAnalyzer> analyzers,
        IEnumerable<CodeFixProvider> fixers,
        IEnumerable<string>? problems = null,
        Func<SyntaxTree, CancellationToken, bool>? reach = null)
    {
        Reach = reach;
        Analyzers = [.. analyzers.OrderBy(a => a.GetType().FullName, StringComparer.Ordinal)];
        Fixers = [.. fixers.OrderBy(f => f.GetType().FullName, StringComparer.Ordinal)];
        Problems = [.. problems ?? []];
        Descriptors = Analyzers
            .SelectMany(a => a.SupportedDiagnostics)
            .GroupBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableSortedDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    public ImmutableArray<CodeFixProvider> Fixers { get; }

    /// <summary>Why some rules could not be loaded (reported, and the run ends partial).</summary>
    public ImmutableArray<string> Problems { get; }

    public ImmutableSortedDictionary<string, DiagnosticDescriptor> Descriptors { get; }

    /// <summary>
    /// Whether any of the analyzers could report while analyzing a file, whatever the rest of the compilation
    /// holds; null when the catalog cannot say (the analyzers are then always run on whole projects).
    /// </summary>
    public Func<SyntaxTree, CancellationToken, bool>? Reach { get; }

    public ImmutableArray<DiagnosticAnalyzer> AnalyzersFor(IReadOnlySet<string> ids) =>
        [.. Analyzers.Where(a => a.SupportedDiagnostics.Any(d => ids.Contains(d.Id)))];

    public CodeFixProvider? FixerFor(string id) => Fixers.FirstOrDefault(f => f.FixableDiagnosticIds.Contains(id));

    /// <summary>The Saperly rules shipped beside the tool.</summary>
    public static RuleCatalog LoadDefault()
    {
        var problems = new List<string>();
        var fixes = TryLoad(CodeFixesAssemblyName, problems);
        return FromAssemblies([typeof(RuleIds).Assembly, .. fixes is null ? Array.Empty<Assembly>() : [fixes]], problems);
    }

    public static RuleCatalog FromAssemblies(IReadOnlyList<Assembly> assemblies, IEnumerable<string>? problems = null)
    {
        var types = assemblies.SelectMany(LoadableTypes).Where(t => t is { IsAbstract: false, IsClass: true }).ToArray();
        var analyzers = types
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>()?.Languages.Contains(LanguageNames.CSharp) == true)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!);
        var fixers = types
            .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t)
                && t.GetCustomAttribute<ExportCodeFixProviderAttribute>()?.Languages.Contains(LanguageNames.CSharp) == true)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToList();
        var loaded = analyzers.ToList();

        // The shipped rules say which files they can report in; analyzers from anywhere else cannot.
        var reach = loaded.All(a => a.GetType().Assembly == typeof(RuleReach).Assembly) ? RuleReach.MayReport : (Func<SyntaxTree, CancellationToken, bool>?)null;
        return new RuleCatalog(loaded, fixers, problems, reach);
    }

    private static Assembly? TryLoad(string name, List<string> problems)
    {
        try
        {
            return Assembly.Load(new AssemblyName(name));
        }
        catch (FileNotFoundException)
        {
            problems.Add($"{name}.dll is missing beside the tool: findings are reported but nothing can be fixed");
            return null;
        }
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.Where(t => t is not null)!;
        }
    }
}

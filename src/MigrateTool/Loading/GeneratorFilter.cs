using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Saperly.Migration.Tool.Hosting;

namespace Saperly.Migration.Tool.Loading;

/// <summary>
/// Which of a project's analyzer references the run keeps. The tool runs its own rules, never a project's
/// analyzers, so an analyzer reference matters only for the source generators in it, which the workspace runs
/// each time it builds a compilation (the loaded state and every edited one). The generators the .NET SDK adds
/// to every project are known: each writes code only for an attribute the project's sources must spell
/// (<c>[JsonSerializable]</c>, <c>[LoggerMessage]</c>, <c>[GeneratedRegex]</c>, ...), only interceptors (which
/// change the emitted code, not what a call binds to), or, for a program of top-level statements, a public
/// partial <c>Program</c>. Such a generator is left out of a project whose sources do not call for it; an
/// assembly without generators is left out; every other generator (a NuGet package's, the project's own) runs.
/// A source that could spell an attribute through a unicode escape keeps them all.
/// </summary>
internal static class GeneratorFilter
{
    /// <summary>The SDK's generator assemblies (by file name) and the words one of the project's sources must hold for each to matter.</summary>
    private static readonly Dictionary<string, string[]> SdkGenerators = new(StringComparer.OrdinalIgnoreCase)
    {
        ["System.Text.Json.SourceGeneration"] = ["JsonSerializable"],
        ["System.Text.RegularExpressions.Generator"] = ["GeneratedRegex"],
        ["Microsoft.Extensions.Logging.Generators"] = ["LoggerMessage"],
        ["Microsoft.Extensions.Options.SourceGeneration"] = ["OptionsValidator"],
        ["Microsoft.Extensions.Validation.ValidationsGenerator"] = ["AddValidation", "ValidatableType"],
        ["Microsoft.Interop.LibraryImportGenerator"] = ["LibraryImport"],
        ["Microsoft.Interop.ComInterfaceGenerator"] = ["GeneratedComInterface", "GeneratedComClass"],
        ["Microsoft.Interop.JavaScript.JSImportGenerator"] = ["JSImport", "JSExport"],

        // Interceptors only: every call still binds to the method it names.
        ["Microsoft.AspNetCore.Http.RequestDelegateGenerator"] = [],
        ["Microsoft.Extensions.Configuration.Binder.SourceGeneration"] = [],
    };

    /// <summary>Makes Program public when the project is a program of top-level statements.</summary>
    private const string TopLevelProgramGenerator = "Microsoft.AspNetCore.App.SourceGenerators";

    /// <summary>The solution with each C# project's unneeded analyzer references removed, and how many were kept and removed.</summary>
    public static async Task<(Solution Solution, int Kept, int Removed)> ApplyAsync(Solution solution, CancellationToken cancellationToken)
    {
        var (kept, removed) = (0, 0);
        if (!SpeedMechanisms.IsOn(SpeedMechanisms.Generators))
        {
            return (solution, solution.Projects.Sum(p => p.AnalyzerReferences.Count), 0);
        }

        foreach (var project in solution.Projects.Where(p => p.Language == LanguageNames.CSharp).ToList())
        {
            var texts = new List<string>();
            foreach (var document in project.Documents)
            {
                texts.Add((await document.GetTextAsync(cancellationToken)).ToString());
            }

            var escaped = texts.Any(t => t.Contains("\\u", StringComparison.Ordinal) || t.Contains("\\U", StringComparison.Ordinal));
            var keep = new List<AnalyzerReference>();
            foreach (var reference in project.AnalyzerReferences)
            {
                if (escaped || await NeededAsync(reference, project, texts, cancellationToken))
                {
                    keep.Add(reference);
                }
            }

            kept += keep.Count;
            removed += project.AnalyzerReferences.Count - keep.Count;
            if (keep.Count < project.AnalyzerReferences.Count)
            {
                solution = solution.WithProjectAnalyzerReferences(project.Id, keep);
            }
        }

        return (solution, kept, removed);
    }

    private static async Task<bool> NeededAsync(AnalyzerReference reference, Project project, List<string> texts, CancellationToken cancellationToken)
    {
        var name = Path.GetFileNameWithoutExtension(reference.FullPath ?? reference.Display ?? string.Empty);
        if (SdkGenerators.TryGetValue(name, out var words))
        {
            return words.Any(word => texts.Any(text => text.Contains(word, StringComparison.Ordinal)));
        }

        if (string.Equals(name, TopLevelProgramGenerator, StringComparison.OrdinalIgnoreCase))
        {
            foreach (var document in project.Documents)
            {
                if (await document.GetSyntaxRootAsync(cancellationToken) is CompilationUnitSyntax root && root.Members.Any(m => m is GlobalStatementSyntax))
                {
                    return true;
                }
            }

            return false;
        }

        try
        {
            return !reference.GetGenerators(LanguageNames.CSharp).IsEmpty;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever cannot be inspected is kept, as the workspace would keep it.
            return true;
        }
    }
}

// Bench tool only (bench/run.sh step f): loads a solution with MSBuildWorkspace and compiles every C# project
// (full binding through GetDiagnostics, no emit, no analyzers), nothing else. Its peak memory and time are the
// floor issue 7's memory target is measured against: saperly-migrate at most 1.5× this.
// Usage: dotnet LoadCompile.dll SOLUTION   prints "N projects, E errors"; exit 0, or 1 with a one-line message.
using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Microsoft.Build.Locator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace Saperly.Migration.Bench.LoadCompile;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: LoadCompile SOLUTION");
            return 1;
        }

        // First, before any method that touches an MSBuild type is compiled.
        MSBuildLocator.RegisterDefaults();
        try
        {
            var (projects, errors) = await LoadAndCompileAsync(args[0]);
            Console.WriteLine($"{projects} projects, {errors} errors");
            return 0;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"load+compile failed: {e.GetType().Name}: {string.Join(" ", e.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries))}");
            return 1;
        }
    }

    // Kept out of Main so no MSBuild or workspace type loads before MSBuildLocator has registered.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<(int Projects, int Errors)> LoadAndCompileAsync(string path)
    {
        using var workspace = MSBuildWorkspace.Create();
        var solution = await workspace.OpenSolutionAsync(path);
        var failure = workspace.Diagnostics.FirstOrDefault(d => d.Kind == WorkspaceDiagnosticKind.Failure);
        if (failure is not null)
        {
            throw new InvalidOperationException(failure.Message);
        }

        // One project at a time, references first; each compilation binds its method bodies concurrently itself.
        var projects = 0;
        var errors = 0;
        foreach (var id in solution.GetProjectDependencyGraph().GetTopologicallySortedProjects())
        {
            var project = solution.GetProject(id)!;
            if (project.Language != LanguageNames.CSharp)
            {
                continue;
            }

            var compilation = await project.GetCompilationAsync() ?? throw new InvalidOperationException($"{project.Name}: no compilation");
            errors += compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error && !d.IsSuppressed);
            projects++;
        }

        return (projects, errors);
    }
}

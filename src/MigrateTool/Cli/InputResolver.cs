using System;
using System.IO;
using System.Linq;

namespace Saperly.Migration.Tool.Cli;

/// <summary>Turns PATH into one solution, solution filter or project file, or a one-line reason why not.</summary>
internal static class InputResolver
{
    private static readonly string[] SolutionExtensions = [".sln", ".slnx", ".slnf"];
    private static readonly string[] ProjectExtensions = [".csproj"];

    public static string Resolve(string path)
    {
        var full = Path.GetFullPath(string.IsNullOrWhiteSpace(path) ? "." : path);
        if (File.Exists(full))
        {
            var extension = Path.GetExtension(full).ToLowerInvariant();
            if (!SolutionExtensions.Contains(extension) && !ProjectExtensions.Contains(extension))
            {
                throw new ToolInputException($"'{path}' has an unknown extension '{extension}': expected .sln, .slnx, .slnf or .csproj");
            }

            return full;
        }

        if (!Directory.Exists(full))
        {
            throw new ToolInputException($"'{path}' does not exist");
        }

        var solutions = FilesWith(full, SolutionExtensions);
        if (solutions.Length == 1)
        {
            return solutions[0];
        }

        if (solutions.Length > 1)
        {
            throw new ToolInputException($"'{path}' holds several solutions ({Names(solutions)}): pass one of them");
        }

        var projects = FilesWith(full, ProjectExtensions);
        return projects.Length switch
        {
            1 => projects[0],
            0 => throw new ToolInputException($"'{path}' holds no solution (.sln, .slnx, .slnf) or project (.csproj)"),
            _ => throw new ToolInputException($"'{path}' holds several projects ({Names(projects)}) and no solution: pass one of them"),
        };
    }

    private static string[] FilesWith(string folder, string[] extensions) =>
        Directory.EnumerateFiles(folder)
            .Where(f => extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToArray();

    private static string Names(string[] files) => string.Join(", ", files.Select(Path.GetFileName));
}

using System;
using System.IO;

namespace Saperly.Migration.Tool.Tests.Infrastructure;

internal static class Repository
{
    /// <summary>The repository root: the folder holding Saperly.Migration.sln above the test binaries.</summary>
    public static string Root { get; } = Find();

    /// <summary>Copies a folder (without bin/obj) into the test solution's folder.</summary>
    public static void CopyFolder(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (Array.Exists(parts, p => p is "bin" or "obj"))
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Saperly.Migration.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Saperly.Migration.sln not found above " + AppContext.BaseDirectory);
    }
}

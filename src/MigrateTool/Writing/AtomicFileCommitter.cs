using System;
using System.IO;

namespace Saperly.Migration.Tool.Writing;

/// <summary>
/// Writes a temporary file in the target's folder, flushes it to disk, then renames it over the
/// target: a reader (or a crash) sees either the old file or the new one, never half of it.
/// </summary>
internal sealed class AtomicFileCommitter : IFileCommitter
{
    /// <summary>Test seam: runs after the temporary file is complete and before the rename.</summary>
    public Action<string>? BeforeRename { get; init; }

    public void Commit(string path, byte[] contents)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.saperly-tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
            }

            BeforeRename?.Invoke(temp);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}

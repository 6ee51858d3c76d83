using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Saperly.Migration.Tool.Loading;

namespace Saperly.Migration.Tool.Writing;

/// <summary>
/// Writes the planned changes one file at a time, each atomically. Cancellation is honoured between
/// files, never inside one: every file ends up original or fully migrated.
/// </summary>
internal static class ChangeWriter
{
    public static void Write(IReadOnlyList<FileChange> changes, IReadOnlyDictionary<string, FileSnapshot> snapshots, IFileCommitter committer, Action<string> step, CancellationToken cancellationToken)
    {
        foreach (var change in changes.Where(c => c.Status == FileChangeStatus.Planned))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                change.Status = FileChangeStatus.NotWritten;
                change.Reason = "cancelled before this file was written; run again to finish";
                continue;
            }

            if (!snapshots[change.Path].IsUnchangedOnDisk())
            {
                change.Status = FileChangeStatus.SkippedChangedOnDisk;
                change.Reason = "the file changed on disk after it was loaded; not overwritten, run again";
                continue;
            }

            if (ChangePlanner.IsReadOnly(change.Path))
            {
                change.Status = FileChangeStatus.SkippedReadOnly;
                change.Reason = "the file is read-only; not written";
                continue;
            }

            step($"writing {change.RelativePath}");
            try
            {
                committer.Commit(change.Path, change.NewBytes!);
                change.Status = FileChangeStatus.Written;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                change.Status = FileChangeStatus.NotWritten;
                change.Reason = $"could not be written ({ex.Message}); the file is unchanged";
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Saperly.Migration.Tool.Fixing;
using Saperly.Migration.Tool.Loading;
using Saperly.Migration.Tool.Text;

namespace Saperly.Migration.Tool.Writing;

/// <summary>
/// Turns the gated solution into file changes: the exact bytes to write in the file's own encoding,
/// BOM and newline style, or the reason a file must be left alone.
/// </summary>
internal static class ChangePlanner
{
    public static async Task<List<FileChange>> PlanAsync(
        Solution original,
        Solution fixedSolution,
        IReadOnlyList<string> changedPaths,
        IReadOnlyDictionary<string, string> withheld,
        IReadOnlyDictionary<string, FileSnapshot> snapshots,
        Func<string, string> relative,
        CancellationToken cancellationToken)
    {
        var changes = new List<FileChange>();
        foreach (var path in changedPaths)
        {
            var originalText = (await SolutionTexts.FileTextAsync(original, path, cancellationToken))!.ToString();
            if (withheld.TryGetValue(path, out var reason))
            {
                changes.Add(FileChange.Rejected(path, relative(path), originalText, FileChangeStatus.Withheld, reason));
                continue;
            }

            var fixedText = (await SolutionTexts.FileTextAsync(fixedSolution, path, cancellationToken))!.ToString();
            if (Plan(path, relative(path), originalText, fixedText, snapshots.GetValueOrDefault(path)) is { } change)
            {
                changes.Add(change);
            }
        }

        return changes;
    }

    private static FileChange? Plan(string path, string relativePath, string originalText, string fixedText, FileSnapshot? snapshot)
    {
        if (snapshot is null)
        {
            return FileChange.Rejected(path, relativePath, originalText, FileChangeStatus.NotWritten, "the file could not be read when the solution was loaded");
        }

        var encoding = FileEncoding.Detect(snapshot.Bytes, out var problem);
        if (encoding is null)
        {
            return FileChange.Rejected(path, relativePath, originalText, FileChangeStatus.SkippedEncoding, $"left untouched: {problem}");
        }

        if (encoding.Decode(snapshot.Bytes) != originalText)
        {
            return FileChange.Rejected(path, relativePath, originalText, FileChangeStatus.SkippedEncoding, $"left untouched: its {encoding.Name} bytes on disk do not match the text that was loaded (changed while loading, or read in another encoding)");
        }

        var newText = NewlinePreserver.Apply(originalText, fixedText);
        if (newText == originalText)
        {
            return null;
        }

        var change = new FileChange(path, relativePath, originalText, newText) { NewBytes = encoding.Encode(newText) };
        if (IsReadOnly(path))
        {
            change.Status = FileChangeStatus.SkippedReadOnly;
            change.Reason = "the file is read-only; not written";
        }

        return change;
    }

    public static bool IsReadOnly(string path) => File.Exists(path) && File.GetAttributes(path).HasFlag(FileAttributes.ReadOnly);
}

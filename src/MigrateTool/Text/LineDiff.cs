using System.Collections.Generic;
using System.Linq;
using DiffPlex;
using DiffPlex.Model;

namespace Saperly.Migration.Tool.Text;

internal enum DiffKind
{
    Equal,
    Delete,
    Insert,
}

/// <summary>One step of an edit script: an old line kept, deleted, or a new line inserted.</summary>
internal readonly record struct DiffOp(DiffKind Kind, int OldIndex, int NewIndex);

/// <summary>
/// A line diff by content (terminators ignored), computed by DiffPlex (Myers' O(ND) algorithm, no size cap):
/// a file with thousands of changed lines still gets a minimal script, so the lines around the edits keep
/// their own terminators (<see cref="NewlinePreserver"/>) and the preview shows only what changed.
/// </summary>
internal static class LineDiff
{
    public static IReadOnlyList<DiffOp> Compute(IReadOnlyList<TextLine> oldLines, IReadOnlyList<TextLine> newLines)
    {
        var ops = new List<DiffOp>(System.Math.Max(oldLines.Count, newLines.Count));
        if (oldLines.Count == 0 || newLines.Count == 0)
        {
            AddChange(ops, 0, oldLines.Count, 0, newLines.Count);
            return ops;
        }

        // Contents hold no line break (TextLine.Split cut on every one), so joined by '\n' they split back one to one.
        var result = Differ.Instance.CreateDiffs(Join(oldLines), Join(newLines), ignoreWhiteSpace: false, ignoreCase: false, ContentChunker.Instance);
        int oldIndex = 0, newIndex = 0;
        foreach (var block in result.DiffBlocks)
        {
            while (oldIndex < block.DeleteStartA)
            {
                ops.Add(new DiffOp(DiffKind.Equal, oldIndex++, newIndex++));
            }

            AddChange(ops, block.DeleteStartA, block.DeleteCountA, block.InsertStartB, block.InsertCountB);
            oldIndex = block.DeleteStartA + block.DeleteCountA;
            newIndex = block.InsertStartB + block.InsertCountB;
        }

        while (oldIndex < oldLines.Count)
        {
            ops.Add(new DiffOp(DiffKind.Equal, oldIndex++, newIndex++));
        }

        return ops;
    }

    private static void AddChange(List<DiffOp> ops, int oldStart, int oldCount, int newStart, int newCount)
    {
        for (var i = oldStart; i < oldStart + oldCount; i++)
        {
            ops.Add(new DiffOp(DiffKind.Delete, i, -1));
        }

        for (var j = newStart; j < newStart + newCount; j++)
        {
            ops.Add(new DiffOp(DiffKind.Insert, -1, j));
        }
    }

    private static string Join(IReadOnlyList<TextLine> lines) => string.Join('\n', lines.Select(l => l.Content));

    /// <summary>Cuts on '\n' only, so every piece is one <see cref="TextLine.Content"/>, empty lines included.</summary>
    private sealed class ContentChunker : IChunker
    {
        public static readonly ContentChunker Instance = new();

        public IReadOnlyList<string> Chunk(string text) => text.Split('\n');
    }
}

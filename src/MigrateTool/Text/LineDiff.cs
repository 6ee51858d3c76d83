using System;
using System.Collections.Generic;

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
/// A line diff by content (terminators ignored): common prefix and suffix, then a longest common
/// subsequence over the changed middle. Fixes touch few lines, so the middle stays small.
/// </summary>
internal static class LineDiff
{
    private const long MaxTableCells = 4_000_000;

    public static IReadOnlyList<DiffOp> Compute(IReadOnlyList<TextLine> oldLines, IReadOnlyList<TextLine> newLines)
    {
        var prefix = 0;
        while (prefix < oldLines.Count && prefix < newLines.Count && oldLines[prefix].Content == newLines[prefix].Content)
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < oldLines.Count - prefix && suffix < newLines.Count - prefix
            && oldLines[oldLines.Count - 1 - suffix].Content == newLines[newLines.Count - 1 - suffix].Content)
        {
            suffix++;
        }

        var ops = new List<DiffOp>();
        for (var i = 0; i < prefix; i++)
        {
            ops.Add(new DiffOp(DiffKind.Equal, i, i));
        }

        AddMiddle(ops, oldLines, newLines, prefix, oldLines.Count - suffix, prefix, newLines.Count - suffix);

        for (var i = suffix; i > 0; i--)
        {
            ops.Add(new DiffOp(DiffKind.Equal, oldLines.Count - i, newLines.Count - i));
        }

        return ops;
    }

    private static void AddMiddle(List<DiffOp> ops, IReadOnlyList<TextLine> a, IReadOnlyList<TextLine> b, int aStart, int aEnd, int bStart, int bEnd)
    {
        int n = aEnd - aStart, m = bEnd - bStart;
        if ((long)n * m > MaxTableCells || n == 0 || m == 0)
        {
            for (var i = aStart; i < aEnd; i++)
            {
                ops.Add(new DiffOp(DiffKind.Delete, i, -1));
            }

            for (var j = bStart; j < bEnd; j++)
            {
                ops.Add(new DiffOp(DiffKind.Insert, -1, j));
            }

            return;
        }

        // lcs[i, j] = length of the LCS of a[aStart+i..aEnd) and b[bStart+j..bEnd).
        var lcs = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lcs[i, j] = a[aStart + i].Content == b[bStart + j].Content
                    ? lcs[i + 1, j + 1] + 1
                    : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && a[aStart + x].Content == b[bStart + y].Content)
            {
                ops.Add(new DiffOp(DiffKind.Equal, aStart + x++, bStart + y++));
            }
            else if (x < n && (y == m || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                ops.Add(new DiffOp(DiffKind.Delete, aStart + x++, -1));
            }
            else
            {
                ops.Add(new DiffOp(DiffKind.Insert, -1, bStart + y++));
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Text;

namespace Saperly.Migration.Tool.Text;

/// <summary>Renders a unified diff (three lines of context) between two texts of one file.</summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    public static string Render(string relativePath, string oldText, string newText)
    {
        var oldLines = TextLine.Split(oldText);
        var newLines = TextLine.Split(newText);
        var ops = LineDiff.Compute(oldLines, newLines);
        var builder = new StringBuilder();
        builder.Append("--- a/").Append(relativePath).Append('\n');
        builder.Append("+++ b/").Append(relativePath).Append('\n');
        foreach (var (start, end) in Hunks(ops))
        {
            AppendHunk(builder, ops, start, end, oldLines, newLines);
        }

        return builder.ToString();
    }

    private static IEnumerable<(int Start, int End)> Hunks(IReadOnlyList<DiffOp> ops)
    {
        var i = 0;
        while (i < ops.Count)
        {
            while (i < ops.Count && ops[i].Kind == DiffKind.Equal)
            {
                i++;
            }

            if (i == ops.Count)
            {
                yield break;
            }

            var start = Math.Max(0, i - Context);
            var end = i;
            while (end < ops.Count)
            {
                if (ops[end].Kind != DiffKind.Equal)
                {
                    end++;
                    continue;
                }

                var run = end;
                while (run < ops.Count && ops[run].Kind == DiffKind.Equal)
                {
                    run++;
                }

                if (run == ops.Count || run - end > 2 * Context)
                {
                    end = Math.Min(ops.Count, end + Context);
                    break;
                }

                end = run;
            }

            yield return (start, end);
            i = end;
        }
    }

    private static void AppendHunk(StringBuilder builder, IReadOnlyList<DiffOp> ops, int start, int end, IReadOnlyList<TextLine> oldLines, IReadOnlyList<TextLine> newLines)
    {
        int oldBefore = 0, newBefore = 0, oldCount = 0, newCount = 0;
        for (var k = 0; k < start; k++)
        {
            oldBefore += ops[k].Kind != DiffKind.Insert ? 1 : 0;
            newBefore += ops[k].Kind != DiffKind.Delete ? 1 : 0;
        }

        var body = new StringBuilder();
        for (var k = start; k < end; k++)
        {
            var op = ops[k];
            oldCount += op.Kind != DiffKind.Insert ? 1 : 0;
            newCount += op.Kind != DiffKind.Delete ? 1 : 0;
            var (marker, line) = op.Kind switch
            {
                DiffKind.Equal => (' ', oldLines[op.OldIndex]),
                DiffKind.Delete => ('-', oldLines[op.OldIndex]),
                _ => ('+', newLines[op.NewIndex]),
            };
            body.Append(marker).Append(line.Content).Append('\n');
            if (line.Terminator.Length == 0)
            {
                body.Append("\\ No newline at end of file\n");
            }
        }

        builder.Append("@@ -").Append(Range(oldBefore, oldCount)).Append(" +").Append(Range(newBefore, newCount)).Append(" @@\n");
        builder.Append(body);
    }

    private static string Range(int before, int count) => count == 1 ? $"{before + 1}" : count == 0 ? $"{before},0" : $"{before + 1},{count}";
}

using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Saperly.Migration.Tool.Text;

/// <summary>
/// Rebuilds a fixed text so that every line the fix did not touch keeps its original terminator byte
/// for byte, and every inserted or edited line ends with the file's own dominant newline.
/// </summary>
internal static class NewlinePreserver
{
    public static string DominantNewline(IReadOnlyList<TextLine> lines) =>
        lines.Where(l => l.Terminator.Length > 0)
            .GroupBy(l => l.Terminator)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, System.StringComparer.Ordinal)
            .Select(g => g.Key)
            .FirstOrDefault() ?? "\n";

    public static string Apply(string originalText, string fixedText)
    {
        var oldLines = TextLine.Split(originalText);
        var newLines = TextLine.Split(fixedText);
        var newline = DominantNewline(oldLines);
        var builder = new StringBuilder(fixedText.Length + 64);
        foreach (var op in LineDiff.Compute(oldLines, newLines))
        {
            switch (op.Kind)
            {
                case DiffKind.Equal:
                    var kept = oldLines[op.OldIndex];
                    var isLast = op.NewIndex == newLines.Count - 1;
                    var terminator = kept.Terminator.Length > 0 || isLast ? kept.Terminator : newline;
                    builder.Append(kept.Content).Append(terminator);
                    break;
                case DiffKind.Insert:
                    var added = newLines[op.NewIndex];
                    builder.Append(added.Content).Append(added.Terminator.Length > 0 ? newline : string.Empty);
                    break;
            }
        }

        return builder.ToString();
    }
}

using System.Collections.Generic;

namespace Saperly.Migration.Tool.Text;

/// <summary>One line of a text: its content and the terminator that ended it ("" for a last line without one).</summary>
internal readonly record struct TextLine(string Content, string Terminator)
{
    public static IReadOnlyList<TextLine> Split(string text)
    {
        var lines = new List<TextLine>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\r' && c != '\n')
            {
                continue;
            }

            var terminator = c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? "\r\n" : c.ToString();
            lines.Add(new TextLine(text[start..i], terminator));
            i += terminator.Length - 1;
            start = i + 1;
        }

        if (start < text.Length)
        {
            lines.Add(new TextLine(text[start..], string.Empty));
        }

        return lines;
    }
}

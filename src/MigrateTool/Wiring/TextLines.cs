using System.Collections.Generic;

namespace Saperly.Migration.Tool.Wiring;

/// <summary>A file's lines, each with its own line ending, so that an insertion keeps every other byte as it was.</summary>
internal sealed class TextLines
{
    private readonly List<(string Content, string Ending)> _lines = [];

    public TextLines(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || text[i] == '\r')
            {
                var ending = text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? "\r\n" : text[i].ToString();
                _lines.Add((text.Substring(start, i - start), ending));
                i += ending.Length - 1;
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            _lines.Add((text.Substring(start), string.Empty));
        }
    }

    public int Count => _lines.Count;

    public string this[int index] => _lines[index].Content;

    /// <summary>Replaces a line's content, keeping its ending.</summary>
    public void Replace(int index, string content) => _lines[index] = (content, _lines[index].Ending);

    /// <summary>
    /// Inserts lines after line <paramref name="index"/>, ending like it; when it was the last line and had no ending,
    /// it gets the file's first ending (or "\n") and the last inserted line ends the file without one.
    /// </summary>
    public void InsertAfter(int index, IReadOnlyList<string> contents)
    {
        var ending = _lines[index].Ending;
        var lastWithoutEnding = ending.Length == 0;
        if (lastWithoutEnding)
        {
            ending = FirstEnding();
            _lines[index] = (_lines[index].Content, ending);
        }

        for (var i = 0; i < contents.Count; i++)
        {
            var isLast = i == contents.Count - 1;
            _lines.Insert(index + 1 + i, (contents[i], isLast && lastWithoutEnding ? string.Empty : ending));
        }
    }

    private string FirstEnding()
    {
        foreach (var (_, ending) in _lines)
        {
            if (ending.Length > 0)
            {
                return ending;
            }
        }

        return "\n";
    }

    public override string ToString()
    {
        var builder = new System.Text.StringBuilder();
        foreach (var (content, ending) in _lines)
        {
            builder.Append(content).Append(ending);
        }

        return builder.ToString();
    }
}

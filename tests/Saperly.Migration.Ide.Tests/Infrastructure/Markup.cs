using System;
using System.Collections.Generic;
using System.Text;

namespace Saperly.Migration.Ide.Tests.Infrastructure
{
    /// <summary>
    /// Source text with named spans, <c>{|name:text|}</c>, so tests state where a diagnostic belongs or an edit
    /// goes without hand-written line and column numbers. Spans do not nest.
    /// </summary>
    public sealed class Markup
    {
        private readonly Dictionary<string, LspRange> _spans;

        private Markup(string text, Dictionary<string, LspRange> spans)
        {
            Text = text;
            _spans = spans;
        }

        /// <summary>The source without the markers.</summary>
        public string Text { get; }

        public LspRange this[string name] => _spans.TryGetValue(name, out var range) ? range : throw new KeyNotFoundException("no span named " + name);

        public static Markup Parse(string marked)
        {
            var text = new StringBuilder();
            var spans = new Dictionary<string, LspRange>();
            string? open = null;
            var start = default(LspPosition);
            var line = 0;
            var character = 0;
            for (var i = 0; i < marked.Length; i++)
            {
                if (open == null && string.CompareOrdinal(marked, i, "{|", 0, 2) == 0)
                {
                    var colon = marked.IndexOf(':', i);
                    open = marked.Substring(i + 2, colon - i - 2);
                    start = new LspPosition(line, character);
                    i = colon;
                    continue;
                }

                if (open != null && string.CompareOrdinal(marked, i, "|}", 0, 2) == 0)
                {
                    spans.Add(open, new LspRange(start, new LspPosition(line, character)));
                    open = null;
                    i++;
                    continue;
                }

                var c = marked[i];
                text.Append(c);
                if (c == '\n')
                {
                    line++;
                    character = 0;
                }
                else if (c != '\r')
                {
                    character++;
                }
            }

            if (open != null)
            {
                throw new FormatException("span " + open + " is not closed");
            }

            return new Markup(text.ToString(), spans);
        }
    }
}

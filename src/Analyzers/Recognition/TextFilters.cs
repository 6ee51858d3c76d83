using System;

namespace Saperly.Migration.Analyzers.Recognition
{
    /// <summary>
    /// The per-file text filters of the rules: a file whose raw text cannot spell what a rule looks for is not walked.
    /// A filter searches the raw text, so it must let through a file that could spell the word another way.
    /// </summary>
    internal static class TextFilters
    {
        /// <summary>
        /// Whether the text may spell <paramref name="word"/> (ordinal): it contains it, or an escape (<c>\u</c>,
        /// <c>\U</c>, <c>\x</c>) that could spell any character of an identifier or a string.
        /// </summary>
        public static bool MaySpell(string text, string word, StringComparison comparison = StringComparison.Ordinal) =>
            text.IndexOf(word, comparison) >= 0 || HasEscape(text);

        /// <summary>Whether the text holds a unicode or hex escape.</summary>
        public static bool HasEscape(string text) =>
            text.IndexOf("\\u", StringComparison.Ordinal) >= 0 || text.IndexOf("\\U", StringComparison.Ordinal) >= 0 ||
            text.IndexOf("\\x", StringComparison.Ordinal) >= 0;
    }
}

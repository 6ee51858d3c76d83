using System.Text.RegularExpressions;

namespace Saperly.Migration.Tool.Output;

/// <summary>
/// The one redaction every writer of the tool goes through (console, diffs, reports, error messages):
/// a Saperly key literal keeps its prefix and loses its secret part.
/// </summary>
internal static partial class SecretRedactor
{
    public const string Ellipsis = "…";

    public static string Redact(string? text) =>
        string.IsNullOrEmpty(text) ? text ?? string.Empty : KeyPattern().Replace(text, m => m.Groups["prefix"].Value + Ellipsis);

    [GeneratedRegex(@"(?<prefix>sk_(?:svc_)?(?:live|test)_)[A-Za-z0-9_]+", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}

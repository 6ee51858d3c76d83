using System.Linq;
using System.Text.RegularExpressions;
using Saperly.Migration.Analyzers.Model;

namespace Saperly.Migration.Tool.Output;

/// <summary>
/// The one redaction every writer of the tool goes through (console, diffs, reports, error messages):
/// a Saperly key literal keeps its prefix and loses its secret part. The prefixes are the model's
/// (<see cref="SaperlyApi.KeyPrefixes"/>), longest first, so <c>sk_svc_live_</c> wins over <c>sk_live_</c>.
/// </summary>
internal static class SecretRedactor
{
    public const string Ellipsis = "…";

    private static readonly Regex KeyPattern = new(
        "(?<prefix>" + string.Join("|", SaperlyApi.KeyPrefixes.Select(p => p.Prefix).OrderByDescending(p => p.Length).Select(Regex.Escape)) + ")[A-Za-z0-9_]+",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    public static string Redact(string? text) =>
        string.IsNullOrEmpty(text) ? text ?? string.Empty : KeyPattern.Replace(text, m => m.Groups["prefix"].Value + Ellipsis);
}

using System;
using System.IO;
using System.Text;
using Saperly.Migration.Tool.Output;

namespace Saperly.Migration.Tool.Reports;

internal enum ReportFormat
{
    Json,
    Sarif,
    Markdown,
}

/// <summary>Writes the --report file in the format its extension names, through the secret redactor.</summary>
internal static class ReportWriter
{
    public static ReportFormat? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => ReportFormat.Json,
        ".sarif" => ReportFormat.Sarif,
        ".md" => ReportFormat.Markdown,
        _ => null,
    };

    public static void Write(MigrationResult result, string path)
    {
        var content = FormatOf(path) switch
        {
            ReportFormat.Json => JsonReport.Render(result),
            ReportFormat.Sarif => SarifReport.Render(result),
            ReportFormat.Markdown => MarkdownReport.Render(result),
            _ => throw new ArgumentException($"unknown report format: {path}", nameof(path)),
        };
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(path, SecretRedactor.Redact(content), new UTF8Encoding(false));
    }
}

using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Saperly.Migration.Tool.Reports;

/// <summary>
/// SARIF 2.1.0, uploadable to code scanning: one run, the rules as reportingDescriptors, one result per finding
/// still in the code. After --apply, the findings the run fixed are no longer in the code and are left out (code
/// scanning then closes their alerts); the run's <c>properties.fixedFindings</c> counts them. A preview or a
/// --check writes nothing, so every finding is a result there (<c>properties.fixed</c>: the run would fix it).
/// </summary>
internal static class SarifReport
{
    public const string Schema = "https://json.schemastore.org/sarif-2.1.0.json";

    public static string Render(MigrationResult result)
    {
        var rules = result.Rules.Values.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", Schema);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();

            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "saperly-migrate");
            json.WriteString("version", result.ToolVersion);
            json.WriteString("semanticVersion", result.ToolVersion);
            json.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                json.WriteStartObject();
                json.WriteString("id", rule.Id);
                json.WriteStartObject("shortDescription");
                json.WriteString("text", rule.Title.ToString());
                json.WriteEndObject();
                if (rule.Description.ToString() is { Length: > 0 } description)
                {
                    json.WriteStartObject("fullDescription");
                    json.WriteString("text", description);
                    json.WriteEndObject();
                }

                if (!string.IsNullOrEmpty(rule.HelpLinkUri))
                {
                    json.WriteString("helpUri", rule.HelpLinkUri);
                }

                json.WriteStartObject("defaultConfiguration");
                json.WriteString("level", Level(rule.DefaultSeverity.ToString()));
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartObject("originalUriBaseIds");
            json.WriteStartObject("SRCROOT");
            json.WriteString("uri", new Uri(Path.TrimEndingDirectorySeparator(Path.GetDirectoryName(result.Input)!) + "/").AbsoluteUri);
            json.WriteEndObject();
            json.WriteEndObject();

            var omitFixed = result.Mode == "apply";
            json.WriteStartObject("properties");
            json.WriteString("mode", result.Mode);
            json.WriteNumber("fixedFindings", omitFixed ? result.FixedCount : 0);
            json.WriteEndObject();

            json.WriteStartArray("results");
            foreach (var finding in result.Findings.Where(f => !(omitFixed && f.Fixed)))
            {
                json.WriteStartObject();
                json.WriteString("ruleId", finding.RuleId);
                var index = rules.FindIndex(r => r.Id == finding.RuleId);
                if (index >= 0)
                {
                    json.WriteNumber("ruleIndex", index);
                }

                json.WriteString("level", finding.Level);
                json.WriteStartObject("message");
                json.WriteString("text", finding.Message);
                json.WriteEndObject();
                json.WriteStartArray("locations");
                json.WriteStartObject();
                json.WriteStartObject("physicalLocation");
                json.WriteStartObject("artifactLocation");
                json.WriteString("uri", Uri.EscapeDataString(finding.File).Replace("%2F", "/", StringComparison.Ordinal));
                json.WriteString("uriBaseId", "SRCROOT");
                json.WriteEndObject();
                json.WriteStartObject("region");
                json.WriteNumber("startLine", finding.Line);
                json.WriteNumber("startColumn", finding.Column);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteStartObject("properties");
                json.WriteBoolean("fixed", finding.Fixed);
                json.WriteString("project", finding.Project);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>SARIF levels from a Roslyn severity name.</summary>
    public static string Level(string severity) => severity switch
    {
        "Error" => "error",
        "Warning" => "warning",
        _ => "note",
    };
}

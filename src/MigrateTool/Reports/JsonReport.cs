using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Saperly.Migration.Tool.Reports;

/// <summary>The machine-readable report: findings, changed files, summary, problems and manual steps.</summary>
internal static class JsonReport
{
    public static string Render(MigrationResult result)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("tool", "saperly-migrate");
            json.WriteString("version", result.ToolVersion);
            json.WriteString("input", result.Input);
            json.WriteString("mode", result.Mode);
            json.WriteNumber("exitCode", result.ExitCode);

            json.WriteStartObject("summary");
            json.WriteNumber("findings", result.Findings.Count);
            json.WriteNumber("fixed", result.FixedCount);
            json.WriteNumber("remaining", result.RemainingCount);
            json.WriteNumber("changedFiles", result.Changes.Count);
            json.WriteNumber("problems", result.Problems.Count);
            json.WriteStartArray("byRule");
            foreach (var (rule, project, findings, fixedCount) in result.ByRuleAndProject())
            {
                json.WriteStartObject();
                json.WriteString("rule", rule);
                json.WriteString("project", project);
                json.WriteNumber("findings", findings);
                json.WriteNumber("fixed", fixedCount);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteStartArray("findings");
            foreach (var f in result.Findings)
            {
                json.WriteStartObject();
                json.WriteString("rule", f.RuleId);
                json.WriteString("level", f.Level);
                json.WriteString("file", f.File);
                json.WriteNumber("line", f.Line);
                json.WriteNumber("column", f.Column);
                json.WriteString("project", f.Project);
                json.WriteString("message", f.Message);
                json.WriteBoolean("fixed", f.Fixed);
                json.WriteString("whatToDo", f.WhatToDo);
                json.WriteString("help", f.HelpUri);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("changedFiles");
            foreach (var c in result.Changes)
            {
                json.WriteStartObject();
                json.WriteString("file", c.RelativePath);
                json.WriteString("status", c.Status.ToString());
                if (c.Reason is not null)
                {
                    json.WriteString("reason", c.Reason);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("problems");
            foreach (var p in result.Problems)
            {
                json.WriteStartObject();
                json.WriteString("kind", p.Kind);
                json.WriteString("subject", p.Subject);
                json.WriteString("message", p.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartObject("manualSteps");
            json.WriteStartArray("steps");
            foreach (var step in result.ManualSteps.Steps)
            {
                json.WriteStringValue(step);
            }

            json.WriteEndArray();
            json.WriteStartArray("filesMentioningApiKey");
            foreach (var file in result.ManualSteps.Files)
            {
                json.WriteStringValue(file);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}

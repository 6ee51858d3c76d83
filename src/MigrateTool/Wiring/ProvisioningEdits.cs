using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Saperly.Migration.Analyzers.Model;

namespace Saperly.Migration.Tool.Wiring;

/// <summary>A key literal found in a provisioning file: where, and its prefix only.</summary>
internal sealed record ProvisionedSecret(int Line, int Column, string RedactedKey);

/// <summary>A line the tool could not add itself: where the API key is provisioned, and the exact line to add beside it.</summary>
internal sealed record ManualWiring(int Line, string LineToAdd, string Why);

/// <summary>What wiring a file needs: its new text (null when nothing changes), what is left to the user, the keys found in it.</summary>
internal sealed record WiringResult(string? NewText, IReadOnlyList<ManualWiring> Manual, IReadOnlyList<ProvisionedSecret> Secrets)
{
    public static WiringResult Nothing { get; } = new(null, [], []);
}

/// <summary>
/// Minimal insertions of the service key beside the API key, one per file kind, on text: every other line keeps its
/// bytes, comments and order. A value is never copied: an entry either references a secret whose name is the API key's
/// with its tier word swapped (<c>secrets.SAPERLY_API_KEY</c> → <c>secrets.SAPERLY_SERVICE_KEY</c>, <c>key: api-key</c>
/// → <c>key: service-key</c>), or is empty; anything else is left to the user with the exact line to add.
/// </summary>
internal static class ProvisioningEdits
{
    public const string ServiceKeySecret = SaperlyApi.ServiceKeySecret;

    /// <summary>How the API key's secret is named in an environment: the convention and configuration through the environment.</summary>
    private const string ApiNames = "SAPERLY_API_KEY|Saperly__ApiKey|SAPERLY__APIKEY";

    private static readonly Regex KeyLiteral = new(@"sk_(?:svc_)?(?:live|test)_[A-Za-z0-9_]+", RegexOptions.CultureInvariant);
    private static readonly Regex EnvLine = new($@"^(?<export>\s*export\s+)?(?<name>{ApiNames})\s*=(?<value>.*)$", RegexOptions.CultureInvariant);
    private static readonly Regex YamlMapEntry = new($@"^(?<indent>\s*)(?<q>[""']?)(?<name>{ApiNames})\k<q>\s*:(?<value>.*)$", RegexOptions.CultureInvariant);
    private static readonly Regex YamlListEntry = new($@"^(?<indent>\s*)-\s+(?<q>[""']?)(?<name>{ApiNames})(?<value>=[^""']*)?\k<q>\s*(?<comment>#.*)?$", RegexOptions.CultureInvariant);
    private static readonly Regex YamlNamedItem = new($@"^(?<indent>\s*)-\s+name:\s*(?<q>[""']?)(?<name>{ApiNames})\k<q>\s*(?<comment>#.*)?$", RegexOptions.CultureInvariant);
    private static readonly Regex YamlValueLine = new(@"^\s*value:\s*(?<value>.*)$", RegexOptions.CultureInvariant);

    /// <summary>Whether a text already provisions the service key (a second run changes nothing).</summary>
    public static bool ProvisionsServiceKey(string text) =>
        text.Contains(ServiceKeySecret, StringComparison.Ordinal) || text.Contains("Saperly__ServiceKey", StringComparison.Ordinal) ||
        text.Contains("SAPERLY__SERVICEKEY", StringComparison.Ordinal);

    /// <summary>Whether a text provisions the API key in a form this class reads.</summary>
    public static bool MentionsApiKey(string text) =>
        text.Contains(SaperlyApi.ApiKeySecret, StringComparison.Ordinal) || text.Contains("Saperly__ApiKey", StringComparison.Ordinal) ||
        text.Contains("SAPERLY__APIKEY", StringComparison.Ordinal) || text.Contains("Saperly", StringComparison.OrdinalIgnoreCase);

    private const string EnvComment = "# Service key (sk_svc_test_... or sk_svc_live_...): key management on /v1/keys only; never for calls or SMS.";

    // ---- .env ---------------------------------------------------------------------------------------------

    /// <summary><c>SAPERLY_API_KEY=…</c> gets <c>SAPERLY_SERVICE_KEY=</c> after it, empty: a .env file holds values, and the service key's is the user's to fill in.</summary>
    public static WiringResult Env(string text, bool wire)
    {
        var lines = new TextLines(text);
        var secrets = new List<ProvisionedSecret>();
        var inserts = new List<(int After, string Line)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var match = EnvLine.Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            AddSecrets(secrets, i, lines[i], match.Groups["value"].Index, match.Groups["value"].Value);
            var entry = match.Groups["export"].Value + Twin(match.Groups["name"].Value) + "=";

            // A file that explains each entry in a comment above it gets one for the new entry too.
            inserts.Add((i, i > 0 && lines[i - 1].TrimStart().StartsWith('#') ? EnvComment + "\u0000" + entry : entry));
        }

        return Result(text, lines, wire, inserts, [], secrets);
    }

    // ---- YAML (compose, Kubernetes, Helm, GitHub Actions, Azure Pipelines) -----------------------------------

    public static WiringResult Yaml(string text, bool wire, string suggestedReference)
    {
        var lines = new TextLines(text);
        var secrets = new List<ProvisionedSecret>();
        var inserts = new List<(int After, string Line)>();
        var manual = new List<ManualWiring>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            Match match;
            if ((match = YamlNamedItem.Match(line)).Success)
            {
                var end = BlockEnd(lines, i, match.Groups["indent"].Length);
                var block = Enumerable.Range(i, end - i).Select(j => lines[j]).ToList();
                for (var j = i + 1; j < end; j++)
                {
                    if (YamlValueLine.Match(lines[j]) is { Success: true } value)
                    {
                        AddSecrets(secrets, j, lines[j], value.Groups["value"].Index, value.Groups["value"].Value);
                    }
                }

                var copy = TwinBlock(block, out var why);
                if (copy is null)
                {
                    manual.Add(new ManualWiring(i + 1, match.Groups["indent"].Value + "- name: " + Twin(match.Groups["name"].Value), why!));
                }
                else
                {
                    inserts.Add((end - 1, string.Join("\u0000", copy)));
                }

                i = end - 1;
            }
            else if ((match = YamlListEntry.Match(line)).Success)
            {
                var value = match.Groups["value"].Value;
                AddSecrets(secrets, i, line, match.Groups["value"].Index, value);
                var quote = match.Groups["q"].Value;
                var entry = value.Length == 0 ? string.Empty : TwinValue(value.Substring(1), out var why) is { } twin ? "=" + twin : null;
                if (entry is null)
                {
                    manual.Add(new ManualWiring(i + 1, match.Groups["indent"].Value + "- " + Twin(match.Groups["name"].Value) + "=" + suggestedReference, "its value is not a reference to a secret named like the API key's"));
                }
                else
                {
                    inserts.Add((i, match.Groups["indent"].Value + "- " + quote + Twin(match.Groups["name"].Value) + entry + quote));
                }
            }
            else if ((match = HelmValue.Match(line)).Success && UnderSaperlyKey(lines, i, match.Groups["indent"].Length))
            {
                // Helm values: saperly: { apiKey: "" } gets serviceKey: "" (what a template's .Values.saperly.serviceKey reads).
                var value = StripComment(match.Groups["value"].Value).Trim();
                AddSecrets(secrets, i, line, match.Groups["value"].Index, match.Groups["value"].Value);
                if (!ContainsKey(lines, i, match.Groups["indent"].Length, Twin(match.Groups["name"].Value)))
                {
                    inserts.Add((i, match.Groups["indent"].Value + Twin(match.Groups["name"].Value) + ": " + (value.StartsWith('\'') ? "''" : "\"\"")));
                }
            }
            else if ((match = YamlMapEntry.Match(line)).Success)
            {
                var indent = match.Groups["indent"].Length;
                var value = StripComment(match.Groups["value"].Value).Trim();
                var quote = match.Groups["q"].Value;
                var name = quote + Twin(match.Groups["name"].Value) + quote;
                if (value.Length == 0)
                {
                    // A nested block (valueFrom: secretKeyRef: ...): the whole entry is copied with its names swapped.
                    var end = BlockEnd(lines, i, indent);
                    var block = Enumerable.Range(i, end - i).Select(j => lines[j]).ToList();
                    var copy = end > i + 1 ? TwinBlock(block, out var why) : null;
                    if (copy is null)
                    {
                        manual.Add(new ManualWiring(i + 1, match.Groups["indent"].Value + name + ": " + suggestedReference, "its value is not a reference to a secret named like the API key's"));
                    }
                    else
                    {
                        inserts.Add((end - 1, string.Join("\u0000", copy)));
                    }

                    i = end - 1;
                    continue;
                }

                AddSecrets(secrets, i, line, match.Groups["value"].Index, match.Groups["value"].Value);
                if (TwinValue(value, out _) is { } twinValue)
                {
                    inserts.Add((i, match.Groups["indent"].Value + name + ": " + twinValue));
                }
                else
                {
                    manual.Add(new ManualWiring(i + 1, match.Groups["indent"].Value + name + ": " + suggestedReference, "its value is not a reference to a secret named like the API key's"));
                }
            }
        }

        return Result(text, lines, wire, inserts, manual, secrets);
    }

    private static readonly Regex HelmValue = new(@"^(?<indent>\s*)(?<name>apiKey|api_key|ApiKey|apikey)\s*:(?<value>.*)$", RegexOptions.CultureInvariant);

    /// <summary>Whether a YAML line at <paramref name="indent"/> sits (by indentation) under a key that names Saperly.</summary>
    private static bool UnderSaperlyKey(TextLines lines, int index, int indent)
    {
        for (var j = index - 1; j >= 0 && indent > 0; j--)
        {
            var line = lines[j];
            var lineIndent = line.Length - line.TrimStart().Length;
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#') || lineIndent >= indent)
            {
                continue;
            }

            if (line.Contains("saperly", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            indent = lineIndent;
        }

        return false;
    }

    /// <summary>Whether the mapping a line belongs to (its siblings at <paramref name="indent"/>) already has <paramref name="key"/>.</summary>
    private static bool ContainsKey(TextLines lines, int index, int indent, string key)
    {
        bool Sibling(int j) => lines[j].Length - lines[j].TrimStart().Length == indent && lines[j].TrimStart().StartsWith(key + ":", StringComparison.Ordinal);
        for (var j = index + 1; j < lines.Count && (lines[j].Trim().Length == 0 || lines[j].Length - lines[j].TrimStart().Length >= indent); j++)
        {
            if (Sibling(j))
            {
                return true;
            }
        }

        for (var j = index - 1; j >= 0 && (lines[j].Trim().Length == 0 || lines[j].Length - lines[j].TrimStart().Length >= indent); j--)
        {
            if (Sibling(j))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The index after the block that starts at <paramref name="start"/>: the following lines indented deeper than <paramref name="indent"/> (blank lines inside included, trailing ones not).</summary>
    private static int BlockEnd(TextLines lines, int start, int indent)
    {
        var end = start + 1;
        for (var j = start + 1; j < lines.Count; j++)
        {
            var line = lines[j];
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (line.Length - line.TrimStart().Length <= indent)
            {
                break;
            }

            end = j + 1;
        }

        return end;
    }

    /// <summary>
    /// A block copied with every API-key name swapped for its service-key twin, or null (with why) when a value in it is
    /// a literal, or nothing in its values names the API key (the copy would provision the API key's own secret).
    /// </summary>
    private static List<string>? TwinBlock(List<string> block, out string? why)
    {
        why = null;
        var copy = new List<string>();
        var swappedValue = false;
        for (var j = 0; j < block.Count; j++)
        {
            var line = StripComment(block[j]).TrimEnd();
            if (j > 0 && YamlValueLine.Match(line) is { Success: true } value && value.Groups["value"].Value.Trim().Length > 0 && !IsReference(value.Groups["value"].Value))
            {
                why = "its value is written in the file, not read from a secret";
                return null;
            }

            var twin = TwinAll(line);
            swappedValue |= j > 0 && twin != line;
            copy.Add(twin);
        }

        if (!swappedValue && block.Count > 1)
        {
            why = "the secret it reads is not named like the API key (no api-key/API_KEY to swap), so which secret holds the service key is yours to say";
            return null;
        }

        return copy;
    }

    /// <summary>A value for the service key made from the API key's: a reference with its names swapped, or empty; null for anything else.</summary>
    private static string? TwinValue(string value, out string? why)
    {
        why = null;
        var trimmed = value.Trim();
        if (trimmed.Length == 0 || trimmed is "\"\"" or "''")
        {
            return trimmed;
        }

        var twin = TwinAll(trimmed);
        if (!IsReference(trimmed) || twin == trimmed)
        {
            why = "its value is not a reference to a secret named like the API key's";
            return null;
        }

        return twin;
    }

    private static bool IsReference(string value) =>
        value.Contains("${", StringComparison.Ordinal) || value.Contains("$(", StringComparison.Ordinal) ||
        value.Contains("{{", StringComparison.Ordinal) || value.Contains("secrets.", StringComparison.Ordinal) ||
        value.TrimStart().StartsWith('$');

    /// <summary>Every API-key name in a line swapped for its service-key twin (<see cref="SaperlyApi.TwinName"/>, applied until nothing changes).</summary>
    private static string TwinAll(string line)
    {
        var current = line;
        for (var guard = 0; guard < 8; guard++)
        {
            var next = SaperlyApi.TwinName(current, CredentialTier.ServiceKey);
            if (next is null || next == current)
            {
                break;
            }

            current = next;
        }

        return current;
    }

    private static string Twin(string name) => SaperlyApi.TwinName(name, CredentialTier.ServiceKey) ?? ServiceKeySecret;

    /// <summary>A YAML line without its trailing <c># comment</c> (a <c>#</c> after a space, outside quotes).</summary>
    private static string StripComment(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line.Substring(0, i).TrimEnd();
            }
        }

        return line;
    }

    // ---- JSON (appsettings*.json, launchSettings.json) ----------------------------------------------------

    private static readonly Regex JsonPropertyLine = new(
        @"^(?<indent>\s*)""(?<name>[^""\\]+)""(?<colon>\s*:\s*)(?<value>""(?:[^""\\]|\\.)*""|null)(?<comma>\s*,)?(?<tail>\s*(//.*|/\*.*\*/)?)$",
        RegexOptions.CultureInvariant);

    /// <summary>
    /// The API key's property gets its twin after it, empty (<c>"ServiceKey": ""</c>), in the same object: a property
    /// of a <c>Saperly</c> section named like an API key, or an environment variable named <c>SAPERLY_API_KEY</c>. Only
    /// when the property has a line of its own; otherwise the line to add is left to the user.
    /// </summary>
    public static WiringResult Json(string text, bool wire)
    {
        var properties = ApiKeyProperties(text, out var parsed);
        if (!parsed)
        {
            return WiringResult.Nothing;
        }

        var lines = new TextLines(text);
        var secrets = new List<ProvisionedSecret>();
        var inserts = new List<(int After, string Line)>();
        var manual = new List<ManualWiring>();
        foreach (var property in properties)
        {
            var line = property.Line;
            if (property.Value is { } value && KeyLiteral.Match(value) is { Success: true } key && !IsPlaceholder(key.Value))
            {
                var column = lines[line].IndexOf(key.Value, StringComparison.Ordinal);
                secrets.Add(new ProvisionedSecret(line + 1, column + 1, SaperlyApi.RedactKey(key.Value)));
            }

            if (property.TwinExists)
            {
                continue;
            }

            var twin = Twin(property.Name);
            var match = JsonPropertyLine.Match(lines[line]);
            if (!match.Success || match.Groups["name"].Value != property.Name)
            {
                manual.Add(new ManualWiring(line + 1, "\"" + twin + "\": \"\"", "the property does not have a line of its own"));
                continue;
            }

            var hasComma = match.Groups["comma"].Success;
            if (!hasComma)
            {
                var commaAt = match.Groups["value"].Index + match.Groups["value"].Length;
                lines.Replace(line, lines[line].Insert(commaAt, ","));
            }

            inserts.Add((line, match.Groups["indent"].Value + "\"" + twin + "\"" + match.Groups["colon"].Value + "\"\"" + (hasComma ? "," : string.Empty)));
        }

        return Result(text, lines, wire, inserts, manual, secrets);
    }

    private sealed record JsonProperty(string Name, int Line, string? Value, bool TwinExists);

    /// <summary>The API-key properties of a JSON document (comments and trailing commas allowed), with their 0-based lines.</summary>
    private static List<JsonProperty> ApiKeyProperties(string text, out bool parsed)
    {
        var found = new List<JsonProperty>();
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var path = new List<string?>();
        var names = new List<HashSet<string>>();
        var pending = new List<List<(string Name, int Line, string? Value)>>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        path.Add(property);
                        names.Add(new HashSet<string>(StringComparer.Ordinal));
                        pending.Add([]);
                        property = null;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        var siblings = names[^1];
                        found.AddRange(pending[^1].Select(p => new JsonProperty(p.Name, p.Line, p.Value, siblings.Contains(Twin(p.Name)))));
                        path.RemoveAt(path.Count - 1);
                        names.RemoveAt(names.Count - 1);
                        pending.RemoveAt(pending.Count - 1);
                        property = null;
                        break;
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        names[^1].Add(property!);
                        if (IsApiKeyProperty(property!, path))
                        {
                            var line = LineOf(bytes, (int)reader.TokenStartIndex);
                            reader.Read();
                            var value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                            if (reader.TokenType is JsonTokenType.String or JsonTokenType.Null)
                            {
                                pending[^1].Add((property!, line, value));
                            }
                            else
                            {
                                reader.Skip();
                            }

                            property = null;
                        }

                        break;
                    default:
                        property = null;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            parsed = false;
            return [];
        }

        parsed = true;
        return found.OrderBy(p => p.Line).ToList();
    }

    private static bool IsApiKeyProperty(string name, List<string?> path) =>
        name is SaperlyApi.ApiKeySecret or "Saperly__ApiKey" or "SAPERLY__APIKEY" ||
        (path.Any(p => p is not null && p.Contains("Saperly", StringComparison.OrdinalIgnoreCase)) &&
         SaperlyApi.TwinName(name, CredentialTier.ServiceKey) is not null && !name.Contains("Service", StringComparison.OrdinalIgnoreCase));

    private static int LineOf(byte[] bytes, int offset)
    {
        var line = 0;
        for (var i = 0; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.Length || bytes[i + 1] != '\n')))
            {
                line++;
            }
        }

        return line;
    }

    // ---- shared ---------------------------------------------------------------------------------------------

    /// <summary>Key literals on lines that name Saperly (<c>SAPERLY_SERVICE_KEY=sk_…</c>, <c>saperly: { key: sk_… }</c>), and every service key (only Saperly has sk_svc_).</summary>
    private static IEnumerable<ProvisionedSecret> OtherSecrets(string text)
    {
        var lines = new TextLines(text);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var saperly = line.Contains("saperly", StringComparison.OrdinalIgnoreCase);
            foreach (Match key in KeyLiteral.Matches(line))
            {
                if ((saperly || key.Value.StartsWith("sk_svc_", StringComparison.Ordinal)) && !IsPlaceholder(key.Value))
                {
                    yield return new ProvisionedSecret(i + 1, key.Index + 1, SaperlyApi.RedactKey(key.Value));
                }
            }
        }
    }

    /// <summary>
    /// Whether a key-shaped value is a placeholder (<c>sk_test_replace_me</c>, <c>sk_live_your_key_here</c>,
    /// <c>sk_live_xxx</c>): the example files that document a secret hold those, and they are no secret.
    /// </summary>
    internal static bool IsPlaceholder(string key)
    {
        var prefix = SaperlyApi.RedactKey(key).TrimEnd('…');
        var body = key.Substring(Math.Min(prefix.Length, key.Length)).ToLowerInvariant();
        string[] words = ["replace", "your", "xxx", "change", "placeholder", "example", "dummy", "here", "todo", "insert", "redacted", "secret"];
        return body.Length == 0 || words.Any(w => body.Contains(w, StringComparison.Ordinal)) || body.Distinct().Count() == 1;
    }

    private static void AddSecrets(List<ProvisionedSecret> secrets, int line, string text, int valueStart, string value)
    {
        foreach (Match key in KeyLiteral.Matches(value))
        {
            if (IsPlaceholder(key.Value))
            {
                continue;
            }

            secrets.Add(new ProvisionedSecret(line + 1, valueStart + key.Index + 1, SaperlyApi.RedactKey(key.Value)));
        }
    }

    /// <summary>The text with the insertions (in order, each after its line; a "\0" separates the lines of one insertion), or null when there are none or wiring is not wanted.</summary>
    private static WiringResult Result(string text, TextLines lines, bool wire, List<(int After, string Line)> inserts, List<ManualWiring> manual, List<ProvisionedSecret> secrets)
    {
        secrets = secrets.Concat(OtherSecrets(text)).DistinctBy(s => (s.Line, s.Column)).OrderBy(s => s.Line).ThenBy(s => s.Column).ToList();
        if (!wire || ProvisionsServiceKey(text))
        {
            return new WiringResult(null, [], secrets);
        }

        foreach (var (after, line) in inserts.OrderByDescending(i => i.After))
        {
            lines.InsertAfter(after, line.Split('\u0000'));
        }

        var newText = inserts.Count == 0 ? null : lines.ToString();
        return new WiringResult(newText == text ? null : newText, manual, secrets);
    }
}

using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace Saperly.Migration.Ide.Tests.Infrastructure
{
    /// <summary>An LSP position: zero-based line and UTF-16 character offset in that line.</summary>
    public readonly record struct LspPosition(int Line, int Character)
    {
        public JsonObject ToJson() => new JsonObject { ["line"] = Line, ["character"] = Character };

        public static LspPosition From(JsonNode node) => new LspPosition((int)node["line"]!, (int)node["character"]!);

        public override string ToString() => $"{Line}:{Character}";
    }

    public readonly record struct LspRange(LspPosition Start, LspPosition End)
    {
        public JsonObject ToJson() => new JsonObject { ["start"] = Start.ToJson(), ["end"] = End.ToJson() };

        public static LspRange From(JsonNode node) => new LspRange(LspPosition.From(node["start"]!), LspPosition.From(node["end"]!));

        public override string ToString() => $"{Start}-{End}";
    }

    /// <summary>The parts of an LSP diagnostic the tests read, and the diagnostic as the server sent it.</summary>
    public sealed record LspDiagnostic(string Code, LspRange Range, int Severity, string Message, string? HelpLink, JsonNode Json)
    {
        /// <summary>LSP severities: 1 error, 2 warning, 3 information, 4 hint.</summary>
        public const int Warning = 2;

        public bool IsSaperly => Code.StartsWith("SAP", System.StringComparison.Ordinal);

        /// <summary>The diagnostics of a <c>textDocument/publishDiagnostics</c> notification's params.</summary>
        public static IReadOnlyList<LspDiagnostic> ListFrom(JsonNode? parameters) =>
            (parameters?["diagnostics"]?.AsArray() ?? new JsonArray())
                .Select(d => new LspDiagnostic(
                    d!["code"]?.ToString() ?? "",
                    LspRange.From(d["range"]!),
                    (int?)d["severity"] ?? 0,
                    (string?)d["message"] ?? "",
                    (string?)d["codeDescription"]?["href"],
                    d.DeepClone()))
                .ToList();

        public override string ToString() => $"{Code} {Range} {Message}";
    }
}

using Microsoft.CodeAnalysis;

namespace Saperly.Migration.Tool.Analysis;

/// <summary>One analyzer diagnostic in a source document the tool may edit.</summary>
internal sealed record Finding(
    string RuleId,
    DiagnosticSeverity Severity,
    string Message,
    string FilePath,
    int Line,
    int Column,
    string ProjectName,
    DocumentId DocumentId,
    Diagnostic Diagnostic)
{
    /// <summary>Identifies the same finding seen through several projects (linked file, multi-targeting).</summary>
    public (string, string, int, string) Key => (RuleId, FilePath, Diagnostic.Location.SourceSpan.Start, Message);
}

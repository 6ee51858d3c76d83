namespace Saperly.Migration.Tool.Reports;

/// <summary>A finding as reported: where, what, and whether the run fixes it.</summary>
internal sealed record ReportedFinding(string RuleId, string Level, string Message, string File, int Line, int Column, string Project, bool Fixed);

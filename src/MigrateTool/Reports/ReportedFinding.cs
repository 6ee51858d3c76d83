namespace Saperly.Migration.Tool.Reports;

/// <summary>
/// A finding as reported: where, what, whether the run fixes it, and what to do about it (the rule's
/// title and its help page, straight from the analyzer's descriptor).
/// </summary>
internal sealed record ReportedFinding(string RuleId, string Level, string Message, string File, int Line, int Column, string Project, bool Fixed)
{
    public string WhatToDo { get; init; } = string.Empty;

    public string HelpUri { get; init; } = string.Empty;
}

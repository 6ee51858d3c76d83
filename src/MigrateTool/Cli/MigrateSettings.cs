using System.Collections.Generic;

namespace Saperly.Migration.Tool.Cli;

/// <summary>What the user asked for, validated.</summary>
internal sealed record MigrateSettings(
    string InputPath,
    bool Apply,
    bool Check,
    IReadOnlySet<string>? DiagnosticIds,
    string? ReportPath,
    IReadOnlyList<string> Includes,
    IReadOnlyList<string> Excludes,
    Verbosity Verbosity,
    bool NoProgress,
    bool NoRestore = false)
{
    public bool WritesFiles => Apply && !Check;
}

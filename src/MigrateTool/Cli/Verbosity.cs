using System;

namespace Saperly.Migration.Tool.Cli;

/// <summary>How much a run prints, with the names and abbreviations <c>dotnet</c> commands accept.</summary>
internal enum Verbosity
{
    /// <summary>Warnings, errors and the one summary line.</summary>
    Quiet,

    /// <summary>The results (diffs, --check's finding lines, the table, what to do), no progress.</summary>
    Minimal,

    /// <summary>Minimal plus one progress line per phase.</summary>
    Normal,

    /// <summary>Normal plus per-project steps, phase timings and JIT time.</summary>
    Detailed,

    /// <summary>Detailed plus the settings and rules the run used, and the stack trace of an unexpected error.</summary>
    Diagnostic,
}

internal static class VerbosityNames
{
    public const string Allowed = "q[uiet], m[inimal], n[ormal], d[etailed] and diag[nostic]";

    public static readonly string[] All = ["quiet", "minimal", "normal", "detailed", "diagnostic"];

    public static bool TryParse(string value, out Verbosity verbosity)
    {
        verbosity = value.ToLowerInvariant() switch
        {
            "q" or "quiet" => Verbosity.Quiet,
            "m" or "minimal" => Verbosity.Minimal,
            "n" or "normal" => Verbosity.Normal,
            "d" or "detailed" => Verbosity.Detailed,
            "diag" or "diagnostic" => Verbosity.Diagnostic,
            _ => (Verbosity)(-1),
        };
        return Enum.IsDefined(verbosity);
    }
}

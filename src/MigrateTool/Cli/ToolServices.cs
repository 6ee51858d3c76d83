using System;
using Saperly.Migration.Tool.Analysis;
using Saperly.Migration.Tool.Writing;

namespace Saperly.Migration.Tool.Cli;

/// <summary>
/// What the driver runs with. Program wires in the real rules and writer; tests pass their own
/// analyzers and fixers, a faulty writer, or a hook that runs at the start of each phase.
/// </summary>
internal sealed record ToolServices
{
    public required Func<RuleCatalog> Rules { get; init; }

    public IFileCommitter Committer { get; init; } = new AtomicFileCommitter();

    /// <summary>True when stdout is an interactive terminal: a live progress display replaces plain lines.</summary>
    public bool Interactive { get; init; }

    /// <summary>Colour the diff and the summary (ANSI): on a terminal, unless NO_COLOR is set (see <see cref="ColorsFor"/>).</summary>
    public bool Color { get; init; }

    /// <summary>Test seam: called with the name of each phase (load, analyze, fix, gate, write, recheck) as it starts.</summary>
    public Action<string>? OnPhase { get; init; }

    /// <summary>Test seam: called at the end of a run with how many project states were compiled and analyzed.</summary>
    public Action<int>? OnAnalyses { get; init; }

    /// <summary>
    /// Test seam: every analysis of only the files the rules can report in is compared with a whole-project
    /// analysis, and every compile-gate verdict from the changed files alone with one from the whole projects;
    /// a difference throws.
    /// </summary>
    public bool CheckAgainstFullAnalysis { get; init; }

    public static ToolServices Default(bool interactive) => new() { Rules = RuleCatalog.LoadDefault, Interactive = interactive };

    /// <summary>
    /// Colour only when stdout is a terminal and NO_COLOR is absent or empty (https://no-color.org: "when present
    /// and not an empty string", whatever its value), so logs and redirected output stay plain.
    /// </summary>
    public static bool ColorsFor(bool stdoutRedirected, string? noColor) => !stdoutRedirected && string.IsNullOrEmpty(noColor);
}

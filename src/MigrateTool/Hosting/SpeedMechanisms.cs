using System;
using System.Collections.Generic;
using System.Linq;

namespace Saperly.Migration.Tool.Hosting;

/// <summary>
/// The benchmark's off switches for the tool's speed mechanisms: <c>SAPERLY_MIGRATE_OFF=warmup,nullable</c> runs
/// without them, so <c>bench/mechanisms.sh</c> can show what each one saves (docs/performance.md, issue 23 goal 4).
/// A mechanism changes how fast a run is, never what it finds or writes; nothing else reads this variable.
/// </summary>
internal static class SpeedMechanisms
{
    internal const string Variable = "SAPERLY_MIGRATE_OFF";

    /// <summary>The JIT warm-up on a small program while the solution loads (Analysis/Warmup.cs).</summary>
    public const string Warmup = "warmup";

    /// <summary>Analysis without nullable flow analysis where no nullable warning can be an error (FindingCollector.ForAnalysis).</summary>
    public const string Nullable = "nullable";

    /// <summary>Source generators a project's sources do not call for left out of its analysis (Loading/GeneratorFilter.cs).</summary>
    public const string Generators = "generators";

    /// <summary>The compile gate compiling the changed files alone where the edits touch member bodies only (Gating/CompileGate.cs).</summary>
    public const string PartialGate = "partial-gate";

    private static readonly HashSet<string> Off = (Environment.GetEnvironmentVariable(Variable) ?? string.Empty)
        .Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public static bool IsOn(string mechanism) => !Off.Contains(mechanism);
}

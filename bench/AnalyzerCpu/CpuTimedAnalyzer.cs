using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Saperly.Migration.Bench.AnalyzerCpu;

/// <summary>
/// Runs an analyzer and adds the CPU time of the thread that runs each of its actions to <see cref="Nanoseconds"/>.
/// The compiler's own timing (ReportAnalyzer) books wall time, which also counts waiting for a lock and being
/// descheduled while the compiler's other threads run; thread CPU counts only the work. Our rules register only
/// compilation-start and semantic-model actions; any other registration is refused, so a new kind is noticed.
/// </summary>
internal sealed class CpuTimedAnalyzer(DiagnosticAnalyzer inner) : DiagnosticAnalyzer
{
    private long _nanoseconds;

    public DiagnosticAnalyzer Inner { get; } = inner;

    public long Nanoseconds => Interlocked.Read(ref _nanoseconds);

    /// <summary>Of <see cref="Nanoseconds"/>, the JIT's time on those threads during our actions (the runtime's own count).</summary>
    public long JitTicks => Interlocked.Read(ref _jitTicks);

    private long _jitTicks;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Inner.SupportedDiagnostics;

    /// <summary>CPU of the compilation-start actions (what every new compilation pays, in the IDE after each edit).</summary>
    public long StartNanoseconds => Interlocked.Read(ref _startNanoseconds);

    private long _startNanoseconds;

    /// <summary>CPU of the semantic-model actions per file (what the IDE's pass over one document runs).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<SyntaxTree, long> PerTree { get; } = new();

    public void Reset()
    {
        Interlocked.Exchange(ref _nanoseconds, 0);
        Interlocked.Exchange(ref _startNanoseconds, 0);
        Interlocked.Exchange(ref _jitTicks, 0);
        PerTree.Clear();
    }

    public override void Initialize(AnalysisContext context) => Inner.Initialize(new TimedContext(context, this));

    private void Run<T>(Action<T> action, T argument)
    {
        var start = ThreadCpu.Now();
        var jit = System.Runtime.JitInfo.GetCompilationTime(currentThread: true);
        try
        {
            action(argument);
        }
        finally
        {
            var spent = ThreadCpu.Now() - start;
            Interlocked.Add(ref _nanoseconds, spent);
            Interlocked.Add(ref _jitTicks, (System.Runtime.JitInfo.GetCompilationTime(currentThread: true) - jit).Ticks);
            if (argument is SemanticModelAnalysisContext file)
            {
                PerTree.AddOrUpdate(file.SemanticModel.SyntaxTree, spent, (_, sum) => sum + spent);
            }
            else if (argument is TimedStart)
            {
                Interlocked.Add(ref _startNanoseconds, spent);
            }
        }
    }

    private sealed class TimedContext(AnalysisContext context, CpuTimedAnalyzer owner) : AnalysisContext
    {
        public override void EnableConcurrentExecution() => context.EnableConcurrentExecution();

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => context.ConfigureGeneratedCodeAnalysis(analysisMode);

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) =>
            context.RegisterCompilationStartAction(start => owner.Run(action, new TimedStart(start, owner)));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) =>
            context.RegisterSemanticModelAction(c => owner.Run(action, c));

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => throw Unsupported();

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => throw Unsupported();

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw Unsupported();

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => throw Unsupported();

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => throw Unsupported();

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => throw Unsupported();
    }

    private sealed class TimedStart(CompilationStartAnalysisContext context, CpuTimedAnalyzer owner)
        : CompilationStartAnalysisContext(context.Compilation, context.Options, context.CancellationToken)
    {
        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) =>
            context.RegisterSemanticModelAction(c => owner.Run(action, c));

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) =>
            context.RegisterCompilationEndAction(c => owner.Run(action, c));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => throw Unsupported();

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw Unsupported();

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => throw Unsupported();

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => throw Unsupported();

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => throw Unsupported();
    }

    private static NotSupportedException Unsupported() =>
        new("AnalyzerCpu times compilation-start and semantic-model actions only; add the new kind to CpuTimedAnalyzer.");
}

/// <summary>The calling thread's CPU time (Linux CLOCK_THREAD_CPUTIME_ID), in nanoseconds.</summary>
internal static partial class ThreadCpu
{
    private const int ClockThreadCpuTime = 3;

    public static long Now()
    {
        if (clock_gettime(ClockThreadCpuTime, out var time) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed: this benchmark runs on Linux.");
        }

        return (time.Seconds * 1_000_000_000) + time.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int clock_gettime(int clock, out TimeSpec time);
}

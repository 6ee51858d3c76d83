// Bench tool: the CPU time our analyzers spend on one project in a warm compiler.
//
// Usage: AnalyzerCpu RSP [--iterations N] [--analyzers DIR] [--ours-only] [--ide-edits N]
//   RSP          the compiler's arguments for one project (as a build passes them to csc), in a file in the
//                project's directory; paths in it are relative to that directory
//   --analyzers  the folder holding Saperly.Migration.Analyzers.dll and Saperly.Migration.CodeFixes.dll to
//                measure (replacing any the arguments name)
//   --ours-only  run only our analyzers (by default every analyzer of the arguments runs, as in a build)
//   --ide-edits  the IDE's pass instead: N edits of one document (a file with Saperly code, then one without), each
//                a new compilation (compilation-start actions run again, as after an edit in the IDE); our analyzers'
//                CPU for that document's pass (compilation start + its semantic-model actions, see IdePass.cs),
//                p50/p95 over the edits after the first two
//
// The project is parsed, its source generators run and its references load once; then each iteration
// analyzes a fresh copy of the compilation, as a warm compiler server does for every build. Our analyzers'
// thread CPU is summed per rule; the driver's own timing (wall time, what ReportAnalyzer prints) beside it.
using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Saperly.Migration.Bench.AnalyzerCpu;

const int WarmUp = 2;
if (args.Length == 0 || args[0].StartsWith('-'))
{
    Console.Error.WriteLine("usage: AnalyzerCpu RSP [--iterations N] [--analyzers DIR] [--ours-only]");
    return 2;
}

var rsp = Path.GetFullPath(args[0]);
var iterations = 20;
string? ours = null;
var oursOnly = false;
var ideEdits = 0;
for (var i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--iterations" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n > WarmUp:
            iterations = n;
            i++;
            break;
        case "--analyzers" when i + 1 < args.Length:
            ours = Path.GetFullPath(args[++i]);
            break;
        case "--ours-only":
            oursOnly = true;
            break;
        case "--ide-edits" when i + 1 < args.Length && int.TryParse(args[i + 1], out var edits) && edits > WarmUp:
            ideEdits = edits;
            oursOnly = true;
            i++;
            break;
        default:
            Console.Error.WriteLine($"error: unknown or incomplete option '{args[i]}' (iterations must be more than {WarmUp})");
            return 2;
    }
}

static bool IsOurs(string path) => Path.GetFileName(path).StartsWith("Saperly.Migration.", StringComparison.Ordinal);

var arguments = CommandLineParser.SplitCommandLineIntoArguments(File.ReadAllText(rsp), removeHashComments: true)
    .Where(a => ours == null || !(a.StartsWith("/analyzer:", StringComparison.Ordinal) && IsOurs(a["/analyzer:".Length..])))
    .ToList();
if (ours != null)
{
    arguments.Add("/analyzer:" + Path.Combine(ours, "Saperly.Migration.Analyzers.dll"));
    arguments.Add("/analyzer:" + Path.Combine(ours, "Saperly.Migration.CodeFixes.dll"));
}

var sdkCompiler = Path.GetDirectoryName(typeof(CSharpCompilation).Assembly.Location)!;
var parsed = CSharpCommandLineParser.Default.Parse(arguments, Path.GetDirectoryName(rsp)!, sdkCompiler);
if (parsed.Errors.Any(e => e.Severity == DiagnosticSeverity.Error))
{
    Console.Error.WriteLine($"error: {parsed.Errors.First(e => e.Severity == DiagnosticSeverity.Error).GetMessage()}");
    return 2;
}

var trees = parsed.SourceFiles
    .Select(f => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(f.Path), System.Text.Encoding.UTF8), parsed.ParseOptions, f.Path))
    .ToList();
var configs = AnalyzerConfigSet.Create(parsed.AnalyzerConfigPaths.Select(p => AnalyzerConfig.Parse(SourceText.From(File.ReadAllText(p)), p)).ToList());
var references = parsed.MetadataReferences.Select(r => (MetadataReference)MetadataReference.CreateFromFile(r.Reference, r.Properties)).ToList();
var loader = new DefaultContextLoader();
var analyzerReferences = parsed.AnalyzerReferences.Select(r => new AnalyzerFileReference(Path.GetFullPath(r.FilePath), loader)).ToList();
var timed = new List<CpuTimedAnalyzer>();
var analyzers = analyzerReferences
    .SelectMany(r => r.GetAnalyzers(LanguageNames.CSharp))
    .Where(a => !oursOnly || IsOurs(a.GetType().Assembly.Location))
    .Select(a =>
    {
        if (!IsOurs(a.GetType().Assembly.Location))
        {
            return a;
        }

        var wrapped = new CpuTimedAnalyzer(a);
        timed.Add(wrapped);
        return (DiagnosticAnalyzer)wrapped;
    })
    .ToImmutableArray();
if (timed.Count == 0)
{
    Console.Error.WriteLine("error: the arguments name none of our analyzers; pass --analyzers DIR");
    return 2;
}

// Source generators run once, as in the build; the analyzers see their output.
var compilation = CSharpCompilation.Create(parsed.CompilationName, trees, references, parsed.CompilationOptions);
CSharpGeneratorDriver.Create(analyzerReferences.SelectMany(r => r.GetGenerators(LanguageNames.CSharp)), parseOptions: parsed.ParseOptions, optionsProvider: new ConfigOptions(configs))
    .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);
var errors = generated.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
if (errors > 0)
{
    Console.Error.WriteLine($"error: the project does not compile ({errors} errors), so its analysis would not be a build's");
    return 2;
}

var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new ConfigOptions(configs));
Console.WriteLine($"{parsed.CompilationName}: {generated.SyntaxTrees.Count()} files, {analyzers.Length} analyzers ({timed.Count} ours), {iterations} iterations, the first {WarmUp} not counted");

if (ideEdits > 0)
{
    return await IdePass.RunAsync(generated, analyzers, timed, options, ideEdits, WarmUp);
}

var cpu = new Dictionary<string, List<double>>();
var processCpu = new List<double>();
var oursWall = new List<double>();
var allWall = new List<double>();
for (var iteration = 0; iteration < iterations; iteration++)
{
    timed.ForEach(t => t.Reset());
    var withAnalyzers = generated.Clone().WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(options, null, concurrentAnalysis: true, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false));
    var clock = Stopwatch.StartNew();
    var processBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var found = (await withAnalyzers.GetAnalyzerDiagnosticsAsync()).Count(d => d.Id.StartsWith("SAP", StringComparison.Ordinal));
    var iterationCpu = (Process.GetCurrentProcess().TotalProcessorTime - processBefore).TotalMilliseconds;
    clock.Stop();
    double wallOurs = 0, wallAll = 0;
    foreach (var analyzer in analyzers)
    {
        var wall = (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)).ExecutionTime.TotalMilliseconds;
        wallAll += wall;
        wallOurs += analyzer is CpuTimedAnalyzer ? wall : 0;
    }

    var total = timed.Sum(t => t.Nanoseconds) / 1e6;
    var jitMs = TimeSpan.FromTicks(timed.Sum(t => t.JitTicks)).TotalMilliseconds;
    // The process's CPU for the iteration: the compilation's binding (what the compiler does for the build, less emit)
    // and every analyzer; with --ours-only, minus our CPU it is the compile our analyzers are a share of.
    Console.WriteLine($"  {iteration + 1,3}: our CPU {total,6:F2} ms (JIT {jitMs,6:F2} ms), process CPU {iterationCpu,7:F0} ms, our wall {wallOurs,6:F2} ms, all analyzers' wall {wallAll,7:F1} ms, analysis {clock.ElapsedMilliseconds} ms, {found} SAP diagnostics");
    if (iteration < WarmUp)
    {
        continue;
    }

    oursWall.Add(wallOurs);
    processCpu.Add(iterationCpu);
    allWall.Add(wallAll);
    Add("(all ours)", total);
    foreach (var t in timed)
    {
        Add(Rule(t.Inner), t.Nanoseconds / 1e6);
    }
}

static string Rule(DiagnosticAnalyzer analyzer) => analyzer.SupportedDiagnostics.Length > 0 ? analyzer.SupportedDiagnostics[0].Id : analyzer.GetType().Name;

void Add(string key, double value)
{
    if (!cpu.TryGetValue(key, out var list))
    {
        cpu[key] = list = new List<double>();
    }

    list.Add(value);
}

static double Median(List<double> values)
{
    var sorted = values.OrderBy(v => v).ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static double Quartile(List<double> values, int q) => values.OrderBy(v => v).ElementAt(Math.Min(values.Count - 1, values.Count * q / 4));

var all = cpu["(all ours)"];
Console.WriteLine($"our CPU, median {Median(all):F2} ms (quartiles {Quartile(all, 1):F2}-{Quartile(all, 3):F2}); process CPU {Median(processCpu):F0} ms; our wall {Median(oursWall):F2} ms; all analyzers' wall {Median(allWall):F1} ms");
Console.WriteLine("per rule (CPU ms, median): " + string.Join(", ", cpu.Where(kv => kv.Key != "(all ours)").OrderByDescending(kv => Median(kv.Value)).Select(kv => $"{kv.Key} {Median(kv.Value):F2}")));
return 0;

/// <summary>Loads analyzer assemblies into the default context, where the compiler's own assemblies already are.</summary>
internal sealed class DefaultContextLoader : IAnalyzerAssemblyLoader
{
    public void AddDependencyLocation(string fullPath)
    {
    }

    public Assembly LoadFromPath(string fullPath) => AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
}

/// <summary>The project's .editorconfig and generated global options, per file.</summary>
internal sealed class ConfigOptions(AnalyzerConfigSet configs) : AnalyzerConfigOptionsProvider
{
    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(configs.GlobalConfigOptions.AnalyzerOptions);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(configs.GetOptionsForSourcePath(tree.FilePath).AnalyzerOptions);

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(configs.GetOptionsForSourcePath(textFile.Path).AnalyzerOptions);

    private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override IEnumerable<string> Keys => values.Keys;

        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}

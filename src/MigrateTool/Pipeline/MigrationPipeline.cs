using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Saperly.Migration.Tool.Analysis;
using Saperly.Migration.Tool.Cli;
using Saperly.Migration.Tool.Fixing;
using Saperly.Migration.Tool.Gating;
using Saperly.Migration.Tool.Hosting;
using Saperly.Migration.Tool.Loading;
using Saperly.Migration.Tool.Progress;
using Saperly.Migration.Tool.Reports;
using Saperly.Migration.Tool.Wiring;
using Saperly.Migration.Tool.Writing;

namespace Saperly.Migration.Tool.Pipeline;

/// <summary>load → compile and analyze (one pass: baseline and findings) → fix to a fixed point → gate → plan → write → re-analyze.</summary>
internal sealed class MigrationPipeline
{
    private readonly MigrateSettings _settings;
    private readonly RuleCatalog _rules;
    private readonly ToolServices _services;
    private readonly IProgressSink _progress;
    private readonly PhaseClock _clock;
    private readonly List<Problem> _problems = [];

    public MigrationPipeline(MigrateSettings settings, RuleCatalog rules, ToolServices services, IProgressSink progress, PhaseClock clock)
    {
        _settings = settings;
        _rules = rules;
        _services = services;
        _progress = progress;
        _clock = clock;
    }

    public async Task<MigrationResult> RunAsync(CancellationToken cancellationToken)
    {
        _problems.AddRange(_rules.Problems.Select(p => new Problem("rules", "saperly-migrate", p)));
        var ids = (IReadOnlySet<string>?)_settings.DiagnosticIds ?? _rules.Descriptors.Keys.ToHashSet(StringComparer.Ordinal);

        // Not awaited: it runs beside the restore and the load, and whatever it has compiled by then is time saved.
        if (SpeedMechanisms.IsOn(SpeedMechanisms.Warmup))
        {
            _ = Warmup.Start(_rules.AnalyzersFor(ids), _settings.Check ? [] : _rules.Fixers, cancellationToken);
        }

        var unrestored = _settings.NoRestore ? [] : await RestoreAsync(cancellationToken);

        Phase("load", $"loading {_settings.InputPath}");
        using var loaded = await WorkspaceLoader.LoadAsync(_settings.InputPath, _progress, cancellationToken);
        _problems.AddRange(loaded.Failures.Select(f => new Problem("load", f.ProjectName, f.Message)));
        var scope = new EditScope(new PathFilter(loaded.RootDirectory, _settings.Includes, _settings.Excludes));
        string Relative(string path) => scope.Filter.Relative(path);

        Phase("analyze", _rules.Reach is null
            ? $"compiling every project and running {_rules.Analyzers.Length} analyzers ({string.Join(", ", ids.Order(StringComparer.Ordinal))}) in one pass"
            : $"running {_rules.Analyzers.Length} analyzers ({string.Join(", ", ids.Order(StringComparer.Ordinal))}) on the files they can report in");
        var collector = new FindingCollector(_rules, scope, ids, _services.CheckAgainstFullAnalysis);
        var (generating, kept, removed) = await GeneratorFilter.ApplyAsync(loaded.Solution, cancellationToken);
        _progress.Step($"analyzer references: {kept} kept for their source generators, {removed} left out (no generator, or one the sources do not call for)");
        var original = await FindingCollector.WithAnalysisOptionsAsync(generating, cancellationToken);
        var baseline = await CompileBaseline.CaptureAsync(original, _progress.Step, cancellationToken);
        var failed = loaded.Failures.Select(f => f.ProjectName).Concat(unrestored).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (project, reason) in baseline.Unusable)
        {
            scope.SkipProject(project.Id);
            if (!failed.Contains(ProjectNames.WithoutTargetFramework(project.Name)))
            {
                _problems.Add(new Problem("load", project.Name, reason));
            }
        }

        // A project whose packages did not restore compiles without them (NuGet writes its assets file all the same):
        // its findings and its fixes would be judged against code that is not the project's. It is left as it is.
        foreach (var project in original.Projects.Where(p => unrestored.Contains(ProjectNames.WithoutTargetFramework(p.Name), StringComparer.OrdinalIgnoreCase)))
        {
            scope.SkipProject(project.Id);
        }

        var initial = await collector.CollectAsync(original, cancellationToken);
        _progress.Step($"{initial.DistinctBy(f => f.Key).Count()} findings");

        if (_settings.Check)
        {
            // The CI gate: analysis only. Whether --apply can fix a finding is the fixer's offer, not a
            // computed fix, so a check costs a load and one compile-and-analyze pass.
            var offerProblems = new List<string>();
            var offered = await FixOffers.FindAsync(original, _rules, initial, offerProblems, cancellationToken);
            _services.OnAnalyses?.Invoke(collector.Analyses);
            _problems.AddRange(offerProblems.Select(p => new Problem("fix", "fix offers", p)));
            _problems.AddRange(collector.AnalyzerFailures.Select(f => new Problem("analyzer", "exception", f)));
            var checkedFindings = FindingMatcher.Match(initial, initial.Where(f => !offered.Contains(f.Key)), Relative, _rules.Descriptors, "run saperly-migrate --apply (it offers a fix)");
            var checkWiring = await WiringAsync(original, initial, loaded, Relative, cancellationToken);
            return Result(loaded, checkedFindings, [], checkWiring);
        }

        Phase("fix", "fixing to a fixed point");
        var outcome = initial.IsEmpty ? new FixOutcome(original, 0, []) : await new FixLoop(_rules, collector, scope, ids).RunAsync(original, initial, cancellationToken);
        _problems.AddRange(outcome.Problems.Select(p => new Problem("fix", "fix loop", p)));
        _progress.Step($"{outcome.Passes} pass(es)");
        var changed = await SolutionTexts.ChangedPathsAsync(original, outcome.Solution, cancellationToken);

        Phase("gate", $"compiling what {changed.Count} changed file(s) can affect");
        var gate = new CompileGate(baseline, collector, _services.CheckAgainstFullAnalysis);
        var (gated, withheld) = await gate.ApplyAsync(original, outcome.Solution, changed, Relative, cancellationToken);
        _progress.Step($"{gate.FilesCompiled} changed file(s) compiled on their own, {gate.ProjectsCompiled} project state(s) compiled whole");
        var changes = await ChangePlanner.PlanAsync(original, gated, changed, withheld, loaded.Snapshots, Relative, cancellationToken);
        var wiring = await WiringAsync(gated, initial, loaded, Relative, cancellationToken);

        if (_settings.WritesFiles)
        {
            Phase("write", $"writing {changes.Concat(wiring.Changes).Count(c => c.Status == FileChangeStatus.Planned)} file(s)");
            ChangeWriter.Write(changes, loaded.Snapshots, _services.Committer, _progress.Step, cancellationToken);
            ChangeWriter.Write(wiring.Changes, wiring.Snapshots, _services.Committer, _progress.Step, cancellationToken);
        }

        Phase("recheck", "re-analyzing the result");

        // When every change the gate let through is applied (or would be, in a preview), the result is
        // the gated solution (the fix loop's last pass analyzed it if nothing was withheld); otherwise the
        // original plus what was applied.
        var final = original;
        if (changes.Count(c => c.IsApplied) == changed.Count - withheld.Count && changes.All(c => c.IsApplied || c.Status == FileChangeStatus.Withheld))
        {
            final = gated;
        }
        else
        {
            foreach (var change in changes.Where(c => c.IsApplied))
            {
                final = SolutionTexts.WithFileText(final, change.Path, (await SolutionTexts.FileTextAsync(gated, change.Path, CancellationToken.None))!);
            }
        }

        var remaining = await collector.CollectAsync(final, CancellationToken.None);
        _services.OnAnalyses?.Invoke(collector.Analyses);
        _problems.AddRange(collector.AnalyzerFailures.Select(f => new Problem("analyzer", "exception", f)));
        _problems.AddRange(changes.Concat(wiring.Changes).Where(c => !c.IsApplied).Select(c => new Problem(KindOf(c.Status), c.RelativePath, c.Reason ?? c.Status.ToString())));
        return Result(loaded, FindingMatcher.Match(initial, remaining, Relative, _rules.Descriptors), changes, wiring);
    }

    /// <summary>
    /// The deployment wiring the code needs (<see cref="DeploymentWiring"/>): computed from what the code reads once
    /// fixed (<paramref name="solution"/>) and the projects with key-management findings.
    /// </summary>
    private async Task<WiringPlan> WiringAsync(Solution solution, IEnumerable<Finding> findings, LoadedSolution loaded, Func<string, string> relative, CancellationToken cancellationToken)
    {
        var keyManagement = findings.Where(f => f.RuleId == Saperly.Migration.Analyzers.Rules.RuleIds.KeyManagementWithApiKey).Select(f => f.ProjectName);
        var readers = await ServiceKeyReaders.FindAsync(solution, keyManagement, cancellationToken);
        var help = _rules.Descriptors.TryGetValue(Saperly.Migration.Analyzers.Rules.RuleIds.HardCodedSecretKey, out var rule) ? rule.HelpLinkUri ?? string.Empty : string.Empty;
        var plan = DeploymentWiring.Plan(loaded.RootDirectory, readers, relative, help);
        _progress.Step($"{plan.Files.Count} provisioning file(s), {plan.Changes.Count} to wire, {plan.Manual.Count} line(s) left to add by hand");
        return plan;
    }

    /// <summary>
    /// <c>dotnet restore</c> first where a project has no assets (<see cref="PackageRestore"/>); the projects it could not
    /// restore are problems of their own, named once.
    /// </summary>
    private async Task<IReadOnlyList<string>> RestoreAsync(CancellationToken cancellationToken)
    {
        var stale = PackageRestore.ProjectsToRestore(_settings.InputPath);
        if (stale.Count == 0)
        {
            return [];
        }

        Phase("restore", $"restoring packages ({stale.Count} project(s) not restored: {string.Join(", ", stale.Select(System.IO.Path.GetFileNameWithoutExtension).Take(5))}{(stale.Count > 5 ? ", ..." : "")})");
        var (failures, unattributed) = await PackageRestore.RunAsync(_settings.InputPath, cancellationToken);
        if (unattributed is not null)
        {
            _progress.Step($"dotnet restore failed: {unattributed}");
        }

        _problems.AddRange(failures.Select(f => new Problem("restore", f.Project, f.Message)));
        return failures.Select(f => f.Project).ToList();
    }

    private MigrationResult Result(LoadedSolution loaded, IReadOnlyList<ReportedFinding> findings, IReadOnlyList<FileChange> changes, WiringPlan wiring) => new()
    {
        ToolVersion = MigrationRun.ToolVersion,
        Input = _settings.InputPath,
        Mode = _settings.Check ? "check" : _settings.Apply ? "apply" : "preview",
        Findings = findings.Concat(wiring.Secrets).ToList(),
        Changes = changes.Concat(wiring.Changes).ToList(),
        Problems = _problems,
        ManualSteps = ManualSteps.For(findings, loaded.RootDirectory, wiring),
        Rules = _rules.Descriptors,
    };

    private void Phase(string name, string description)
    {
        _services.OnPhase?.Invoke(name);
        _clock.Start(name);
        _progress.Phase(name, description);
    }

    private static string KindOf(FileChangeStatus status) => status switch
    {
        FileChangeStatus.Withheld => "withheld",
        FileChangeStatus.SkippedReadOnly => "read-only",
        FileChangeStatus.SkippedEncoding => "encoding",
        FileChangeStatus.SkippedChangedOnDisk => "changed-on-disk",
        _ => "not-written",
    };
}

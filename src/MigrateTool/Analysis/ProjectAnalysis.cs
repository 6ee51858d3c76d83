using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Saperly.Migration.Tool.Analysis;

/// <summary>
/// One project state's rule diagnostics (all of them, before scope and ID filtering) and, when the analysis
/// compiled the whole project, its compiler errors (null when it analyzed only the files the rules can report in).
/// </summary>
internal sealed record ProjectAnalysis(ImmutableArray<Diagnostic>? Errors, ImmutableArray<Diagnostic> Diagnostics);

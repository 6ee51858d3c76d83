using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Saperly.Migration.Tool.Analysis;

/// <summary>One project state's compiler errors and rule diagnostics (all of them, before scope and ID filtering).</summary>
internal sealed record ProjectAnalysis(ImmutableArray<Diagnostic> Errors, ImmutableArray<Diagnostic> Diagnostics);

using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Saperly.Migration.Tool.Fixing;

/// <summary>The solution after the fix loop, how many passes it took, and what went wrong on the way.</summary>
internal sealed record FixOutcome(Solution Solution, int Passes, IReadOnlyList<string> Problems);

using System;

namespace Saperly.Migration.Tool.Loading;

/// <summary>
/// MSBuild could not open the solution at all (e.g. its global.json selects an SDK that is not installed): reported as
/// one line with exit code 3, nothing written, never with a stack trace.
/// </summary>
internal sealed class SolutionLoadException : Exception
{
    public SolutionLoadException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

using System;

namespace Saperly.Migration.Tool.Cli;

/// <summary>Bad input from the user: reported as one line, exit code 2, never with a stack trace.</summary>
internal sealed class ToolInputException : Exception
{
    public ToolInputException(string message)
        : base(message)
    {
    }
}

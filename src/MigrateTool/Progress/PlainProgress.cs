using System.IO;

namespace Saperly.Migration.Tool.Progress;

/// <summary>Progress as plain lines, for redirected output, --no-progress and logs.</summary>
internal sealed class PlainProgress : IProgressSink
{
    private readonly TextWriter _writer;
    private readonly bool _steps;

    public PlainProgress(TextWriter writer, bool steps)
    {
        _writer = writer;
        _steps = steps;
    }

    public void Phase(string name, string description) => _writer.WriteLine($"[{name}] {description}");

    public void Step(string text)
    {
        if (_steps)
        {
            _writer.WriteLine($"  {text}");
        }
    }
}

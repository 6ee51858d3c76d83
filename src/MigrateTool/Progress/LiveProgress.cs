using Spectre.Console;
using Saperly.Migration.Tool.Output;

namespace Saperly.Migration.Tool.Progress;

/// <summary>A Spectre.Console status line per phase and project, on an interactive terminal only.</summary>
internal sealed class LiveProgress : IProgressSink
{
    private readonly StatusContext _context;
    private string _phase = string.Empty;

    public LiveProgress(StatusContext context)
    {
        _context = context;
    }

    public void Phase(string name, string description)
    {
        _phase = name;
        _context.Status(Markup.Escape($"{name}: {SecretRedactor.Redact(description)}"));
    }

    public void Step(string text) => _context.Status(Markup.Escape($"{_phase}: {SecretRedactor.Redact(text)}"));
}

using System.Collections.Generic;
using System.Diagnostics;

namespace Saperly.Migration.Tool.Pipeline;

/// <summary>Stopwatch per phase, printed with --verbosity detailed.</summary>
internal sealed class PhaseClock
{
    private readonly List<(string Phase, long Milliseconds)> _phases = [];
    private readonly Stopwatch _watch = new();
    private string? _current;

    public IReadOnlyList<(string Phase, long Milliseconds)> Phases => _phases;

    public void Start(string phase)
    {
        Stop();
        _current = phase;
        _watch.Restart();
    }

    public void Stop()
    {
        if (_current is not null)
        {
            _phases.Add((_current, _watch.ElapsedMilliseconds));
            _current = null;
        }
    }
}

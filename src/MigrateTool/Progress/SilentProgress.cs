namespace Saperly.Migration.Tool.Progress;

internal sealed class SilentProgress : IProgressSink
{
    public void Phase(string name, string description)
    {
    }

    public void Step(string text)
    {
    }
}

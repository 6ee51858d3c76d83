namespace Saperly.Migration.Tool.Progress;

/// <summary>Where the run says what it is doing: a live display on a terminal, plain lines otherwise.</summary>
internal interface IProgressSink
{
    void Phase(string name, string description);

    void Step(string text);
}

namespace Saperly.Migration.Tool.Reports;

/// <summary>Something the run did not do (a project that did not load, a withheld or unwritten change, a failing rule).</summary>
internal sealed record Problem(string Kind, string Subject, string Message)
{
    public override string ToString() => $"{Kind}: {Subject}: {Message}";
}

using System.IO;
using System.Text;

namespace Saperly.Migration.Tool.Output;

/// <summary>
/// Wraps a writer so that nothing reaches it unredacted. Text is held until a line ends, so a key
/// split across several Write calls is still caught.
/// </summary>
internal sealed class RedactingTextWriter : TextWriter
{
    private readonly TextWriter _inner;
    private readonly StringBuilder _pending = new();

    public RedactingTextWriter(TextWriter inner)
    {
        _inner = inner;
    }

    public override Encoding Encoding => _inner.Encoding;

    public override void Write(char value)
    {
        _pending.Append(value);
        if (value == '\n')
        {
            FlushPending();
        }
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        _pending.Append(value);
        if (value.Contains('\n'))
        {
            FlushPending();
        }
    }

    public override void Flush()
    {
        FlushPending();
        _inner.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }

    private void FlushPending()
    {
        if (_pending.Length == 0)
        {
            return;
        }

        _inner.Write(SecretRedactor.Redact(_pending.ToString()));
        _pending.Clear();
    }
}

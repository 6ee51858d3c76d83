using System;
using System.Text;

namespace Saperly.Migration.Tool.Writing;

/// <summary>
/// How a file's bytes map to text, decided from the bytes themselves: a byte-order mark, else strict
/// UTF-8. A file is safe to edit only when its text encodes back to exactly its original bytes.
/// </summary>
internal sealed class FileEncoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private FileEncoding(Encoding encoding, byte[] preamble, string name)
    {
        Encoding = encoding;
        Preamble = preamble;
        Name = name;
    }

    public Encoding Encoding { get; }

    public byte[] Preamble { get; }

    public string Name { get; }

    /// <summary>Detects the encoding of <paramref name="bytes"/>, or returns null with the reason when they are not text it can reproduce.</summary>
    public static FileEncoding? Detect(byte[] bytes, out string? problem)
    {
        problem = null;
        var candidate = Sniff(bytes);
        if (candidate is null)
        {
            problem = "it is not valid UTF-8 and has no byte-order mark (Latin-1 or another legacy code page?), so it cannot be rewritten without corrupting characters";
            return null;
        }

        string text;
        try
        {
            text = candidate.Decode(bytes);
        }
        catch (DecoderFallbackException)
        {
            problem = $"its bytes are not valid {candidate.Name}";
            return null;
        }

        if (!candidate.Encode(text).AsSpan().SequenceEqual(bytes))
        {
            problem = $"its text does not encode back to its original bytes in {candidate.Name}";
            return null;
        }

        return candidate;
    }

    public string Decode(byte[] bytes) => Encoding.GetString(bytes, Preamble.Length, bytes.Length - Preamble.Length);

    public byte[] Encode(string text)
    {
        var body = Encoding.GetBytes(text);
        var result = new byte[Preamble.Length + body.Length];
        Preamble.CopyTo(result, 0);
        body.CopyTo(result, Preamble.Length);
        return result;
    }

    private static FileEncoding? Sniff(byte[] b)
    {
        if (StartsWith(b, 0xEF, 0xBB, 0xBF))
        {
            return new FileEncoding(new UTF8Encoding(false, true), [0xEF, 0xBB, 0xBF], "UTF-8 with BOM");
        }

        if (StartsWith(b, 0xFF, 0xFE, 0x00, 0x00))
        {
            return new FileEncoding(new UTF32Encoding(false, false, true), [0xFF, 0xFE, 0x00, 0x00], "UTF-32 LE");
        }

        if (StartsWith(b, 0xFF, 0xFE))
        {
            return new FileEncoding(new UnicodeEncoding(false, false, true), [0xFF, 0xFE], "UTF-16 LE");
        }

        if (StartsWith(b, 0xFE, 0xFF))
        {
            return new FileEncoding(new UnicodeEncoding(true, false, true), [0xFE, 0xFF], "UTF-16 BE");
        }

        try
        {
            StrictUtf8.GetCharCount(b);
            return new FileEncoding(StrictUtf8, [], "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static bool StartsWith(byte[] bytes, params byte[] prefix) => bytes.AsSpan().StartsWith(prefix);
}

using System;
using System.IO;
using System.Security.Cryptography;

namespace Saperly.Migration.Tool.Loading;

/// <summary>A file's bytes as they were when the tool loaded it: the base for encoding checks and for detecting later edits.</summary>
internal sealed class FileSnapshot
{
    private FileSnapshot(string path, byte[] bytes)
    {
        Path = path;
        Bytes = bytes;
        Hash = SHA256.HashData(bytes);
    }

    public string Path { get; }

    public byte[] Bytes { get; }

    public byte[] Hash { get; }

    /// <summary>The file's bytes now, or null when it cannot be read (then it is reported and never written).</summary>
    public static FileSnapshot? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? new FileSnapshot(path, File.ReadAllBytes(path)) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public bool IsUnchangedOnDisk() => File.Exists(Path) && SHA256.HashData(File.ReadAllBytes(Path)).AsSpan().SequenceEqual(Hash);
}

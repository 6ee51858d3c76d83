namespace Saperly.Migration.Tool.Writing;

internal enum FileChangeStatus
{
    /// <summary>Ready to write (preview and --check stop here).</summary>
    Planned,
    Written,

    /// <summary>The compile gate held it back: it would add a compiler error.</summary>
    Withheld,
    SkippedReadOnly,
    SkippedEncoding,
    SkippedChangedOnDisk,

    /// <summary>Not written: cancelled before its turn, or the write failed (the file is unchanged).</summary>
    NotWritten,
}

/// <summary>One file the fixes change, with the bytes to write and what became of it.</summary>
internal sealed class FileChange
{
    public FileChange(string path, string relativePath, string originalText, string newText)
    {
        Path = path;
        RelativePath = relativePath;
        OriginalText = originalText;
        NewText = newText;
    }

    public string Path { get; }

    public string RelativePath { get; }

    public string OriginalText { get; }

    public string NewText { get; }

    public byte[]? NewBytes { get; init; }

    public FileChangeStatus Status { get; set; } = FileChangeStatus.Planned;

    public string? Reason { get; set; }

    public bool IsApplied => Status is FileChangeStatus.Planned or FileChangeStatus.Written;

    public static FileChange Rejected(string path, string relativePath, string originalText, FileChangeStatus status, string reason) =>
        new(path, relativePath, originalText, originalText) { Status = status, Reason = reason };
}

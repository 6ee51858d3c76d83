using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Saperly.Migration.Tool.Gating;

/// <summary>A compiler error compared by what it says and where (file), not by line: edits move lines.</summary>
internal readonly record struct ErrorKey(string Id, string FilePath, string Message)
{
    public static ErrorKey Of(Diagnostic diagnostic) =>
        new(diagnostic.Id, diagnostic.Location.SourceTree?.FilePath ?? string.Empty, diagnostic.GetMessage(CultureInfo.InvariantCulture));
}

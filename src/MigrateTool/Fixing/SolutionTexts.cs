using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Saperly.Migration.Tool.Fixing;

/// <summary>
/// Works with a solution's changes by file path: one file may be several documents (linked into
/// several projects, or one project per target framework), and it must get one text.
/// </summary>
internal static class SolutionTexts
{
    /// <summary>The files whose text differs between the two solutions, in ordinal order.</summary>
    public static async Task<IReadOnlyList<string>> ChangedPathsAsync(Solution from, Solution to, CancellationToken cancellationToken)
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var projectChange in to.GetChanges(from).GetProjectChanges())
        {
            foreach (var id in projectChange.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true))
            {
                var before = await from.GetDocument(id)!.GetTextAsync(cancellationToken);
                var after = await to.GetDocument(id)!.GetTextAsync(cancellationToken);
                if (!before.ContentEquals(after) && to.GetDocument(id)!.FilePath is { } path)
                {
                    paths.Add(path);
                }
            }
        }

        return [.. paths];
    }

    /// <summary>Sets <paramref name="text"/> on every document of <paramref name="path"/>.</summary>
    public static Solution WithFileText(Solution solution, string path, SourceText text)
    {
        foreach (var id in solution.GetDocumentIdsWithFilePath(path))
        {
            solution = solution.WithDocumentText(id, text, PreservationMode.PreserveIdentity);
        }

        return solution;
    }

    /// <summary>The text of <paramref name="path"/> in <paramref name="solution"/> (its first document, by project order).</summary>
    public static async Task<SourceText?> FileTextAsync(Solution solution, string path, CancellationToken cancellationToken)
    {
        var id = solution.GetDocumentIdsWithFilePath(path)
            .OrderBy(i => solution.GetProject(i.ProjectId)!.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return id is null ? null : await solution.GetDocument(id)!.GetTextAsync(cancellationToken);
    }

    /// <summary>A fingerprint of everything changed from <paramref name="original"/>: equal fingerprints mean equal states.</summary>
    public static async Task<string> FingerprintAsync(Solution original, Solution current, CancellationToken cancellationToken)
    {
        var builder = new StringBuilder();
        foreach (var path in await ChangedPathsAsync(original, current, cancellationToken))
        {
            var text = await FileTextAsync(current, path, cancellationToken);
            builder.Append(path).Append(':').Append(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text!.ToString())))).Append('\n');
        }

        return builder.ToString();
    }
}

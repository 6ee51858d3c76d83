using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace Saperly.Migration.Tool.Analysis;

/// <summary>Which documents the run may report on and edit: in a usable project, within the globs, not generated.</summary>
internal sealed class EditScope
{
    private readonly PathFilter _filter;
    private readonly HashSet<ProjectId> _skippedProjects = [];
    private readonly ConcurrentDictionary<string, bool> _generated = new(StringComparer.Ordinal);

    public EditScope(PathFilter filter)
    {
        _filter = filter;
    }

    public PathFilter Filter => _filter;

    public void SkipProject(ProjectId id) => _skippedProjects.Add(id);

    public bool Skips(Project project) => _skippedProjects.Contains(project.Id) || project.Language != LanguageNames.CSharp;

    public async Task<bool> CanEditAsync(Document document, CancellationToken cancellationToken)
    {
        if (document.FilePath is not { } path || Skips(document.Project) || !_filter.Includes(path))
        {
            return false;
        }

        if (!_generated.TryGetValue(path, out var generated))
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken);
            generated = tree is null || Saperly.Migration.Analyzers.GeneratedCode.IsGeneratedFile(
                tree, document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(tree), cancellationToken);
            _generated[path] = generated;
        }

        return !generated;
    }
}

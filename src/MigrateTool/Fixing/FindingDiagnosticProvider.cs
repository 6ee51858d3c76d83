using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Saperly.Migration.Tool.Fixing;

/// <summary>Feeds a Fix All the findings the driver already computed (with the projects' own options).</summary>
internal sealed class FindingDiagnosticProvider : FixAllContext.DiagnosticProvider
{
    private readonly ILookup<DocumentId, Diagnostic> _byDocument;

    public FindingDiagnosticProvider(IEnumerable<(DocumentId Document, Diagnostic Diagnostic)> diagnostics)
    {
        _byDocument = diagnostics.ToLookup(d => d.Document, d => d.Diagnostic);
    }

    public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
        Task.FromResult<IEnumerable<Diagnostic>>(_byDocument[document.Id].ToArray());

    public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
        Task.FromResult(Enumerable.Empty<Diagnostic>());

    public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
        Task.FromResult<IEnumerable<Diagnostic>>(_byDocument.Where(g => g.Key.ProjectId == project.Id).SelectMany(g => g).ToArray());
}

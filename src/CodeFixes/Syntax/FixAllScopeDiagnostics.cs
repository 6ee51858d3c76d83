using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Saperly.Migration.CodeFixes.Syntax
{
    /// <summary>The diagnostics of one rule in a Fix All scope (document, project or solution), with their documents.</summary>
    internal static class FixAllScopeDiagnostics
    {
        public static async Task<List<(DocumentId Document, Diagnostic Diagnostic)>> OfAsync(FixAllContext context, string ruleId)
        {
            var diagnostics = new List<(DocumentId, Diagnostic)>();
            var projects = context.Scope == FixAllScope.Solution ? context.Solution.Projects : new[] { context.Project };
            foreach (var project in projects)
            {
                foreach (var document in project.Documents)
                {
                    if (context.Scope == FixAllScope.Document && document.Id != context.Document?.Id)
                    {
                        continue;
                    }

                    var found = await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);
                    diagnostics.AddRange(found.Where(d => d.Id == ruleId).Select(d => (document.Id, d)));
                }
            }

            return diagnostics;
        }
    }
}

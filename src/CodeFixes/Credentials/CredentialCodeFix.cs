using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Saperly.Migration.Analyzers.Model;

namespace Saperly.Migration.CodeFixes.Credentials
{
    /// <summary>Registration shared by the SAP001 and SAP002 fixers: one action per diagnostic, offered only when a plan exists.</summary>
    internal static class CredentialCodeFix
    {
        public static async Task RegisterAsync(CodeFixContext context, string title, string equivalenceKey, CredentialTier target)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                var plan = await CredentialFix.PlanAsync(context.Document, diagnostic, target, new NameReservations(), context.CancellationToken).ConfigureAwait(false);
                if (plan.IsEmpty)
                {
                    continue;
                }

                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => CredentialFixAllProvider.ApplyAsync(document.Project.Solution, new[] { (document, diagnostic) }, target, ct), equivalenceKey),
                    diagnostic);
            }
        }
    }
}

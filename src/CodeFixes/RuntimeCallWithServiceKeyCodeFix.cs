using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Saperly.Migration.Analyzers.Model;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.CodeFixes.Calls;
using Saperly.Migration.CodeFixes.Credentials;

namespace Saperly.Migration.CodeFixes
{
    /// <summary>SAP002: runtime calls with the API key (or the child key minted in scope), from the source itself or a credential of the call's own.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RuntimeCallWithServiceKeyCodeFix)), Shared]
    public sealed class RuntimeCallWithServiceKeyCodeFix : CallCodeFix
    {
        public RuntimeCallWithServiceKeyCodeFix()
            : base(RuleIds.RuntimeCallWithServiceKey, "Use the API key for runtime calls")
        {
        }

        internal override Task<bool> ApplyAsync(CallEdit edit, CancellationToken cancellationToken) =>
            CredentialFix.ApplyAsync(edit, CredentialTier.ApiKey, cancellationToken);
    }
}

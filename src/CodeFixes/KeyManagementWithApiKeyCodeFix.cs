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
    /// <summary>SAP001: key management with the service key, from the source itself or a credential of the call's own.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KeyManagementWithApiKeyCodeFix)), Shared]
    public sealed class KeyManagementWithApiKeyCodeFix : CallCodeFix
    {
        public KeyManagementWithApiKeyCodeFix()
            : base(RuleIds.KeyManagementWithApiKey, "Use the service key for key management")
        {
        }

        internal override Task<bool> ApplyAsync(CallEdit edit, CancellationToken cancellationToken) =>
            CredentialFix.ApplyAsync(edit, CredentialTier.ServiceKey, cancellationToken);
    }
}

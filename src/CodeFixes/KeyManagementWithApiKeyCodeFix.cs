using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Saperly.Migration.Analyzers.Model;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.CodeFixes.Credentials;

namespace Saperly.Migration.CodeFixes
{
    /// <summary>SAP001 → the service key for key management: switch a dedicated source, or split a shared one.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KeyManagementWithApiKeyCodeFix)), Shared]
    public sealed class KeyManagementWithApiKeyCodeFix : CodeFixProvider
    {
        private const string Title = "Use the service key for key management";
        private static readonly FixAllProvider FixAll = new CredentialFixAllProvider(CredentialTier.ServiceKey);

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.KeyManagementWithApiKey);

        public override FixAllProvider GetFixAllProvider() => FixAll;

        public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
            CredentialCodeFix.RegisterAsync(context, Title, RuleIds.KeyManagementWithApiKey, CredentialTier.ServiceKey);
    }
}

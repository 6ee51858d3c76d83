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
    /// <summary>SAP002 → the API key (or a minted child key) for runtime calls.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RuntimeCallWithServiceKeyCodeFix)), Shared]
    public sealed class RuntimeCallWithServiceKeyCodeFix : CodeFixProvider
    {
        private const string Title = "Use the API key for runtime calls";
        private static readonly FixAllProvider FixAll = new CredentialFixAllProvider(CredentialTier.ApiKey);

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.RuntimeCallWithServiceKey);

        public override FixAllProvider GetFixAllProvider() => FixAll;

        public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
            CredentialCodeFix.RegisterAsync(context, Title, RuleIds.RuntimeCallWithServiceKey, CredentialTier.ApiKey);
    }
}

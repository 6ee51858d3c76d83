using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Saperly.Migration.Analyzers.Recognition;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.CodeFixes.Syntax;
using Saperly.Migration.CodeFixes.Permissions;

namespace Saperly.Migration.CodeFixes
{
    /// <summary>
    /// SAP004: accept the response-only legacy_full tier. Enums get a documented member in their siblings'
    /// naming and attribute style; allow-lists and JSON schema strings get "legacy_full" in their own layout.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PermissionModelMissingLegacyFullCodeFix)), Shared]
    public sealed class PermissionModelMissingLegacyFullCodeFix : CodeFixProvider
    {
        private const string Title = "Accept legacy_full";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.PermissionModelMissingLegacyFull);

        /// <summary>Each diagnostic owns one enum, list or literal, so fixes never overlap: the batch fixer composes them.</summary>
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || Editable.IsGenerated(context.Document, root.SyntaxTree))
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                var kind = Property(diagnostic, PermissionModelMissingLegacyFullAnalyzer.ModelKindProperty);
                var span = diagnostic.Location.SourceSpan;
                var mapping = Property(diagnostic, PermissionModelMissingLegacyFullAnalyzer.MappingProperty);
                if (mapping != null || kind == TierCheckKinds.Predicate || kind == TierCheckKinds.Regex)
                {
                    // A switch or if-chain whose full branch cannot be mapped (no full branch, its enum has no legacy member yet) has no fix.
                    if (mapping != LegacyBranches.None && TierCheckRewriter.FindTarget(root, span, kind) != null)
                    {
                        var legacyMember = Property(diagnostic, PermissionModelMissingLegacyFullAnalyzer.LegacyMemberProperty);
                        context.RegisterCodeFix(
                            CodeAction.Create(Title, ct => TierCheckRewriter.FixAsync(context.Document, span, kind, mapping, legacyMember, ct), equivalenceKey: RuleIds.PermissionModelMissingLegacyFull),
                            diagnostic);
                    }

                    continue;
                }

                if (LegacyFullRewriter.FindTarget(root, diagnostic.Location.SourceSpan, kind) == null)
                {
                    continue;
                }

                var wireStyle = Property(diagnostic, PermissionModelMissingLegacyFullAnalyzer.WireStyleProperty);
                context.RegisterCodeFix(
                    CodeAction.Create(
                        Title,
                        ct => LegacyFullRewriter.FixAsync(context.Document, span, kind, wireStyle, ct),
                        equivalenceKey: RuleIds.PermissionModelMissingLegacyFull),
                    diagnostic);
            }
        }

        private static string? Property(Diagnostic diagnostic, string name) =>
            diagnostic.Properties.TryGetValue(name, out var value) ? value : null;
    }
}

using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.CodeFixes.Calls;
using Saperly.Migration.CodeFixes.Syntax;

namespace Saperly.Migration.CodeFixes
{
    /// <summary>
    /// SAP008: one Idempotency-Key per logical operation. The analyzer names the expression that sends the key and, to
    /// hoist it, where one key per operation is declared (above the retry loop or retry-policy lambda, an expression body
    /// becoming a block): a key generated per attempt is generated there once; a constant becomes a fresh
    /// <c>Guid.NewGuid().ToString()</c> there, or, for a local initialized from a literal, in place.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(IdempotencyKeyNotPerOperationCodeFix)), Shared]
    public sealed class IdempotencyKeyNotPerOperationCodeFix : CallCodeFix
    {
        public IdempotencyKeyNotPerOperationCodeFix()
            : base(RuleIds.IdempotencyKeyNotPerOperation, "Use one Idempotency-Key per operation")
        {
        }

        internal override Task<bool> ApplyAsync(CallEdit edit, CancellationToken cancellationToken)
        {
            var site = edit.Place<ExpressionSyntax>(CallLocations.KeySite);
            var fix = edit.Target.Property(IdempotencyKeyNotPerOperationAnalyzer.FixProperty);
            var constant = edit.Target.Property(IdempotencyKeyNotPerOperationAnalyzer.OriginProperty) == "Constant";
            if (site == null || site.ContainsDiagnostics)
            {
                return Task.FromResult(false);
            }

            if (fix == "Inline")
            {
                edit.Editor.ReplaceNode(site, edit.FreshKey(site).WithTriviaFrom(site));
                return Task.FromResult(true);
            }

            var anchor = fix == "Hoist" ? edit.InsertionPointAt(CallLocations.KeyAnchor) : null;
            var at = anchor == null ? null : edit.SiteAt(anchor);
            if (at == null)
            {
                return Task.FromResult(false);
            }

            var value = constant ? edit.FreshKey(at.Node) : edit.NewCode.Hole(Layout.Moved(site));
            var key = edit.Declare(at, "idempotencyKey", value);
            edit.Editor.ReplaceNode(site, key.WithTriviaFrom(site));
            return Task.FromResult(true);
        }
    }
}

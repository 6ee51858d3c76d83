using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.CodeFixes.Calls;
using Saperly.Migration.CodeFixes.Idempotency;

namespace Saperly.Migration.CodeFixes
{
    /// <summary>SAP009: calls and messages send a fresh Idempotency-Key, as SAP003 does for mint and rotate (<see cref="IdempotencyFix"/>).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RecommendedIdempotencyKeyCodeFix)), Shared]
    public sealed class RecommendedIdempotencyKeyCodeFix : CallCodeFix
    {
        public RecommendedIdempotencyKeyCodeFix()
            : base(RuleIds.RecommendedIdempotencyKey, "Send a fresh Idempotency-Key")
        {
        }

        internal override Task<bool> ApplyAsync(CallEdit edit, CancellationToken cancellationToken) => IdempotencyFix.ApplyAsync(edit, cancellationToken);
    }
}

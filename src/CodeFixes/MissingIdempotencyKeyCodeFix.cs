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
    /// <summary>SAP003: mint and rotate send a fresh Idempotency-Key, one per operation (<see cref="IdempotencyFix"/>).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingIdempotencyKeyCodeFix)), Shared]
    public sealed class MissingIdempotencyKeyCodeFix : CallCodeFix
    {
        public MissingIdempotencyKeyCodeFix()
            : base(RuleIds.MissingIdempotencyKey, "Send a fresh Idempotency-Key")
        {
        }

        internal override Task<bool> ApplyAsync(CallEdit edit, CancellationToken cancellationToken) => IdempotencyFix.ApplyAsync(edit, cancellationToken);
    }
}

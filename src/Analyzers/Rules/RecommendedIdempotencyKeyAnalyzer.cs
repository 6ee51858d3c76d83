using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Saperly.Migration.Analyzers.Recognition;

namespace Saperly.Migration.Analyzers.Rules
{
    /// <summary>
    /// SAP009 (suggestion): place a call (POST /v1/calls) or send an SMS (POST /v1/messages) without an
    /// Idempotency-Key header. Recommended by the API, not required: a retry without one may place a second
    /// call or send a second message. Same conditions as SAP003, on the operations that only recommend the key.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RecommendedIdempotencyKeyAnalyzer : DiagnosticAnalyzer
    {
        private static readonly ImmutableArray<DiagnosticDescriptor> Supported = ImmutableArray.Create(Descriptors.RecommendedIdempotencyKey);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Supported;

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(CallRule.GeneratedCode);
            context.EnableConcurrentExecution();
            CallRule.Register(context, Judge);
        }

        private static void Judge(SaperlyCall call, CallReport report)
        {
            // A handler we cannot see (AddHttpMessageHandler, a custom DelegatingHandler) may add the header,
            // and an SDK method without an idempotencyKey parameter leaves nothing to pass: say nothing.
            if (!call.Operation.RecommendsIdempotencyKey || call.Operation.RequiresIdempotencyKey || call.HasIdempotencyKey || call.HeadersOpaque)
            {
                return;
            }

            // Where the fix declares the key: above a retry around the send, so that retries resend the same one.
            var anchor = InsertionPoints.KeyAnchor(call);
            var locations = new CallLocations.Builder().Add(CallLocations.KeyAnchor, anchor?.GetLocation());
            report.Add(CallRule.Create(Descriptors.RecommendedIdempotencyKey, call, null, new object[] { call.Endpoint }, null, locations));
        }
    }
}

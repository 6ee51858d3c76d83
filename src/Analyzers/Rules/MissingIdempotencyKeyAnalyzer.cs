using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Saperly.Migration.Analyzers.Recognition;

namespace Saperly.Migration.Analyzers.Rules
{
    /// <summary>SAP003: mint (POST /v1/keys) or rotate (POST /v1/keys/{id}/rotate) without an Idempotency-Key header.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MissingIdempotencyKeyAnalyzer : DiagnosticAnalyzer
    {
        private static readonly ImmutableArray<DiagnosticDescriptor> Supported = ImmutableArray.Create(Descriptors.MissingIdempotencyKey);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Supported;

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(CallRule.GeneratedCode);
            context.EnableConcurrentExecution();
            CallRule.Register(context, Judge);
        }

        private static void Judge(SaperlyCall call, CallReport report)
        {
            // A handler we cannot see (AddHttpMessageHandler, a custom DelegatingHandler) may add the header: say nothing.
            if (!call.Operation.RequiresIdempotencyKey || call.HasIdempotencyKey || call.HeadersOpaque)
            {
                return;
            }

            // Where the fix declares the key: above a retry around the send, so that retries resend the same one.
            var anchor = InsertionPoints.KeyAnchor(call);
            var locations = new CallLocations.Builder().Add(CallLocations.KeyAnchor, anchor?.GetLocation());
            report.Add(CallRule.Create(Descriptors.MissingIdempotencyKey, call, null, new object[] { call.Endpoint }, null, locations));
        }
    }
}

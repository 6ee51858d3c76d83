using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Saperly.Migration.Analyzers.Model;
using Saperly.Migration.Analyzers.Recognition;

namespace Saperly.Migration.Analyzers.Rules
{
    /// <summary>
    /// SAP008: an Idempotency-Key that does not identify one logical operation: a constant, or a value
    /// generated anew inside a retry loop or retry-policy lambda. Mint and rotate, and calls and messages
    /// that carry a key.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class IdempotencyKeyNotPerOperationAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: Constant, RetryLoop or RetryLambda.</summary>
        public const string OriginProperty = "KeyOrigin";

        /// <summary>Diagnostic property, present when a fix is safe: Hoist (declare one key before the anchor) or Inline (replace the site).</summary>
        public const string FixProperty = "Fix";

        private static readonly ImmutableArray<DiagnosticDescriptor> Supported = ImmutableArray.Create(Descriptors.IdempotencyKeyNotPerOperation);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Supported;

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(CallRule.GeneratedCode);
            context.EnableConcurrentExecution();
            CallRule.Register(context, Judge);
        }

        private static void Judge(SaperlyCall call, CallReport report)
        {
            if (call.IdempotencyValues.IsDefaultOrEmpty || !(call.Operation.RequiresIdempotencyKey || call.Operation.RecommendsIdempotencyKey))
            {
                return;
            }

            var shared = report.Shared;
            foreach (var value in call.IdempotencyValues)
            {
                var origin = IdempotencyKeyOrigins.Judge(value, call, shared);
                if (origin == null)
                {
                    continue;
                }

                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                properties[CallProperties.Endpoint] = call.Endpoint;
                properties[OriginProperty] = origin.Kind.ToString();
                var locations = new CallLocations.Builder();
                if (origin.Fixable && origin.Site.Syntax.SyntaxTree == call.Invocation.Syntax.SyntaxTree)
                {
                    // The site is replaced by one key per operation: declared at the anchor (Hoist), or made in place (Inline).
                    locations.Add(CallLocations.KeySite, origin.Site.Syntax.GetLocation()).Add(CallLocations.KeyAnchor, origin.Anchor?.GetLocation());
                    properties[FixProperty] = origin.Anchor != null ? "Hoist" : "Inline";
                }

                locations.Describe(properties);
                report.Add(Diagnostic.Create(Descriptors.IdempotencyKeyNotPerOperation, call.Location, locations.Locations, properties.ToImmutable(), call.Endpoint, Problem(origin.Kind, call.Operation)));
                return;
            }
        }

        private static string Problem(KeyOriginKind kind, SaperlyOperation operation)
        {
            var noun = operation == SaperlyApi.MintKey ? "mint"
                : operation == SaperlyApi.RotateKey ? "rotation"
                : operation == SaperlyApi.CreateCall ? "call"
                : operation == SaperlyApi.SendMessage ? "message"
                : "request";
            switch (kind)
            {
                case KeyOriginKind.Constant:
                    return "is a constant: every " + noun + " sends the same key, and a second, different body is rejected with idempotency_key_reused";
                case KeyOriginKind.RetryLoop:
                    return "is generated inside a retry loop: each retry becomes a new " + noun;
                default:
                    return "is generated inside a retry-policy lambda: each retry becomes a new " + noun;
            }
        }
    }
}

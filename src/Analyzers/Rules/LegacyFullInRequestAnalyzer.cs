using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Saperly.Migration.Analyzers.Model;
using Saperly.Migration.Analyzers.Recognition;

namespace Saperly.Migration.Analyzers.Rules
{
    /// <summary>
    /// SAP005: a mint (POST /v1/keys) or update (PATCH /v1/keys/{id}) whose body sets permissions to the
    /// response-only legacy_full. Reported at the value; the call is the additional location.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LegacyFullInRequestAnalyzer : DiagnosticAnalyzer
    {
        private static readonly ImmutableArray<DiagnosticDescriptor> Supported = ImmutableArray.Create(Descriptors.LegacyFullInRequest);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Supported;

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(CallRule.GeneratedCode);
            context.EnableConcurrentExecution();
            CallRule.Register(context, Judge);
        }

        private static void Judge(SaperlyCall call, CallReport report)
        {
            if (call.Operation != SaperlyApi.MintKey && call.Operation != SaperlyApi.UpdateKey)
            {
                return;
            }

            var shared = report.Shared;
            var reported = new HashSet<Location>();
            var properties = ImmutableDictionary<string, string?>.Empty.Add(CallProperties.Endpoint, call.Endpoint);
            foreach (var body in RequestBodies.Of(call, shared))
            {
                foreach (var value in RequestBodies.LegacyFullPermissions(body, shared))
                {
                    var location = value.Syntax.GetLocation();
                    if (reported.Add(location))
                    {
                        report.Add(Diagnostic.Create(Descriptors.LegacyFullInRequest, location, new[] { call.Location }, properties, call.Endpoint));
                    }
                }
            }
        }
    }
}

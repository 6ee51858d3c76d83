using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Saperly.Migration.Analyzers.Model;
using Saperly.Migration.Analyzers.Recognition;

namespace Saperly.Migration.Analyzers.Rules
{
    /// <summary>SAP002: a data-plane call (anything under /v1/ but /v1/keys) authenticated with a service key.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RuntimeCallWithServiceKeyAnalyzer : DiagnosticAnalyzer
    {
        private static readonly ImmutableArray<DiagnosticDescriptor> Supported = ImmutableArray.Create(Descriptors.RuntimeCallWithServiceKey);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Supported;

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(CallRule.GeneratedCode);
            context.EnableConcurrentExecution();
            CallRule.Register(context, Judge);
        }

        private static void Judge(SaperlyCall call, CallReport report)
        {
            if (call.Operation.Plane != ApiPlane.DataPlane || call.Credential?.Tier != CredentialTier.ServiceKey)
            {
                return;
            }

            CredentialRule.Report(Descriptors.RuntimeCallWithServiceKey, call, call.Credential, CredentialTier.ApiKey, report);
        }
    }
}

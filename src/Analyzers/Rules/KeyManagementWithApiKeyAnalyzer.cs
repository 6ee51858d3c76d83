using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Saperly.Migration.Analyzers.Model;
using Saperly.Migration.Analyzers.Recognition;

namespace Saperly.Migration.Analyzers.Rules
{
    /// <summary>SAP001: a /v1/keys call authenticated with the regular API key.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class KeyManagementWithApiKeyAnalyzer : DiagnosticAnalyzer
    {
        private static readonly ImmutableArray<DiagnosticDescriptor> Supported = ImmutableArray.Create(Descriptors.KeyManagementWithApiKey);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Supported;

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(CallRule.GeneratedCode);
            context.EnableConcurrentExecution();
            CallRule.Register(context, Judge);
        }

        private static void Judge(SaperlyCall call, CallReport report)
        {
            if (call.Operation.Plane != ApiPlane.KeyManagement || call.Credential?.Tier != CredentialTier.ApiKey || call.Credential.Kind == CredentialKind.ChildKey)
            {
                return;
            }

            CredentialRule.Report(Descriptors.KeyManagementWithApiKey, call, call.Credential, CredentialTier.ServiceKey, report);
        }
    }
}

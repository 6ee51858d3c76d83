using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using Saperly.Migration.Analyzers.Model;
using Saperly.Migration.Analyzers.Recognition;

namespace Saperly.Migration.Analyzers.Rules
{
    /// <summary>
    /// What SAP001 and SAP002 report: the call, the credential's source, the secret it should read, and how the fix
    /// changes it (<see cref="CallProperties.CredentialFix"/>), decided here so that the fix reads it instead of
    /// recognizing the compilation's calls again.
    /// </summary>
    internal static class CredentialRule
    {
        public static void Report(DiagnosticDescriptor descriptor, SaperlyCall call, CredentialSource credential, CredentialTier target, CallReport report)
        {
            var expected = ExpectedSecret(credential, target);
            var decision = Decide(call, credential, expected, report);
            var properties = new List<KeyValuePair<string, string?>> { new KeyValuePair<string, string?>(CallProperties.CredentialFix, decision) };
            if (decision == CallProperties.SplitCall && call.Shape == CallShape.Refit)
            {
                // A Refit client's token getter replaces every request's token: no call can carry a credential of its own.
                var api = call.Invocation.TargetMethod.ContainingType.Name;
                properties.Add(new KeyValuePair<string, string?>(CallProperties.WhatToDo, target == CredentialTier.ServiceKey
                    ? $"give {api}'s key-management methods an interface of their own, registered (AddRefitClient or RestService.For) with settings whose token is {expected}, and keep {api} on {credential.Display} for the runtime calls"
                    : $"move {api}'s runtime methods to an interface of their own, registered with settings whose token is {expected}, and keep the key-management methods on {credential.Display}"));
            }

            report.Add(CallRule.Create(descriptor, call, expected, new object[] { call.Endpoint, credential.Display, expected }, properties));
        }

        /// <summary>The secret the call should read: the other tier's twin of a configuration or options name (keeping its spelling), else the conventional variable.</summary>
        public static string ExpectedSecret(CredentialSource credential, CredentialTier target) =>
            credential.Kind == CredentialKind.Configuration || credential.Kind == CredentialKind.OptionsProperty
                ? SaperlyApi.TwinName(credential.Name, target) ?? SaperlyApi.ConventionalSecret(target)
                : SaperlyApi.ConventionalSecret(target);

        /// <summary>
        /// Rename the source when it can change tier on its own: it feeds no call of the other plane (in any file), it is
        /// not generated code, and it is a name or key literal, or an options property whose type has the twin property.
        /// Otherwise the call gets a credential of its own.
        /// </summary>
        private static string Decide(SaperlyCall call, CredentialSource credential, string expected, CallReport report)
        {
            var origin = credential.Origin.Syntax;
            var tree = origin.SyntaxTree;
            if (GeneratedCode.IsGeneratedFile(tree, report.Options.AnalyzerConfigOptionsProvider.GetOptions(tree), report.CancellationToken) ||
                !CanRename(credential, expected) ||
                report.Shared.CredentialFeedsOtherPlane(call, report.Options, report.CancellationToken))
            {
                return CallProperties.SplitCall;
            }

            return CallProperties.RenameSource;
        }

        private static bool CanRename(CredentialSource credential, string expected)
        {
            switch (credential.Kind)
            {
                case CredentialKind.EnvironmentVariable:
                case CredentialKind.Configuration:
                case CredentialKind.SecretLookup:
                case CredentialKind.Literal:
                    return credential.Origin.Syntax.IsKind(SyntaxKind.StringLiteralExpression);
                case CredentialKind.OptionsProperty:
                    var twin = expected.Substring(expected.LastIndexOf('.') + 1);
                    if (!(credential.Origin is IPropertyReferenceOperation property))
                    {
                        return false;
                    }

                    foreach (var member in property.Property.ContainingType.GetMembers(twin))
                    {
                        if (member is IPropertySymbol { Type: { SpecialType: SpecialType.System_String } })
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }
    }
}

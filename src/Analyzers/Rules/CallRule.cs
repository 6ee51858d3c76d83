using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Saperly.Migration.Analyzers.Recognition;

namespace Saperly.Migration.Analyzers.Rules
{
    /// <summary>The names of the properties a call rule puts on its diagnostics; the fixes read them.</summary>
    public static class CallProperties
    {
        public const string Endpoint = "Endpoint";
        public const string Method = "Method";
        public const string PathTemplate = "PathTemplate";
        public const string Shape = "Shape";
        public const string ClientKind = "ClientKind";
        public const string ClientName = "ClientName";
        public const string CredentialKind = "CredentialKind";
        public const string CredentialName = "CredentialName";
        public const string CredentialTier = "CredentialTier";
        public const string CredentialScope = "CredentialScope";
        public const string ExpectedSecret = "ExpectedSecret";

        /// <summary>Index in <c>Diagnostic.AdditionalLocations</c> of the credential's origin (the name literal, property, or key literal).</summary>
        public const int CredentialOriginLocation = 0;

        /// <summary>Index in <c>Diagnostic.AdditionalLocations</c> of the header write or construction that carries the credential.</summary>
        public const int CredentialWriteLocation = 1;
    }

    /// <summary>Shared plumbing of the rules that judge recognized calls: registration and reporting.</summary>
    internal static class CallRule
    {
        /// <summary>
        /// Registers a syntax-node action on invocations whose method name could be an HTTP call or an
        /// SDK resource call, and builds the operation only for those: code that never names such a
        /// method pays for a string comparison per invocation and nothing else.
        /// </summary>
        public static void Register(AnalysisContext context, Action<SaperlyCall, Action<Diagnostic>> judge)
        {
            context.RegisterCompilationStartAction(start =>
            {
                var shared = SaperlyCompilation.ForCalls(start.Compilation, start.Options.AnalyzerConfigOptionsProvider);
                if (shared == null)
                {
                    return;
                }

                start.RegisterSyntaxNodeAction(
                    c =>
                    {
                        var node = (InvocationExpressionSyntax)c.Node;
                        if (!CallRecognizer.IsCandidateName(node) ||
                            !(c.SemanticModel.GetOperation(node, c.CancellationToken) is IInvocationOperation invocation))
                        {
                            return;
                        }

                        var call = shared.Recognize(invocation, c.Options, c.CancellationToken);
                        if (call != null)
                        {
                            judge(call, c.ReportDiagnostic);
                        }
                    },
                    SyntaxKind.InvocationExpression);
            });
        }

        public static Diagnostic Create(DiagnosticDescriptor descriptor, SaperlyCall call, string? expectedSecret, params object[] messageArgs)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[CallProperties.Endpoint] = call.Endpoint;
            properties[CallProperties.Method] = call.Operation.Method;
            properties[CallProperties.PathTemplate] = call.Operation.PathTemplate;
            properties[CallProperties.Shape] = call.Shape.ToString();
            properties[CallProperties.ClientKind] = call.Client.ToString();
            properties[CallProperties.ClientName] = call.ClientName;
            properties[CallProperties.CredentialScope] = call.CredentialScope.ToString();
            if (call.Credential != null)
            {
                properties[CallProperties.CredentialKind] = call.Credential.Kind.ToString();
                properties[CallProperties.CredentialName] = call.Credential.Name;
                properties[CallProperties.CredentialTier] = call.Credential.Tier.ToString();
            }

            if (expectedSecret != null)
            {
                properties[CallProperties.ExpectedSecret] = expectedSecret;
            }

            var additional = new List<Location>();
            if (call.Credential != null)
            {
                additional.Add(call.Credential.Origin.Syntax.GetLocation());
                additional.Add((call.CredentialWrite ?? call.Credential.Origin).Syntax.GetLocation());
            }

            return Diagnostic.Create(descriptor, call.Location, additional, properties.ToImmutable(), messageArgs);
        }
    }
}

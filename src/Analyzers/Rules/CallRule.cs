using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
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
        /// Registers one action per file: a file whose text names no HTTP or SDK call method (most files of a
        /// solution) is not walked; in the others, only invocations whose method name could be such a call are
        /// bound. One callback per file instead of one per invocation of the solution, for each of the six rules
        /// that judge calls. Every rule reads the same recognized call (<see cref="SaperlyCompilation.Recognize"/>).
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

                start.RegisterSemanticModelAction(c => JudgeFile(shared, c, judge));
            });
        }

        /// <summary>
        /// How the call rules treat generated code: a generated file is not analyzed (the driver skips it), and a call
        /// inside a <c>[GeneratedCode]</c> type or member of a hand-written file is not reported, which
        /// <see cref="JudgeFile"/> checks itself. Left to the driver (<see cref="GeneratedCodeAnalysisFlags.None"/>),
        /// that check walked every token of each file a diagnostic was reported in, under one lock for the whole
        /// compilation: a sixth of the rules' time on a 100-file project with findings, in a warm compiler.
        /// </summary>
        public const GeneratedCodeAnalysisFlags GeneratedCode = GeneratedCodeAnalysisFlags.ReportDiagnostics;

        /// <summary>
        /// Judges each recognized Saperly call of a file, in text order; nothing for a file whose text names no call method.
        /// The report delegate is made only for a file that has calls: most files have none, and each of the call rules
        /// runs this once per file.
        /// </summary>
        public static void JudgeFile(SaperlyCompilation shared, in SemanticModelAnalysisContext context, Action<SaperlyCall, Action<Diagnostic>> judge)
        {
            var model = context.SemanticModel;
            var calls = shared.CallsIn(model.SyntaxTree, model, context.Options, context.CancellationToken);
            if (calls.Count == 0)
            {
                return;
            }

            Action<Diagnostic> report = context.ReportDiagnostic;
            if (GeneratedCodeFilter.MayDeclare(model.SyntaxTree, context.CancellationToken))
            {
                var unfiltered = report;
                var cancellationToken = context.CancellationToken;
                report = diagnostic =>
                {
                    if (!GeneratedCodeFilter.IsInside(diagnostic.Location, model, cancellationToken))
                    {
                        unfiltered(diagnostic);
                    }
                };
            }

            foreach (var call in calls)
            {
                judge(call, report);
            }
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

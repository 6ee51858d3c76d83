using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
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

        /// <summary>
        /// SAP001/SAP002: how the credential is fixed, decided by the analyzer. <see cref="RenameSource"/> when the
        /// source feeds calls of this plane only and lies in code the fix may edit: the source itself changes tier
        /// (whatever file it is in); <see cref="SplitCall"/> otherwise: this call gets a credential of its own.
        /// </summary>
        public const string CredentialFix = "CredentialFix";

        /// <summary>What a developer does where the fix cannot: the one change a human has to decide, in words (the tool prints it).</summary>
        public const string WhatToDo = "WhatToDo";

        public const string RenameSource = "RenameSource";
        public const string SplitCall = "SplitCall";

        /// <summary>The names of <c>Diagnostic.AdditionalLocations</c>, in order, comma-separated (<see cref="CallLocations"/>).</summary>
        public const string Locations = "Locations";
    }

    /// <summary>The places a call diagnostic names besides the call, each under its own name (<see cref="CallProperties.Locations"/>).</summary>
    public static class CallLocations
    {
        /// <summary>What names the credential: the secret's name literal, the options property, the key literal.</summary>
        public const string CredentialOrigin = "CredentialOrigin";

        /// <summary>The header write or construction that carries the credential.</summary>
        public const string CredentialWrite = "CredentialWrite";

        /// <summary>The declarator of the local that holds the call's client, when the call's client is a local.</summary>
        public const string Client = "Client";

        /// <summary>
        /// Where one Idempotency-Key per operation is declared (SAP003, SAP009; SAP008's hoist): a statement in a
        /// statement list, or an expression body a fix turns into a block.
        /// </summary>
        public const string KeyAnchor = "KeyAnchor";

        /// <summary>SAP008: the expression that sends a key not made per operation.</summary>
        public const string KeySite = "KeySite";

        /// <summary>The location named <paramref name="name"/>, or null when the diagnostic does not name it.</summary>
        public static Location? Find(Diagnostic diagnostic, string name)
        {
            if (!diagnostic.Properties.TryGetValue(CallProperties.Locations, out var names) || names == null)
            {
                return null;
            }

            var index = 0;
            foreach (var candidate in names.Split(','))
            {
                if (candidate == name)
                {
                    return index < diagnostic.AdditionalLocations.Count ? diagnostic.AdditionalLocations[index] : null;
                }

                index++;
            }

            return null;
        }

        /// <summary>Builds the additional locations of a diagnostic and the property that names them.</summary>
        internal sealed class Builder
        {
            private readonly List<Location> _locations = new List<Location>();
            private readonly List<string> _names = new List<string>();

            public Builder Add(string name, Location? location)
            {
                if (location != null && location.IsInSource)
                {
                    _names.Add(name);
                    _locations.Add(location);
                }

                return this;
            }

            public IReadOnlyList<Location> Locations => _locations;

            public void Describe(ImmutableDictionary<string, string?>.Builder properties)
            {
                if (_names.Count > 0)
                {
                    properties[CallProperties.Locations] = string.Join(",", _names);
                }
            }
        }
    }

    /// <summary>What a call rule's judge reports to, and the compilation-wide state it may ask (one per file).</summary>
    internal sealed class CallReport
    {
        private readonly Action<Diagnostic> _report;

        public CallReport(Action<Diagnostic> report, SaperlyCompilation shared, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            _report = report;
            Shared = shared;
            Options = options;
            CancellationToken = cancellationToken;
        }

        public SaperlyCompilation Shared { get; }
        public AnalyzerOptions Options { get; }
        public CancellationToken CancellationToken { get; }

        public void Add(Diagnostic diagnostic) => _report(diagnostic);
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
        public static void Register(AnalysisContext context, Action<SaperlyCall, CallReport> judge)
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
        /// compilation, while the other rules waited to report (docs/performance.md, item 28).
        /// </summary>
        public const GeneratedCodeAnalysisFlags GeneratedCode = GeneratedCodeAnalysisFlags.ReportDiagnostics;

        /// <summary>
        /// Judges each recognized Saperly call of a file, in text order; nothing for a file whose text names no call method.
        /// The report delegate is made only for a file that has calls: most files have none, and each of the call rules
        /// runs this once per file.
        /// </summary>
        public static void JudgeFile(SaperlyCompilation shared, in SemanticModelAnalysisContext context, Action<SaperlyCall, CallReport> judge)
        {
            var model = context.SemanticModel;
            var calls = shared.CallsIn(model.SyntaxTree, model, context.Options, context.CancellationToken);
            if (calls.Count == 0)
            {
                return;
            }

            Action<Diagnostic> report = context.ReportDiagnostic;
            if (Analyzers.GeneratedCode.MayMark(model.SyntaxTree, context.CancellationToken))
            {
                var unfiltered = report;
                var cancellationToken = context.CancellationToken;
                report = diagnostic =>
                {
                    if (!Analyzers.GeneratedCode.IsInsideMarked(diagnostic.Location, model, cancellationToken))
                    {
                        unfiltered(diagnostic);
                    }
                };
            }

            var callReport = new CallReport(report, shared, context.Options, context.CancellationToken);
            foreach (var call in calls)
            {
                judge(call, callReport);
            }
        }

        /// <summary>
        /// A diagnostic at the call with everything a fix of it needs: the call's endpoint, shape and client, its
        /// credential (origin and write, named in <see cref="CallLocations"/>), the local that holds its client, and the
        /// rule's own <paramref name="extra"/> properties and locations.
        /// </summary>
        public static Diagnostic Create(DiagnosticDescriptor descriptor, SaperlyCall call, string? expectedSecret, object[] messageArgs,
            IEnumerable<KeyValuePair<string, string?>>? extraProperties = null, CallLocations.Builder? extraLocations = null)
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

            foreach (var pair in extraProperties ?? Array.Empty<KeyValuePair<string, string?>>())
            {
                properties[pair.Key] = pair.Value;
            }

            var locations = extraLocations ?? new CallLocations.Builder();
            if (call.Credential != null)
            {
                locations.Add(CallLocations.CredentialOrigin, call.Credential.Origin.Syntax.GetLocation());
                locations.Add(CallLocations.CredentialWrite, (call.CredentialWrite ?? call.Credential.Origin).Syntax.GetLocation());
            }

            if (call.ClientSymbol is ILocalSymbol local)
            {
                foreach (var reference in local.DeclaringSyntaxReferences)
                {
                    locations.Add(CallLocations.Client, Location.Create(reference.SyntaxTree, reference.Span));
                }
            }

            locations.Describe(properties);
            return Diagnostic.Create(descriptor, call.Location, locations.Locations, properties.ToImmutable(), messageArgs);
        }
    }
}

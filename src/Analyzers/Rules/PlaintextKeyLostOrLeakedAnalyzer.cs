using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Saperly.Migration.Analyzers.Model;
using Saperly.Migration.Analyzers.Recognition;

namespace Saperly.Migration.Analyzers.Rules
{
    /// <summary>
    /// SAP006: the plaintext_key of a mint or rotate response is lost (the response or the record's plaintext
    /// is never read, stored or returned) or leaked (written to the console, Debug/Trace, a log, an exception
    /// message or telemetry). Lost is reported at the call, leaked at the plaintext.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PlaintextKeyLostOrLeakedAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: Lost or Leaked.</summary>
        public const string KindProperty = "PlaintextFinding";

        /// <summary>Diagnostic property (leaks): Member, JsonName or RemoveHole when a fix is safe.</summary>
        public const string FixProperty = "Fix";

        /// <summary>Diagnostic property (leaks): the member or JSON name to read instead of the plaintext.</summary>
        public const string ReplacementProperty = "Replacement";

        /// <summary>Index in <c>Diagnostic.AdditionalLocations</c> of the node the fix edits (leaks with a fix).</summary>
        public const int EditLocation = 0;

        private static readonly ImmutableArray<DiagnosticDescriptor> Supported = ImmutableArray.Create(Descriptors.PlaintextKeyLostOrLeaked);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Supported;

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(CallRule.GeneratedCode);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var shared = SaperlyCompilation.ForCalls(start.Compilation, start.Options.AnalyzerConfigOptionsProvider);
                if (shared == null)
                {
                    return;
                }

                // Leaks are reported where the plaintext is written, outside the call: a per-file action may report
                // anywhere in its file, where a call action's node could not. A file whose text names no HTTP or SDK
                // call method (most files of a solution) is not walked, and only candidate invocations are bound.
                start.RegisterSemanticModelAction(c => CallRule.JudgeFile(shared, c, Judge));
            });
        }

        private static void Judge(SaperlyCall call, CallReport report)
        {
            if (call.Operation != SaperlyApi.MintKey && call.Operation != SaperlyApi.RotateKey)
            {
                return;
            }

            var facts = MintResults.Analyze(call);
            var endpoint = call.Endpoint;
            if (facts.Lost)
            {
                var properties = ImmutableDictionary<string, string?>.Empty.Add(CallProperties.Endpoint, endpoint).Add(KindProperty, "Lost");
                report.Add(Diagnostic.Create(Descriptors.PlaintextKeyLostOrLeaked, call.Location, properties,
                    "The plaintext_key returned by " + endpoint + " is discarded; it is shown exactly once"));
            }

            var tree = call.Invocation.Syntax.SyntaxTree;
            var reported = new HashSet<Location>();
            foreach (var leak in facts.Leaks)
            {
                var location = leak.Value.Syntax.GetLocation();
                if (leak.Value.Syntax.SyntaxTree != tree || !reported.Add(location))
                {
                    continue;
                }

                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                properties[CallProperties.Endpoint] = endpoint;
                properties[KindProperty] = "Leaked";
                var additional = new List<Location>();
                if (leak.Fix != LeakFixKind.None && leak.Edit != null)
                {
                    properties[FixProperty] = leak.Fix.ToString();
                    properties[ReplacementProperty] = leak.Replacement;
                    additional.Add(leak.Edit.GetLocation());
                }

                report.Add(Diagnostic.Create(Descriptors.PlaintextKeyLostOrLeaked, location, additional, properties.ToImmutable(),
                    "The plaintext key from " + endpoint + " is written to " + leak.Sink + "; log its key_prefix or id instead"));
            }
        }
    }
}

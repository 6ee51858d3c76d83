using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Saperly.Migration.Analyzers.Model;
using Saperly.Migration.Analyzers.Recognition;

namespace Saperly.Migration.Analyzers.Rules
{
    /// <summary>
    /// SAP007: a Saperly key literal (<c>sk_live_</c>, <c>sk_test_</c>, <c>sk_svc_live_</c>, <c>sk_svc_test_</c>)
    /// that reaches a Saperly credential: the credential of a recognized Saperly call, a key argument or
    /// options value of an SDK-style client construction, or the fallback of a <c>SAPERLY_*</c> secret read.
    /// A literal that reaches nothing Saperly (Stripe shares the sk_live_/sk_test_ prefixes) is not reported.
    /// Reported once, on the literal, never echoing more than its prefix.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class HardCodedSecretKeyAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: how the literal reaches the credential (a <see cref="KeyReach"/> name).</summary>
        public const string ReachProperty = "Reach";

        private static readonly ImmutableArray<DiagnosticDescriptor> Supported = ImmutableArray.Create(Descriptors.HardCodedSecretKey);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Supported;

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                // No Saperly marker in any source (no v1 path, no "saperly", no sk_svc_): nothing can reach a Saperly credential.
                var shared = SaperlyCompilation.ForCalls(start.Compilation, start.Options.AnalyzerConfigOptionsProvider);
                if (shared == null)
                {
                    return;
                }

                var origins = new CallCredentialLiterals(shared, start.Options);
                start.RegisterSemanticModelAction(c => AnalyzeTree(c, shared, origins));
            });
        }

        /// <summary>
        /// Once per file: every key literal spells <c>sk_</c> in its text (or hides it behind an escape), so a file that
        /// does not is not walked; one ordinal search instead of a callback per string literal of the solution.
        /// </summary>
        private static void AnalyzeTree(SemanticModelAnalysisContext context, SaperlyCompilation shared, CallCredentialLiterals origins)
        {
            var tree = context.SemanticModel.SyntaxTree;
            var text = tree.GetText(context.CancellationToken).ToString();
            if (!TextFilters.MaySpell(text, "sk_"))
            {
                return;
            }

            foreach (var node in tree.GetRoot(context.CancellationToken).DescendantNodes())
            {
                if (node.IsKind(SyntaxKind.StringLiteralExpression))
                {
                    Analyze((LiteralExpressionSyntax)node, context, shared, origins);
                }
            }
        }

        private static void Analyze(LiteralExpressionSyntax literal, SemanticModelAnalysisContext context, SaperlyCompilation shared, CallCredentialLiterals origins)
        {
            // Syntax first: only literals shaped like a key are ever bound.
            var tier = SaperlyApi.ClassifyKeyLiteral(literal.Token.ValueText);
            if (tier == CredentialTier.Unknown || !(context.SemanticModel.GetOperation(literal, context.CancellationToken) is IOperation operation))
            {
                return;
            }

            var options = shared.OptionsFor(literal.SyntaxTree, context.Options);
            var recognizer = new CallRecognizer(shared, options, context.CancellationToken);
            var reach = FallbackOfSecretRead(operation, recognizer)
                        ?? ClientConstruction(operation, options)
                        ?? (origins.Contains(literal, context.CancellationToken) ? KeyReach.Call : (KeyReach?)null);
            if (reach == null)
            {
                return;
            }

            var secret = SaperlyApi.ConventionalSecret(tier);
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[CallProperties.ExpectedSecret] = secret;
            properties[CallProperties.CredentialTier] = tier.ToString();
            properties[ReachProperty] = reach.Value.ToString();
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.HardCodedSecretKey, literal.GetLocation(), properties.ToImmutable(), Redacted(literal.Token.ValueText), secret));
        }

        /// <summary>The prefix only: "Bearer sk_live_4eC3…" → "sk_live_…".</summary>
        private static string Redacted(string value)
        {
            var v = value.Trim();
            if (v.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                v = v.Substring(7).TrimStart();
            }

            return SaperlyApi.RedactKey(v);
        }

        /// <summary>The operation a value is, seen from outside: past conversions and parentheses.</summary>
        private static IOperation Outermost(IOperation op)
        {
            while (op.Parent is IConversionOperation || op.Parent is IParenthesizedOperation)
            {
                op = op.Parent;
            }

            return op;
        }

        /// <summary>
        /// <c>Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? "sk_…"</c>, <c>config["Saperly:ApiKey"] ?? "sk_…"</c>,
        /// <c>config.GetValue("Saperly:ApiKey", "sk_…")</c>: the read names a Saperly secret (or a configured name).
        /// </summary>
        private static KeyReach? FallbackOfSecretRead(IOperation literal, CallRecognizer recognizer)
        {
            var value = Outermost(literal);
            if (value.Parent is ICoalesceOperation coalesce && coalesce.WhenNull == value)
            {
                return IsSaperlySecretRead(recognizer.CredentialOf(coalesce.Value, 0)) ? KeyReach.Fallback : (KeyReach?)null;
            }

            if (value.Parent is IArgumentOperation argument && argument.Parameter?.Name == "defaultValue" &&
                argument.Parent is IInvocationOperation invocation && invocation.TargetMethod.Name == "GetValue")
            {
                var read = recognizer.CredentialOf(invocation, 0);
                return read?.Kind == CredentialKind.Configuration && read.IsSaperlyNamed ? KeyReach.DefaultValue : (KeyReach?)null;
            }

            return null;
        }

        private static bool IsSaperlySecretRead(CredentialSource? read) =>
            read != null && read.IsSaperlyNamed &&
            (read.Kind == CredentialKind.EnvironmentVariable || read.Kind == CredentialKind.Configuration || read.Kind == CredentialKind.SecretLookup);

        /// <summary>
        /// <c>new SaperlyClient("sk_…")</c>, <c>new SaperlyClient { ApiKey = "sk_…" }</c>,
        /// <c>new SaperlyClient(new ClientOptions { ApiKey = "sk_…" })</c>: a key-named string parameter or property
        /// of a type the client-types option names (default: Saperly).
        /// </summary>
        private static KeyReach? ClientConstruction(IOperation literal, SaperlyOptions options)
        {
            var value = Outermost(literal);
            if (value.Parent is IArgumentOperation argument && argument.Parent is IObjectCreationOperation creation)
            {
                return IsClient(creation, options) && argument.Parameter != null &&
                       argument.Parameter.Type.SpecialType == SpecialType.System_String && IsKeyName(argument.Parameter.Name)
                    ? KeyReach.Client
                    : (KeyReach?)null;
            }

            if (value.Parent is ISimpleAssignmentOperation assignment && assignment.Value == value &&
                assignment.Target is IPropertyReferenceOperation property && property.Property.Type.SpecialType == SpecialType.System_String &&
                IsKeyName(property.Property.Name) &&
                assignment.Parent is IObjectOrCollectionInitializerOperation initializer && initializer.Parent is IObjectCreationOperation owner)
            {
                if (IsClient(owner, options))
                {
                    return KeyReach.Client;
                }

                var outer = Outermost(owner);
                return outer.Parent is IArgumentOperation ownerArgument && ownerArgument.Parent is IObjectCreationOperation client && IsClient(client, options)
                    ? KeyReach.Client
                    : (KeyReach?)null;
            }

            return null;
        }

        private static bool IsClient(IObjectCreationOperation creation, SaperlyOptions options) =>
            creation.Type is INamedTypeSymbol type && options.IsClientTypeName(type.Name) && !MentionsStripe(type.Name);

        /// <summary>A parameter or property that holds a key: apiKey, serviceKey, key, token, secret... but never another vendor's.</summary>
        private static bool IsKeyName(string name)
        {
            if (MentionsStripe(name))
            {
                return false;
            }

            if (SaperlyOptions.ClassifyPropertyName(name) != CredentialTier.Unknown)
            {
                return true;
            }

            var n = name.ToLowerInvariant();
            return n == "key" || n == "token" || n == "secret" || n == "bearertoken" || n == "apitoken" || n == "secretkey" || n == "credential" || n == "credentials";
        }

        private static bool MentionsStripe(string name) => name.IndexOf("stripe", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>
        /// The key literals that are the credential of a recognized Saperly call anywhere in the compilation
        /// (a header, a client's default headers, a constant used by several calls). Built once, on the first
        /// key literal that needs it; the calls themselves are recognized once for every rule.
        /// </summary>
        private sealed class CallCredentialLiterals
        {
            private readonly SaperlyCompilation _shared;
            private readonly AnalyzerOptions _options;
            private readonly object _gate = new object();
            private HashSet<(SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan)>? _literals;

            public CallCredentialLiterals(SaperlyCompilation shared, AnalyzerOptions options)
            {
                _shared = shared;
                _options = options;
            }

            public bool Contains(LiteralExpressionSyntax literal, CancellationToken cancellationToken)
            {
                var literals = Volatile.Read(ref _literals);
                if (literals == null)
                {
                    lock (_gate)
                    {
                        // Built under the lock and published only when complete: a cancelled build leaves nothing behind.
                        literals = _literals ??= Build(cancellationToken);
                    }
                }

                return literals.Contains((literal.SyntaxTree, literal.Span));
            }

            private HashSet<(SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan)> Build(CancellationToken cancellationToken)
            {
                var result = new HashSet<(SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan)>();
                foreach (var call in _shared.AllCalls(_options, cancellationToken))
                {
                    if (call.Credential?.Kind != CredentialKind.Literal)
                    {
                        continue;
                    }

                    foreach (var literal in LiteralsOf(call.Credential.Origin, cancellationToken))
                    {
                        result.Add((literal.SyntaxTree, literal.Span));
                    }
                }

                return result;
            }

            /// <summary>The key literals an origin is: itself, or the initializer of the constant it names.</summary>
            private static IEnumerable<LiteralExpressionSyntax> LiteralsOf(IOperation origin, CancellationToken cancellationToken)
            {
                var own = KeyLiterals(origin.Syntax).ToList();
                if (own.Count > 0)
                {
                    return own;
                }

                var symbol = Symbols.Referenced(origin);
                var isConst = symbol is IFieldSymbol { IsConst: true } || symbol is ILocalSymbol { IsConst: true };
                if (!isConst)
                {
                    return own;
                }

                return symbol!.DeclaringSyntaxReferences
                    .Select(r => r.GetSyntax(cancellationToken))
                    .OfType<VariableDeclaratorSyntax>()
                    .Where(d => d.Initializer != null)
                    .SelectMany(d => KeyLiterals(d.Initializer!.Value))
                    .ToList();
            }

            private static IEnumerable<LiteralExpressionSyntax> KeyLiterals(SyntaxNode node) =>
                node.DescendantNodesAndSelf().OfType<LiteralExpressionSyntax>()
                    .Where(l => l.IsKind(SyntaxKind.StringLiteralExpression) && SaperlyApi.ClassifyKeyLiteral(l.Token.ValueText) != CredentialTier.Unknown);
        }
    }

    /// <summary>How a key literal reaches a Saperly credential; the fix reads it from the diagnostic's properties.</summary>
    public enum KeyReach
    {
        /// <summary>The credential of a recognized Saperly call (an Authorization header, a client's default headers).</summary>
        Call,
        /// <summary>A key argument or options value of an SDK-style client construction.</summary>
        Client,
        /// <summary>The right side of <c>read ?? "sk_…"</c> where the read names a Saperly secret.</summary>
        Fallback,
        /// <summary>The <c>defaultValue</c> of <c>GetValue("Saperly:ApiKey", "sk_…")</c>.</summary>
        DefaultValue,
    }
}

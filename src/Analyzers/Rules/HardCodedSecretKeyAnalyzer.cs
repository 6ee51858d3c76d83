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
using Microsoft.CodeAnalysis.Text;
using Saperly.Migration.Analyzers.Model;
using Saperly.Migration.Analyzers.Recognition;

namespace Saperly.Migration.Analyzers.Rules
{
    /// <summary>
    /// SAP007: a Saperly key literal (<c>sk_live_</c>, <c>sk_test_</c>, <c>sk_svc_live_</c>, <c>sk_svc_test_</c>)
    /// that reaches a Saperly credential: the credential of a recognized Saperly call, a key argument or
    /// options value of an SDK-style client construction, the fallback of a <c>SAPERLY_*</c> secret read (directly or
    /// through a constant declared elsewhere), or the default of a key property of a Saperly options class.
    /// A literal that reaches nothing Saperly (Stripe shares the sk_live_/sk_test_ prefixes) is not reported.
    /// Reported once, on the literal, never echoing more than its prefix.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class HardCodedSecretKeyAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: how the literal reaches the credential (a <see cref="KeyReach"/> name).</summary>
        public const string ReachProperty = "Reach";

        /// <summary>
        /// Diagnostic property: the secret read a fallback stands behind (<c>SAPERLY_API_KEY</c>, <c>Saperly:ApiKey</c>), so
        /// that the fix can say what is missing. For <see cref="KeyReach.FallbackConstant"/>, <c>Read0</c>, <c>Read1</c>...
        /// name the reads of the additional locations (the uses of the constant) in order.
        /// </summary>
        public const string ReadProperty = "Read";

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

                var origins = new CredentialLiterals(shared, start.Options);
                start.RegisterSemanticModelAction(c => AnalyzeTree(c, shared, origins));
            });
        }

        /// <summary>
        /// Once per file: every key literal spells <c>sk_</c> in its text (or hides it behind an escape), so a file that
        /// does not is not walked; one ordinal search instead of a callback per string literal of the solution.
        /// </summary>
        private static void AnalyzeTree(SemanticModelAnalysisContext context, SaperlyCompilation shared, CredentialLiterals origins)
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

        private static void Analyze(LiteralExpressionSyntax literal, SemanticModelAnalysisContext context, SaperlyCompilation shared, CredentialLiterals origins)
        {
            // Syntax first: only literals shaped like a key are ever bound.
            var tier = SaperlyApi.ClassifyKeyLiteral(literal.Token.ValueText);
            if (tier == CredentialTier.Unknown || !(context.SemanticModel.GetOperation(literal, context.CancellationToken) is IOperation operation))
            {
                return;
            }

            var options = shared.OptionsFor(literal.SyntaxTree, context.Options);
            var recognizer = new CallRecognizer(shared, options, context.CancellationToken);
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            IReadOnlyList<FallbackUse> uses = Array.Empty<FallbackUse>();
            KeyReach? reach;
            if (FallbackOfSecretRead(Outermost(operation), recognizer) is (KeyReach, string) fallback)
            {
                reach = fallback.Reach;
                properties[ReadProperty] = fallback.Read;
            }
            else
            {
                reach = ClientConstruction(operation, options);
            }

            // A constant whose uses are fallbacks of Saperly reads: reported here, where the key is written; the uses
            // travel as additional locations, so that the fix can end each fallback and then the constant. Before the
            // options default: a key field that is also a fallback must not just lose its value.
            if (reach == null && (uses = origins.FallbackUses(literal, context.CancellationToken)).Count > 0)
            {
                reach = KeyReach.FallbackConstant;
                for (var i = 0; i < uses.Count; i++)
                {
                    properties[ReadProperty + i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = uses[i].Read;
                }
            }

            reach ??= OptionsDefault(operation, tier, options, origins, context.CancellationToken);

            if (reach == null && origins.Contains(literal, context.CancellationToken))
            {
                reach = KeyReach.Call;
            }

            if (reach == null)
            {
                return;
            }

            var secret = SaperlyApi.ConventionalSecret(tier);
            properties[CallProperties.ExpectedSecret] = secret;
            properties[CallProperties.CredentialTier] = tier.ToString();
            properties[ReachProperty] = reach.Value.ToString();
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.HardCodedSecretKey, literal.GetLocation(), uses.Select(u => u.Location), properties.ToImmutable(), Redacted(literal.Token.ValueText), secret));
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
        /// <c>config.GetValue("Saperly:ApiKey", "sk_…")</c>: the read names a Saperly secret (or a configured name). The name
        /// alone decides, whatever the fallback looks like: a Saperly read's fallback is a Saperly key even where the value
        /// would also pass for another vendor's (a Stripe-looking <c>sk_live_51…</c>). <paramref name="value"/> is the
        /// fallback as seen from outside (<see cref="Outermost"/>): the literal, or a reference to the constant that holds it.
        /// </summary>
        private static (KeyReach Reach, string Read)? FallbackOfSecretRead(IOperation value, CallRecognizer recognizer)
        {
            if (value.Parent is ICoalesceOperation coalesce && coalesce.WhenNull == value)
            {
                var read = recognizer.CredentialOf(coalesce.Value, 0);
                return IsSaperlySecretRead(read) ? (KeyReach.Fallback, read!.Name) : ((KeyReach, string)?)null;
            }

            if (value.Parent is IArgumentOperation argument && argument.Parameter?.Name == "defaultValue" &&
                argument.Parent is IInvocationOperation invocation && invocation.TargetMethod.Name == "GetValue")
            {
                var read = recognizer.CredentialOf(invocation, 0);
                return read?.Kind == CredentialKind.Configuration && read.IsSaperlyNamed ? (KeyReach.DefaultValue, read.Name) : ((KeyReach, string)?)null;
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

        /// <summary>
        /// <c>public string ApiKey { get; set; } = "sk_…";</c> (or <c>init</c>, or a field) on an options class that is
        /// Saperly's. The sk_live_/sk_test_ prefixes are Stripe's too, so the key alone says nothing; one of these does:
        /// the class is named like a Saperly client type (<c>SaperlyOptions</c>, by <c>saperly_migration.client_types</c>),
        /// the member is named like a Saperly secret (<c>SaperlyApiKey</c>, a configured name), the key is a service key
        /// (<c>sk_svc_</c> is Saperly's alone), or the class is bound to a Saperly configuration section
        /// (<see cref="CredentialLiterals.IsBoundToSaperly"/>). The member must hold a key (<see cref="IsKeyName"/>, never
        /// another vendor's), and the value must be more than a bare prefix.
        /// </summary>
        private static KeyReach? OptionsDefault(IOperation literal, CredentialTier tier, SaperlyOptions options, CredentialLiterals literals, CancellationToken cancellationToken)
        {
            var value = Outermost(literal);
            ISymbol member;
            ITypeSymbol type;
            switch (value.Parent)
            {
                case IPropertyInitializerOperation property when property.InitializedProperties.Length == 1 && !property.InitializedProperties[0].IsStatic:
                    member = property.InitializedProperties[0];
                    type = property.InitializedProperties[0].Type;
                    break;
                case IFieldInitializerOperation field when field.InitializedFields.Length == 1 && !field.InitializedFields[0].IsStatic && !field.InitializedFields[0].IsConst:
                    member = field.InitializedFields[0];
                    type = field.InitializedFields[0].Type;
                    break;
                default:
                    return null;
            }

            var owner = member.ContainingType;
            var text = Constant.String(value)?.Trim() ?? "";
            if (type.SpecialType != SpecialType.System_String || !IsKeyName(member.Name) || owner == null || MentionsStripe(owner.Name) ||
                text.Length <= SaperlyApi.RedactKey(text).Length - 1)
            {
                return null;
            }

            return options.IsClientTypeName(owner.Name) || options.IsSaperlySecretName(member.Name) || tier == CredentialTier.ServiceKey ||
                   literals.IsBoundToSaperly(owner, cancellationToken)
                ? KeyReach.OptionsDefault
                : (KeyReach?)null;
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
        /// What the whole compilation says about key literals, each built once, on the first key literal that needs it:
        /// the literals that are the credential of a recognized Saperly call anywhere (a header, a client's default headers,
        /// a constant used by several calls; the calls themselves are recognized once for every rule), the uses of a key
        /// constant as the fallback of a Saperly read (in any file), and the options classes bound to Saperly configuration.
        /// </summary>
        private sealed class CredentialLiterals
        {
            private readonly SaperlyCompilation _shared;
            private readonly AnalyzerOptions _options;
            private readonly object _gate = new object();
            private readonly Dictionary<string, Dictionary<(SyntaxTree, TextSpan), List<FallbackUse>>> _fallbacksByName =
                new Dictionary<string, Dictionary<(SyntaxTree, TextSpan), List<FallbackUse>>>(StringComparer.Ordinal);
            private HashSet<(SyntaxTree, TextSpan)>? _literals;
            private HashSet<ITypeSymbol>? _boundTypes;

            public CredentialLiterals(SaperlyCompilation shared, AnalyzerOptions options)
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

            /// <summary>
            /// The uses of the constant (or readonly field) a key literal initializes as the fallback of a Saperly read:
            /// <c>read ?? Defaults.DevKey</c>, <c>GetValue("Saperly:ApiKey", Defaults.DevKey)</c>, in any file. Searched by the
            /// constant's name: only files whose text may spell it are walked, and only references on the right of a
            /// <c>??</c> or in a <c>GetValue</c> argument are bound. One search per name, shared by every literal of that name.
            /// </summary>
            public IReadOnlyList<FallbackUse> FallbackUses(LiteralExpressionSyntax literal, CancellationToken cancellationToken)
            {
                if (!(HolderOf(literal) is VariableDeclaratorSyntax declarator))
                {
                    return Array.Empty<FallbackUse>();
                }

                var name = declarator.Identifier.ValueText;
                Dictionary<(SyntaxTree, TextSpan), List<FallbackUse>>? uses;
                lock (_gate)
                {
                    // Built under the lock and published only when complete, as the call literals are.
                    if (!_fallbacksByName.TryGetValue(name, out uses))
                    {
                        uses = BuildFallbacks(name, cancellationToken);
                        _fallbacksByName[name] = uses;
                    }
                }

                return uses.TryGetValue((literal.SyntaxTree, literal.Span), out var found) ? found : (IReadOnlyList<FallbackUse>)Array.Empty<FallbackUse>();
            }

            /// <summary>
            /// Whether an options class is bound to a Saperly configuration section: <c>services.Configure&lt;T&gt;(config.GetSection("Saperly"))</c>,
            /// <c>AddOptions&lt;T&gt;().BindConfiguration("Saperly")</c> or <c>.Bind(config.GetSection("Saperly"))</c>,
            /// <c>config.GetSection("Saperly").Get&lt;T&gt;()</c> or <c>.Bind(options)</c>. A section is Saperly's when its path says
            /// Saperly or a configured secret name lies under it.
            /// </summary>
            public bool IsBoundToSaperly(ITypeSymbol type, CancellationToken cancellationToken)
            {
                var bound = Volatile.Read(ref _boundTypes);
                if (bound == null)
                {
                    lock (_gate)
                    {
                        bound = _boundTypes ??= BuildBoundTypes(cancellationToken);
                    }
                }

                return bound.Contains(type.OriginalDefinition);
            }

            private HashSet<(SyntaxTree, TextSpan)> Build(CancellationToken cancellationToken)
            {
                var result = new HashSet<(SyntaxTree, TextSpan)>();
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

            private Dictionary<(SyntaxTree, TextSpan), List<FallbackUse>> BuildFallbacks(string name, CancellationToken cancellationToken)
            {
                var result = new Dictionary<(SyntaxTree, TextSpan), List<FallbackUse>>();
                foreach (var tree in _shared.Compilation.SyntaxTrees)
                {
                    // A use in generated code is regenerated, not fixed: it does not make the constant reported.
                    var text = tree.GetText(cancellationToken).ToString();
                    if (!TextFilters.MaySpell(text, name) || !TextFilters.MaySpell(text, "??") && !TextFilters.MaySpell(text, "GetValue") ||
                        GeneratedCode.IsGeneratedFile(tree, _options.AnalyzerConfigOptionsProvider.GetOptions(tree), cancellationToken))
                    {
                        continue;
                    }

                    SemanticModel? model = null;
                    CallRecognizer? recognizer = null;
                    foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
                    {
                        var candidate = FallbackCandidate(node);
                        if (candidate == null || RightmostName(candidate) != name)
                        {
                            continue;
                        }

                        model ??= _shared.ModelFor(tree);
                        var reference = model.GetOperation(candidate, cancellationToken);
                        var symbol = Symbols.Referenced(reference);
                        var holds = symbol is IFieldSymbol { IsConst: true } || symbol is IFieldSymbol { IsReadOnly: true } || symbol is ILocalSymbol { IsConst: true };
                        if (reference == null || !holds)
                        {
                            continue;
                        }

                        recognizer ??= new CallRecognizer(_shared, _shared.OptionsFor(tree, _options), cancellationToken);
                        if (!(FallbackOfSecretRead(Outermost(reference), recognizer) is (KeyReach, string) fallback))
                        {
                            continue;
                        }

                        foreach (var literal in DeclaredLiterals(symbol!, cancellationToken))
                        {
                            var key = (literal.SyntaxTree, literal.Span);
                            if (!result.TryGetValue(key, out var list))
                            {
                                result[key] = list = new List<FallbackUse>();
                            }

                            list.Add(new FallbackUse(candidate.GetLocation(), fallback.Read));
                        }
                    }
                }

                return result;
            }

            /// <summary>The right of a <c>??</c> or an argument of a <c>GetValue</c> call, when it names something (<c>DevKey</c>, <c>Defaults.DevKey</c>).</summary>
            private static ExpressionSyntax? FallbackCandidate(SyntaxNode node)
            {
                ExpressionSyntax? candidate = null;
                if (node is BinaryExpressionSyntax binary && binary.IsKind(SyntaxKind.CoalesceExpression))
                {
                    candidate = binary.Right;
                    while (candidate is ParenthesizedExpressionSyntax parenthesized)
                    {
                        candidate = parenthesized.Expression;
                    }
                }
                else if (node is ArgumentSyntax argument && argument.Parent?.Parent is InvocationExpressionSyntax invocation && RightmostName(invocation.Expression) == "GetValue")
                {
                    candidate = argument.Expression;
                }

                return candidate is IdentifierNameSyntax || candidate is MemberAccessExpressionSyntax ? candidate : null;
            }

            private static string? RightmostName(ExpressionSyntax expression) => expression switch
            {
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                _ => null,
            };

            private HashSet<ITypeSymbol> BuildBoundTypes(CancellationToken cancellationToken)
            {
                var result = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
                foreach (var tree in _shared.Compilation.SyntaxTrees)
                {
                    var text = tree.GetText(cancellationToken).ToString();
                    var options = _shared.OptionsFor(tree, _options);
                    if (!TextFilters.MaySpell(text, "saperly", StringComparison.OrdinalIgnoreCase) && options.ApiKeyNames.IsEmpty && options.ServiceKeyNames.IsEmpty)
                    {
                        continue;
                    }

                    SemanticModel? model = null;
                    CallRecognizer? recognizer = null;
                    foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
                    {
                        if (!(node is InvocationExpressionSyntax syntax) || !IsBindingName(RightmostName(syntax.Expression)))
                        {
                            continue;
                        }

                        model ??= _shared.ModelFor(tree);
                        recognizer ??= new CallRecognizer(_shared, options, cancellationToken);
                        if (model.GetOperation(syntax, cancellationToken) is IInvocationOperation invocation && BoundType(invocation, recognizer, options) is ITypeSymbol type)
                        {
                            result.Add(type.OriginalDefinition);
                        }
                    }
                }

                return result;
            }

            private static bool IsBindingName(string? name) => name == "Configure" || name == "Bind" || name == "BindConfiguration" || name == "Get";

            /// <summary>The options type a Microsoft.Extensions binding call binds to a Saperly section, or null.</summary>
            private static ITypeSymbol? BoundType(IInvocationOperation invocation, CallRecognizer recognizer, SaperlyOptions options)
            {
                var method = invocation.TargetMethod;
                if (!(method.ContainingNamespace?.ToDisplayString() ?? "").StartsWith("Microsoft.Extensions", StringComparison.Ordinal))
                {
                    return null;
                }

                var type = method.TypeArguments.Length == 1 ? method.TypeArguments[0] : null;
                string? path = invocation.Instance == null ? null : recognizer.ConfigurationPathOf(invocation.Instance);
                string? key = null;
                foreach (var argument in invocation.Arguments)
                {
                    switch (argument.Parameter?.Name)
                    {
                        case "configSectionPath":
                            path = Constant.String(argument.Value);
                            break;
                        case "key":
                            key = Constant.String(argument.Value);
                            break;
                        case "instance":
                            type ??= Symbols.Unwrap(argument.Value)?.Type;
                            break;
                        default:
                            path ??= recognizer.ConfigurationPathOf(argument.Value);
                            break;
                    }
                }

                if (key != null && path != null)
                {
                    path = path.Length == 0 ? key : path + ":" + key;
                }

                return type != null && !string.IsNullOrEmpty(path) && IsSaperlySection(path!, options) ? type : null;
            }

            private static bool IsSaperlySection(string path, SaperlyOptions options) =>
                path.IndexOf("saperly", StringComparison.OrdinalIgnoreCase) >= 0 ||
                options.ApiKeyNames.Concat(options.ServiceKeyNames).Any(n => n.StartsWith(path + ":", StringComparison.OrdinalIgnoreCase));

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
                return isConst ? DeclaredLiterals(symbol!, cancellationToken) : own;
            }

            /// <summary>The key literals in the initializer of a constant, field or local.</summary>
            private static IEnumerable<LiteralExpressionSyntax> DeclaredLiterals(ISymbol symbol, CancellationToken cancellationToken) =>
                symbol.DeclaringSyntaxReferences
                    .Select(r => r.GetSyntax(cancellationToken))
                    .OfType<VariableDeclaratorSyntax>()
                    .Where(d => d.Initializer != null)
                    .SelectMany(d => KeyLiterals(d.Initializer!.Value))
                    .ToList();

            /// <summary>The declarator whose initializer holds the literal (<c>DevKey = "sk_…"</c>), if any: the only literals a fallback can name.</summary>
            private static VariableDeclaratorSyntax? HolderOf(LiteralExpressionSyntax literal)
            {
                foreach (var ancestor in literal.Ancestors())
                {
                    switch (ancestor)
                    {
                        case VariableDeclaratorSyntax declarator:
                            return declarator;
                        case StatementSyntax _:
                        case MemberDeclarationSyntax _:
                            return null;
                    }
                }

                return null;
            }

            private static IEnumerable<LiteralExpressionSyntax> KeyLiterals(SyntaxNode node) =>
                node.DescendantNodesAndSelf().OfType<LiteralExpressionSyntax>()
                    .Where(l => l.IsKind(SyntaxKind.StringLiteralExpression) && SaperlyApi.ClassifyKeyLiteral(l.Token.ValueText) != CredentialTier.Unknown);
        }

        /// <summary>A use of a key constant as the fallback of a Saperly read: where (the reference) and which read.</summary>
        private readonly struct FallbackUse
        {
            public FallbackUse(Location location, string read)
            {
                Location = location;
                Read = read;
            }

            public Location Location { get; }
            public string Read { get; }
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
        /// <summary>
        /// The initializer of a constant (or readonly field) used as the fallback of Saperly reads, maybe in another file:
        /// <c>read ?? Defaults.DevKey</c>. The uses are the diagnostic's additional locations.
        /// </summary>
        FallbackConstant,
        /// <summary>The default of a key property or field of a Saperly options class: <c>public string ApiKey { get; set; } = "sk_…";</c>.</summary>
        OptionsDefault,
    }
}

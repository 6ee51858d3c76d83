using System.Collections.Immutable;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Saperly.Migration.Analyzers.Recognition
{
    /// <summary>
    /// Per-compilation state shared by every SAP rule: the well-known symbols, the scope facts, the DI
    /// registration index and the recognized calls. Built once per compilation (all rule analyzers of
    /// one compilation share the instance), so each call is recognized once, not once per rule.
    /// </summary>
    internal sealed class SaperlyCompilation
    {
        private static readonly ConditionalWeakTable<Compilation, SaperlyCompilation> Cache = new ConditionalWeakTable<Compilation, SaperlyCompilation>();

        private readonly ConcurrentDictionary<SyntaxNode, ScopeFacts> _scopes = new ConcurrentDictionary<SyntaxNode, ScopeFacts>();
        private readonly ConcurrentDictionary<ISymbol, ScopeFacts> _types = new ConcurrentDictionary<ISymbol, ScopeFacts>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<SyntaxNode, SaperlyCallSlot> _calls = new ConcurrentDictionary<SyntaxNode, SaperlyCallSlot>();

        // Per-file state in a table filled once, when the compilation's state is built, and only read after that: the rules
        // of one file run on several threads at once, and adding to shared concurrent maps made them wait on each other's
        // locks (docs/performance.md, item 26). A tree the compilation did not
        // have then (none expected) gets its state from the concurrent map.
        private readonly Dictionary<SyntaxTree, TreeState> _trees;
        private readonly ConcurrentDictionary<SyntaxTree, TreeState> _laterTrees = new ConcurrentDictionary<SyntaxTree, TreeState>();
        private static readonly IReadOnlyList<SaperlyCall> NoCalls = new SaperlyCall[0];
        private HttpClientRegistrations? _registrations;

        private SaperlyCompilation(Compilation compilation)
        {
            Compilation = compilation;
            Types = new KnownTypes(compilation);
            _trees = new Dictionary<SyntaxTree, TreeState>();
            foreach (var tree in compilation.SyntaxTrees)
            {
                _trees[tree] = new TreeState();
            }
        }

        public Compilation Compilation { get; }
        public KnownTypes Types { get; }

        /// <summary>
        /// The shared state for a compilation, or null when the compilation cannot make an HTTP call
        /// (no System.Net.Http) and declares no SDK-style client: the HTTP rules then register nothing.
        /// </summary>
        public static SaperlyCompilation? ForCalls(Compilation compilation, AnalyzerConfigOptionsProvider? options = null)
        {
            // The text scan runs before any symbol is resolved: a compilation that cannot spell a Saperly
            // call pays for one ordinal search of its sources and nothing else. Names configured in
            // .editorconfig (a client type, a secret's name, a host) can spell one without any of the
            // default markers, so a compilation whose options configure any is always analyzed.
            if (!Mentions.GetValue(compilation, c => new StrongBox<bool>(MentionsSaperly(c) || (options != null && ConfiguresNames(c, options)))).Value)
            {
                return null;
            }

            var shared = Cache.GetValue(compilation, c => new SaperlyCompilation(c));
            return shared.Types.HttpClient == null && !shared.Types.DeclaresClientLikeType ? null : shared;
        }

        private static readonly ConditionalWeakTable<Compilation, StrongBox<bool>> Mentions = new ConditionalWeakTable<Compilation, StrongBox<bool>>();

        /// <summary>
        /// Whether any source text could spell a Saperly call: a <c>v1/</c> path, the word Saperly (a
        /// client, a SAPERLY_* secret, a Saperly:* configuration key) or a service-key literal. Ordinal
        /// searches only ("aperly"/"APERLY" cover Saperly, saperly and SAPERLY), once per compilation.
        /// </summary>
        private static bool MentionsSaperly(Compilation compilation)
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (TreeMentions.GetValue(tree, t => new StrongBox<bool>(TextMentionsSaperly(t))).Value)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The answer per tree: an edit in the IDE makes a new compilation that shares every tree but the edited one, so
        /// after an edit only that tree's text is searched again (measured: bench/ide-latency.sh).
        /// </summary>
        private static readonly ConditionalWeakTable<SyntaxTree, StrongBox<bool>> TreeMentions = new ConditionalWeakTable<SyntaxTree, StrongBox<bool>>();

        private static bool TextMentionsSaperly(SyntaxTree tree)
        {
            var content = (tree.TryGetText(out var loaded) ? loaded : tree.GetText()).ToString();

            // "v1/" and "/v1", not "v1": every SDK project has Version=v10.0 in a generated attribute.
            return content.IndexOf("v1/", System.StringComparison.Ordinal) >= 0 || content.IndexOf("/v1", System.StringComparison.Ordinal) >= 0 ||
                   content.IndexOf("aperly", System.StringComparison.Ordinal) >= 0 || content.IndexOf("APERLY", System.StringComparison.Ordinal) >= 0 ||
                   content.IndexOf("sk_svc_", System.StringComparison.Ordinal) >= 0;
        }

        private static bool ConfiguresNames(Compilation compilation, AnalyzerConfigOptionsProvider options)
        {
            if (SaperlyOptions.ConfiguresAny(options.GlobalOptions))
            {
                return true;
            }

            foreach (var tree in compilation.SyntaxTrees)
            {
                if (SaperlyOptions.ConfiguresAny(options.GetOptions(tree)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The call shapes of this compilation (the framework's, plus those of the libraries it references), made once.</summary>
        public Shapes.CallShapeSet ShapesFor(CancellationToken cancellationToken) =>
            Volatile.Read(ref _shapes) ?? Publish(ref _shapes, Shapes.CallShapes.For(this, cancellationToken));

        private Shapes.CallShapeSet? _shapes;

        /// <summary>Whether a tree's text could name a candidate call (<see cref="Shapes.CallShapeSet.MayNameCandidate"/>), once per tree.</summary>
        public bool MayNameCall(SyntaxTree tree, CancellationToken cancellationToken)
        {
            var state = StateOf(tree);
            var known = Volatile.Read(ref state.NamesCall);
            if (known == TreeState.Unknown)
            {
                known = ShapesFor(cancellationToken).MayNameCandidate(tree.GetText(cancellationToken).ToString()) ? TreeState.Yes : TreeState.No;
                Volatile.Write(ref state.NamesCall, known);
            }

            return known == TreeState.Yes;
        }

        public SaperlyOptions OptionsFor(SyntaxTree tree, AnalyzerOptions options)
        {
            var state = StateOf(tree);
            return Volatile.Read(ref state.Options) ?? Publish(ref state.Options, SaperlyOptions.From(options.AnalyzerConfigOptionsProvider.GetOptions(tree)));
        }

        private TreeState StateOf(SyntaxTree tree) =>
            _trees.TryGetValue(tree, out var state) ? state : _laterTrees.GetOrAdd(tree, _ => new TreeState());

        /// <summary>Sets a lazily computed value once; every thread gets the first one published.</summary>
        private static T Publish<T>(ref T? field, T value)
            where T : class =>
            Interlocked.CompareExchange(ref field, value, null) ?? value;

        /// <summary>Recognize a call once; every rule reads the same answer.</summary>
        public SaperlyCall? Recognize(Microsoft.CodeAnalysis.Operations.IInvocationOperation invocation, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            if (!ShapesFor(cancellationToken).IsCandidate(invocation))
            {
                return null;
            }

            var slot = _calls.GetOrAdd(invocation.Syntax, _ => new SaperlyCallSlot());
            lock (slot)
            {
                if (!slot.Done)
                {
                    var saperlyOptions = OptionsFor(invocation.Syntax.SyntaxTree, options);
                    slot.Call = new CallRecognizer(this, saperlyOptions, cancellationToken).Recognize(invocation);
                    slot.Done = true;
                }

                return slot.Call;
            }
        }

        /// <summary>
        /// Every recognized Saperly call of the compilation, built once (per options) from each file's calls
        /// (<see cref="CallsIn"/>): whole-compilation questions (which calls a credential feeds, which key literals
        /// are credentials) read this list instead of binding every method body.
        /// </summary>
        public IReadOnlyList<SaperlyCall> AllCalls(AnalyzerOptions options, CancellationToken cancellationToken)
        {
            var existing = Volatile.Read(ref _allCalls);
            if (existing != null && ReferenceEquals(existing.Options, options))
            {
                return existing.Calls;
            }

            var calls = new List<SaperlyCall>();
            foreach (var tree in Compilation.SyntaxTrees)
            {
                calls.AddRange(CallsIn(tree, null, options, cancellationToken));
            }

            // Published only when complete: a cancelled build leaves nothing behind.
            Volatile.Write(ref _allCalls, new CallList(options, calls));
            return calls;
        }

        /// <summary>
        /// The recognized Saperly calls of one file in text order, found once per file (per options); none for a file
        /// whose text names no call method. The first rule to analyze a file walks it and binds its candidate calls;
        /// every other rule, and <see cref="AllCalls"/>, reads the list. <paramref name="model"/> is the caller's model
        /// for the tree, if it has one.
        /// </summary>
        public IReadOnlyList<SaperlyCall> CallsIn(SyntaxTree tree, SemanticModel? model, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            var state = StateOf(tree);
            var existing = Volatile.Read(ref state.Calls);
            if (existing != null && ReferenceEquals(existing.Options, options))
            {
                return existing.Calls;
            }

            if (!MayNameCall(tree, cancellationToken))
            {
                return NoCalls;
            }

            var calls = new List<SaperlyCall>();
            var shapes = ShapesFor(cancellationToken);
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                if (node is InvocationExpressionSyntax syntax && shapes.IsCandidateName(syntax))
                {
                    model ??= ModelFor(tree);
                    if (model.GetOperation(syntax, cancellationToken) is Microsoft.CodeAnalysis.Operations.IInvocationOperation invocation &&
                        Recognize(invocation, options, cancellationToken) is SaperlyCall call)
                    {
                        calls.Add(call);
                    }
                }
            }

            // Published only when complete; two rules that walk the same file at once publish equal lists.
            Volatile.Write(ref state.Calls, new CallList(options, calls));
            return calls;
        }

        /// <summary>
        /// Whether the credential of <paramref name="call"/> also authenticates a Saperly call of the other plane: another
        /// call whose credential has the same origin (the same name literal, property or key literal). The call's own file
        /// and the origin's are looked at first, where such a call usually is; every file only when neither has one.
        /// </summary>
        public bool CredentialFeedsOtherPlane(SaperlyCall call, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            var origin = call.Credential?.Origin.Syntax;
            if (origin == null)
            {
                return false;
            }

            bool Feeds(IReadOnlyList<SaperlyCall> calls)
            {
                foreach (var other in calls)
                {
                    var source = other.Credential?.Origin.Syntax;
                    if (source != null && source.SyntaxTree == origin.SyntaxTree && source.Span == origin.Span && other.Operation.Plane != call.Operation.Plane)
                    {
                        return true;
                    }
                }

                return false;
            }

            var callTree = call.Invocation.Syntax.SyntaxTree;
            return Feeds(CallsIn(callTree, null, options, cancellationToken)) ||
                   (origin.SyntaxTree != callTree && Compilation.ContainsSyntaxTree(origin.SyntaxTree) && Feeds(CallsIn(origin.SyntaxTree, null, options, cancellationToken))) ||
                   Feeds(AllCalls(options, cancellationToken));
        }

        private CallList? _allCalls;

        private sealed class CallList
        {
            public CallList(AnalyzerOptions options, IReadOnlyList<SaperlyCall> calls)
            {
                Options = options;
                Calls = calls;
            }

            public AnalyzerOptions Options { get; }
            public IReadOnlyList<SaperlyCall> Calls { get; }
        }

        /// <summary>A semantic model for another tree of the compilation (type members in partial files, DI registrations).</summary>
        public SemanticModel ModelFor(SyntaxTree tree)
        {
            var state = StateOf(tree);
#pragma warning disable RS1030 // Cross-file facts (a typed client's partial declarations, DI registrations in Program.cs) need the other tree's model; each is made once per compilation and cached.
            return Volatile.Read(ref state.Model) ?? Publish(ref state.Model, Compilation.GetSemanticModel(tree));
#pragma warning restore RS1030
        }

        /// <summary>The facts of the member body (or initializer) an operation belongs to.</summary>
        public ScopeFacts ScopeOf(IOperation op)
        {
            var root = Symbols.Root(op);
            return _scopes.GetOrAdd(root.Syntax, _ => ScopeFacts.Build(new[] { root }));
        }

        /// <summary>The compilation's Refit registrations (<c>AddRefitClient&lt;T&gt;()</c>), found once.</summary>
        public ImmutableArray<KeyValuePair<INamedTypeSymbol, Microsoft.CodeAnalysis.Operations.IInvocationOperation>> RefitRegistrations(CancellationToken cancellationToken)
        {
            var existing = _refitRegistrations;
            if (existing == null)
            {
                var built = Shapes.RefitShape.Registrations(this, cancellationToken);
                Interlocked.CompareExchange(ref _refitRegistrations, new StrongBox<ImmutableArray<KeyValuePair<INamedTypeSymbol, Microsoft.CodeAnalysis.Operations.IInvocationOperation>>>(built), null);
                existing = _refitRegistrations!;
            }

            return existing.Value;
        }

        private StrongBox<ImmutableArray<KeyValuePair<INamedTypeSymbol, Microsoft.CodeAnalysis.Operations.IInvocationOperation>>>? _refitRegistrations;

        /// <summary>What one of the project's own <c>DelegatingHandler</c>s does to every request (<see cref="HandlerFacts"/>), read once.</summary>
        public HandlerFacts Handler(INamedTypeSymbol type, CancellationToken cancellationToken) =>
            _handlers.GetOrAdd(type, t => HandlerFacts.Read((INamedTypeSymbol)t, this, cancellationToken));

        private readonly ConcurrentDictionary<ISymbol, HandlerFacts> _handlers = new ConcurrentDictionary<ISymbol, HandlerFacts>(SymbolEqualityComparer.Default);

        /// <summary>The facts of every member of a type, across its partial declarations.</summary>
        public ScopeFacts TypeScope(INamedTypeSymbol type, CancellationToken cancellationToken, SemanticModel? hint = null) =>
            _types.GetOrAdd(type, _ => ScopeFacts.Build(TypeMemberOperations(type, hint, cancellationToken)));

        /// <summary>
        /// Whether a type is a resource of an SDK-style client (the type of <c>SaperlyClient.Keys</c>):
        /// its HTTP calls are Saperly's even though its own name does not say so.
        /// </summary>
        public bool IsResourceType(INamedTypeSymbol type, SaperlyOptions options)
        {
            var resources = _resourceTypes;
            if (resources == null)
            {
                var found = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                foreach (var symbol in Compilation.GetSymbolsWithName(options.IsClientTypeName, SymbolFilter.Type))
                {
                    if (symbol is INamedTypeSymbol client)
                    {
                        foreach (var property in client.GetMembers().OfType<IPropertySymbol>())
                        {
                            if (Shapes.SdkClientShape.Resources.Contains(property.Name) && property.Type is INamedTypeSymbol resource)
                            {
                                found.Add(resource.OriginalDefinition);
                            }
                        }
                    }
                }

                Interlocked.CompareExchange(ref _resourceTypes, found, null);
                resources = _resourceTypes!;
            }

            return resources.Contains(type.OriginalDefinition);
        }

        private HashSet<ISymbol>? _resourceTypes;

        public HttpClientRegistrations Registrations(CancellationToken cancellationToken)
        {
            var existing = Volatile.Read(ref _registrations);
            if (existing != null)
            {
                return existing;
            }

            var built = HttpClientRegistrations.Build(this, cancellationToken);
            Interlocked.CompareExchange(ref _registrations, built, null);
            return _registrations!;
        }

        private IEnumerable<IOperation> TypeMemberOperations(INamedTypeSymbol type, SemanticModel? hint, CancellationToken cancellationToken)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                // A type of a referenced project is a source symbol in a workspace, but its trees belong
                // to that project's compilation: we cannot bind them here, and need not.
                if (!(reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration) || !Compilation.ContainsSyntaxTree(declaration.SyntaxTree))
                {
                    continue;
                }

                // The analyzer's own model for the tree it is analyzing (already bound); a cached one elsewhere.
                var model = hint != null && hint.SyntaxTree == declaration.SyntaxTree ? hint : ModelFor(declaration.SyntaxTree);
                foreach (var member in declaration.Members)
                {
                    foreach (var node in MemberBodies(member))
                    {
                        var op = model.GetOperation(node, cancellationToken);
                        if (op != null)
                        {
                            yield return op;
                        }
                    }
                }
            }
        }

        private static IEnumerable<SyntaxNode> MemberBodies(MemberDeclarationSyntax member)
        {
            switch (member)
            {
                case FieldDeclarationSyntax field:
                    foreach (var variable in field.Declaration.Variables)
                    {
                        if (variable.Initializer != null)
                        {
                            yield return variable.Initializer;
                        }
                    }

                    break;
                case PropertyDeclarationSyntax property:
                    if (property.Initializer != null)
                    {
                        yield return property.Initializer;
                    }

                    if (property.ExpressionBody != null)
                    {
                        yield return property.ExpressionBody;
                    }

                    if (property.AccessorList != null)
                    {
                        foreach (var accessor in property.AccessorList.Accessors)
                        {
                            if (accessor.Body != null || accessor.ExpressionBody != null)
                            {
                                yield return accessor;
                            }
                        }
                    }

                    break;
                case BaseMethodDeclarationSyntax method when method.Body != null || method.ExpressionBody != null:
                    yield return method;
                    break;
            }
        }

        private sealed class TreeState
        {
            public const int Unknown = 0;
            public const int Yes = 1;
            public const int No = 2;

            /// <summary>Whether the file's text could name a candidate call: <see cref="Unknown"/>, <see cref="Yes"/> or <see cref="No"/>.</summary>
            public int NamesCall;
            public SaperlyOptions? Options;
            public SemanticModel? Model;
            public CallList? Calls;
        }

        private sealed class SaperlyCallSlot
        {
            public bool Done;
            public SaperlyCall? Call;
        }
    }

    /// <summary>
    /// The framework types recognition matches on, resolved once per compilation (null when absent). Each is
    /// looked up first in the referenced assemblies that define it (System.Net.Http, System.Runtime, ...) and only
    /// then across every reference: a compilation-wide lookup visits all of a project's references (about 190 in an
    /// ASP.NET Core project), for each type and each compilation (docs/performance.md, item 25).
    /// </summary>
    internal sealed class KnownTypes
    {
        private const string Http = "System.Net.Http";

        public KnownTypes(Compilation compilation)
        {
            var assemblies = new Dictionary<string, IAssemblySymbol>(System.StringComparer.Ordinal);
            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (!assemblies.ContainsKey(assembly.Identity.Name))
                {
                    assemblies.Add(assembly.Identity.Name, assembly);
                }
            }

            INamedTypeSymbol? Find(string metadataName, params string[] definedIn)
            {
                foreach (var name in definedIn)
                {
                    if (assemblies.TryGetValue(name, out var assembly) && assembly.GetTypeByMetadataName(metadataName) is INamedTypeSymbol type)
                    {
                        return type;
                    }
                }

                // Elsewhere (another framework's layout, a forwarded or source-defined type): the compiler's own lookup.
                return compilation.GetTypeByMetadataName(metadataName);
            }

            HttpClient = Find("System.Net.Http.HttpClient", Http, "netstandard");
            HttpMessageInvoker = Find("System.Net.Http.HttpMessageInvoker", Http, "netstandard");
            HttpRequestMessage = Find("System.Net.Http.HttpRequestMessage", Http, "netstandard");
            HttpMethod = Find("System.Net.Http.HttpMethod", Http, "netstandard");
            HttpClientJsonExtensions = Find("System.Net.Http.Json.HttpClientJsonExtensions", "System.Net.Http.Json");
            AuthenticationHeaderValue = Find("System.Net.Http.Headers.AuthenticationHeaderValue", Http, "netstandard");
            Uri = Find("System.Uri", "System.Runtime", "netstandard", "System");
            Environment = Find("System.Environment", "System.Runtime", "netstandard", "mscorlib");
            Configuration = Find("Microsoft.Extensions.Configuration.IConfiguration", "Microsoft.Extensions.Configuration.Abstractions");
            HttpClientFactory = Find("System.Net.Http.IHttpClientFactory", "Microsoft.Extensions.Http");
            HttpClientHandler = Find("System.Net.Http.HttpClientHandler", Http, "netstandard");
            SocketsHttpHandler = Find("System.Net.Http.SocketsHttpHandler", Http);
            _assemblies = assemblies;
            _compilation = compilation;
        }

        private readonly Compilation _compilation;
        private int _declaresClientLikeType;

        public INamedTypeSymbol? HttpClient { get; }
        public INamedTypeSymbol? HttpMessageInvoker { get; }
        public INamedTypeSymbol? HttpRequestMessage { get; }
        public INamedTypeSymbol? HttpMethod { get; }
        public INamedTypeSymbol? HttpClientJsonExtensions { get; }
        public INamedTypeSymbol? AuthenticationHeaderValue { get; }
        public INamedTypeSymbol? Uri { get; }
        public INamedTypeSymbol? Environment { get; }
        public INamedTypeSymbol? Configuration { get; }
        public INamedTypeSymbol? HttpClientFactory { get; }
        public INamedTypeSymbol? HttpClientHandler { get; }
        public INamedTypeSymbol? SocketsHttpHandler { get; }

        /// <summary>
        /// Whether source declares a type whose name says Saperly (an SDK-style client). Asked only of a compilation without
        /// HttpClient, and answered on first use: the declaration walk it takes is repeated for every new compilation,
        /// which in the IDE is every edit (bench/ide-latency.sh).
        /// </summary>
        public bool DeclaresClientLikeType
        {
            get
            {
                var known = Volatile.Read(ref _declaresClientLikeType);
                if (known == 0)
                {
                    known = _compilation.ContainsSymbolsWithName(n => n.IndexOf("Saperly", System.StringComparison.OrdinalIgnoreCase) >= 0, SymbolFilter.Type) ? 1 : 2;
                    Volatile.Write(ref _declaresClientLikeType, known);
                }

                return known == 1;
            }
        }

        private readonly Dictionary<string, IAssemblySymbol> _assemblies;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, INamedTypeSymbol?> _libraryTypes = new System.Collections.Concurrent.ConcurrentDictionary<string, INamedTypeSymbol?>(System.StringComparer.Ordinal);

        /// <summary>Whether the compilation references the assembly (a library a call shape needs).</summary>
        public bool References(string assemblyName) => _assemblies.ContainsKey(assemblyName);

        /// <summary>
        /// A library's type, looked up in the library's own assembly only (null when it is not referenced: no lookup across
        /// every reference is made for a library the project does not use), once per compilation.
        /// </summary>
        public INamedTypeSymbol? InLibrary(string assemblyName, string metadataName) =>
            _assemblies.TryGetValue(assemblyName, out var assembly)
                ? _libraryTypes.GetOrAdd(metadataName, name => assembly.GetTypeByMetadataName(name))
                : null;
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Saperly.Migration.Analyzers.Recognition
{
    /// <summary>One <c>AddHttpClient(...)</c> registration and what its configuration lambdas do to the client.</summary>
    internal sealed class ClientRegistration
    {
        public ClientRegistration(string? name, IReadOnlyList<INamedTypeSymbol> types, ClientFacts client, IInvocationOperation invocation)
        {
            Name = name;
            Types = types;
            Client = client;
            Invocation = invocation;
        }

        public string? Name { get; }
        public IReadOnlyList<INamedTypeSymbol> Types { get; }
        public ClientFacts Client { get; }
        public IInvocationOperation Invocation { get; }
    }

    /// <summary>
    /// The compilation's IHttpClientFactory registrations, indexed by client name and typed-client type.
    /// Built lazily, once per compilation, the first time a named or typed client is met; only trees whose
    /// text mentions AddHttpClient are bound.
    /// </summary>
    internal sealed class HttpClientRegistrations
    {
        private const string Marker = "AddHttpClient";
        private readonly List<ClientRegistration> _all = new List<ClientRegistration>();

        public IEnumerable<ClientRegistration> ByName(string name) =>
            _all.Where(r => r.Name != null && string.Equals(r.Name, name, StringComparison.Ordinal));

        public IEnumerable<ClientRegistration> ByType(INamedTypeSymbol type) =>
            _all.Where(r => r.Types.Any(t => SymbolEqualityComparer.Default.Equals(t, type)) || (r.Name != null && r.Types.Count == 0 && r.Name == type.Name));

        public static HttpClientRegistrations Build(SaperlyCompilation shared, CancellationToken cancellationToken)
        {
            var result = new HttpClientRegistrations();
            foreach (var tree in shared.Compilation.SyntaxTrees)
            {
                if (!tree.TryGetText(out var text))
                {
                    text = tree.GetText(cancellationToken);
                }

                if (text.ToString().IndexOf(Marker, StringComparison.Ordinal) < 0)
                {
                    continue;
                }

                var model = shared.ModelFor(tree);
                foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (!(node.Expression is MemberAccessExpressionSyntax member) || !member.Name.Identifier.ValueText.StartsWith(Marker, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    if (model.GetOperation(node, cancellationToken) is IInvocationOperation invocation && invocation.TargetMethod.Name == Marker &&
                        invocation.TargetMethod.ContainingType.Name == "HttpClientFactoryServiceCollectionExtensions")
                    {
                        result._all.Add(Registration(invocation));
                    }
                }
            }

            return result;
        }

        private static ClientRegistration Registration(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var name = Constant.String(invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "name")?.Value);
            var types = method.TypeArguments.OfType<INamedTypeSymbol>().ToList();
            var kind = types.Count > 0 ? ClientKind.Typed : ClientKind.Named;
            var client = ChainOf(invocation, kind, name ?? types.LastOrDefault()?.Name);
            return new ClientRegistration(name, types, client, invocation);
        }

        /// <summary>
        /// What a registration and its builder chain do to the client (<c>.ConfigureHttpClient(...)</c>,
        /// <c>.AddHttpMessageHandler&lt;T&gt;()</c>, ...): for <c>AddHttpClient</c>, and for libraries that register through it
        /// (Refit's <c>AddRefitClient&lt;T&gt;()</c>).
        /// </summary>
        public static ClientFacts ChainOf(IInvocationOperation invocation, ClientKind kind, string? name)
        {
            var client = new ClientFacts(kind, name);
            Configure(client, invocation);

            // The builder chain: .ConfigureHttpClient(...), .AddHttpMessageHandler<T>(), ...
            for (var parent = invocation.Parent; parent != null; parent = parent.Parent)
            {
                if (parent is IArgumentOperation)
                {
                    continue;
                }

                if (!(parent is IInvocationOperation chained) || Symbols.AsExtensionCall(chained) == null)
                {
                    break;
                }

                if (chained.TargetMethod.Name == "ConfigureHttpClient")
                {
                    Configure(client, chained);
                }
                else if (chained.TargetMethod.Name == "AddHttpMessageHandler")
                {
                    client.AddHandler(HandlerType(chained));
                }
            }

            return client;
        }

        /// <summary>
        /// The handler <c>AddHttpMessageHandler</c> adds: its type argument (<c>AddHttpMessageHandler&lt;T&gt;()</c>), or the type a
        /// factory lambda creates (<c>AddHttpMessageHandler(sp =&gt; new T(...))</c>); null when it cannot be told.
        /// </summary>
        private static ITypeSymbol? HandlerType(IInvocationOperation call)
        {
            if (call.TargetMethod.TypeArguments.Length == 1)
            {
                return call.TargetMethod.TypeArguments[0];
            }

            foreach (var argument in call.Arguments)
            {
                if (Symbols.Unwrap(argument.Value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
                {
                    var returned = Symbols.ReturnedValues(lambda).Select(Symbols.Unwrap).ToList();
                    return returned.Count == 1 && returned[0] is IObjectCreationOperation creation ? creation.Type : null;
                }
            }

            return null;
        }

        /// <summary>What the configuration lambda (<c>c =&gt; ...</c> or <c>(sp, c) =&gt; ...</c>) does to its HttpClient parameter.</summary>
        private static void Configure(ClientFacts client, IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (!(Symbols.Unwrap(argument.Value) is IDelegateCreationOperation delegateCreation) ||
                    !(delegateCreation.Target is IAnonymousFunctionOperation lambda))
                {
                    continue;
                }

                var parameter = lambda.Symbol.Parameters.FirstOrDefault(p => p.Type.Name == "HttpClient");
                if (parameter == null)
                {
                    continue;
                }

                var facts = ScopeFacts.Build(new IOperation[] { lambda.Body });
                foreach (var write in facts.MemberWritesOf(parameter))
                {
                    if (write.Key.Name == "BaseAddress")
                    {
                        client.BaseAddresses.Add(write.Value);
                    }
                }

                client.Headers.AddRange(facts.HeadersOf(parameter));
            }
        }
    }
}

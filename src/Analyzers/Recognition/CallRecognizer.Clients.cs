using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Saperly.Migration.Analyzers.Recognition
{
    /// <summary>What the code does to configure an HttpClient: base addresses, default headers, handlers.</summary>
    internal sealed class ClientFacts
    {
        public static readonly ClientFacts Unknown = new ClientFacts(ClientKind.Unknown, null);

        public ClientFacts(ClientKind kind, string? name)
        {
            Kind = kind;
            Name = name;
        }

        public ClientKind Kind { get; }
        public string? Name { get; }

        /// <summary>The local, field or property that holds the client, when the call names one.</summary>
        public ISymbol? Symbol { get; set; }
        public List<IOperation> BaseAddresses { get; } = new List<IOperation>();
        public List<HeaderWrite> Headers { get; } = new List<HeaderWrite>();

        /// <summary>A handler we cannot see may add headers (custom DelegatingHandler, AddHttpMessageHandler).</summary>
        public bool Opaque { get; set; }

        /// <summary>The project's own <c>DelegatingHandler</c>s the client sends through (<c>AddHttpMessageHandler&lt;T&gt;()</c>, <c>new HttpClient(new T())</c>).</summary>
        public List<INamedTypeSymbol> Handlers { get; } = new List<INamedTypeSymbol>();

        public void Merge(ClientFacts other)
        {
            BaseAddresses.AddRange(other.BaseAddresses);
            Headers.AddRange(other.Headers);
            Handlers.AddRange(other.Handlers);
            Opaque |= other.Opaque;
        }

        /// <summary>
        /// A handler the client sends through: one of the project's own <c>DelegatingHandler</c>s is read
        /// (<see cref="HandlerFacts"/>), any other may add headers we cannot see.
        /// </summary>
        public void AddHandler(ITypeSymbol? type)
        {
            if (type is INamedTypeSymbol named && named.DeclaringSyntaxReferences.Length > 0 && HandlerFacts.IsDelegatingHandler(named))
            {
                Handlers.Add(named);
            }
            else
            {
                Opaque = true;
            }
        }
    }

    /// <summary>The credential a call is sent with: where it comes from, whether the request or its client carries it, and the write that sets it.</summary>
    internal readonly struct CallCredential
    {
        public static readonly CallCredential None = new CallCredential(null, CredentialScope.None, null);

        public CallCredential(CredentialSource? source, CredentialScope scope, IOperation? write)
        {
            Source = source;
            Scope = source == null ? CredentialScope.None : scope;
            Write = write;
        }

        public CredentialSource? Source { get; }
        public CredentialScope Scope { get; }
        public IOperation? Write { get; }
    }

    /// <summary>An HttpRequestMessage as built in the code: method, URI and headers.</summary>
    internal sealed class RequestFacts
    {
        public RequestFacts(string? method, IOperation? uri, List<HeaderWrite> headers, ISymbol? symbol)
        {
            Method = method;
            Uri = uri;
            Headers = headers;
            Symbol = symbol;
        }

        public string? Method { get; }
        public IOperation? Uri { get; }
        public List<HeaderWrite> Headers { get; }
        public ISymbol? Symbol { get; }
    }

    internal sealed partial class CallRecognizer
    {
        /// <summary>Follow a client expression to where the client is created and configured.</summary>
        private ClientFacts ResolveClient(IOperation expression, int depth)
        {
            var op = Symbols.Unwrap(expression);
            if (op == null || depth > MaxDepth)
            {
                return ClientFacts.Unknown;
            }

            switch (op)
            {
                case IObjectCreationOperation creation:
                    return FromCreation(creation);
                case IInvocationOperation invocation when invocation.TargetMethod.Name == "CreateClient" &&
                                                         Symbols.Implements(invocation.TargetMethod.ContainingType, _shared.Types.HttpClientFactory):
                    var nameArgument = invocation.Arguments.Length > 0 ? invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "name")?.Value : null;
                    var name = nameArgument == null ? "" : Constant.String(nameArgument);
                    if (name == null)
                    {
                        return ClientFacts.Unknown;
                    }

                    var named = new ClientFacts(ClientKind.Named, name);
                    foreach (var registration in _shared.Registrations(_cancellationToken).ByName(name))
                    {
                        named.Merge(registration.Client);
                    }

                    return named;
                case IParameterReferenceOperation parameter when parameter.Parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } ctor:
                    return FromInjected(parameter.Parameter, ctor.ContainingType);
                case ILocalReferenceOperation _:
                case IFieldReferenceOperation _:
                case IPropertyReferenceOperation _:
                case IParameterReferenceOperation _:
                    var symbol = Symbols.Referenced(op);
                    if (symbol == null)
                    {
                        return ClientFacts.Unknown;
                    }

                    var facts = FactsFor(symbol, op);
                    var kind = symbol is ILocalSymbol ? ClientKind.Local : ClientKind.Member;
                    ClientFacts? result = null;
                    foreach (var value in facts.ValuesOf(symbol))
                    {
                        var resolved = ResolveClient(value, depth + 1);
                        if (result == null)
                        {
                            result = new ClientFacts(resolved.Kind == ClientKind.Unknown ? kind : resolved.Kind, resolved.Name ?? symbol.Name);
                        }

                        result.Merge(resolved);
                    }

                    result ??= new ClientFacts(symbol is IParameterSymbol ? ClientKind.Unknown : kind, symbol.Name);
                    if (symbol is IParameterSymbol && facts.ValuesOf(symbol).Count == 0)
                    {
                        // A method parameter: whoever passed it may have configured it.
                        result.Opaque = true;
                    }

                    result.Symbol ??= symbol;
                    AddWrites(result, facts, symbol);
                    return result;
                default:
                    return ClientFacts.Unknown;
            }
        }

        /// <summary>The HttpClient a typed client receives through its constructor (primary constructors too).</summary>
        private ClientFacts FromInjected(IParameterSymbol parameter, INamedTypeSymbol typedClient)
        {
            var result = new ClientFacts(ClientKind.Typed, typedClient.Name);
            foreach (var registration in _shared.Registrations(_cancellationToken).ByType(typedClient))
            {
                result.Merge(registration.Client);
            }

            AddWrites(result, _shared.TypeScope(typedClient, _cancellationToken), parameter);
            return result;
        }

        private ClientFacts FromCreation(IObjectCreationOperation creation)
        {
            var types = _shared.Types;
            if (!Symbols.IsType(creation.Type, types.HttpClient))
            {
                return ClientFacts.Unknown;
            }

            var result = new ClientFacts(ClientKind.Local, null);
            foreach (var argument in creation.Arguments)
            {
                var handlerType = Symbols.Unwrap(argument.Value)?.Type;
                if (argument.Parameter?.Name == "handler" && handlerType != null &&
                    !Symbols.IsType(handlerType, types.HttpClientHandler) && !Symbols.IsType(handlerType, types.SocketsHttpHandler))
                {
                    result.AddHandler(handlerType);
                }
            }

            var facts = _shared.ScopeOf(creation);
            AddWrites(result, facts, creation);
            return result;
        }

        private void AddWrites(ClientFacts result, ScopeFacts facts, object owner)
        {
            foreach (var write in facts.MemberWritesOf(owner is IOperation o ? o.Syntax : owner))
            {
                if (write.Key.Name == "BaseAddress")
                {
                    result.BaseAddresses.Add(write.Value);
                }
            }

            result.Headers.AddRange(facts.HeadersOf(owner is IOperation op ? op.Syntax : owner));
        }

        /// <summary>Facts that hold for a symbol: its method's for locals, its type's for members.</summary>
        private ScopeFacts FactsFor(ISymbol symbol, IOperation context)
        {
            switch (symbol)
            {
                case ILocalSymbol _:
                    return _shared.ScopeOf(context);
                case IParameterSymbol parameter when parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } ctor:
                    return _shared.TypeScope(ctor.ContainingType, _cancellationToken, context.SemanticModel);
                case IParameterSymbol _:
                    return _shared.ScopeOf(context);
                case IFieldSymbol _:
                case IPropertySymbol _:
                    return symbol.ContainingType != null && symbol.DeclaringSyntaxReferences.Length > 0
                        ? _shared.TypeScope(symbol.ContainingType, _cancellationToken, context.SemanticModel)
                        : ScopeFacts.Empty;
                default:
                    return ScopeFacts.Empty;
            }
        }

        /// <summary>Follow a request expression to its creation and the headers set on it.</summary>
        internal RequestFacts? ResolveRequest(IOperation expression, int depth)
        {
            var op = Symbols.Unwrap(expression);
            if (op == null || depth > MaxDepth)
            {
                return null;
            }

            if (op is IObjectCreationOperation creation && Symbols.IsType(creation.Type, _shared.Types.HttpRequestMessage))
            {
                var facts = _shared.ScopeOf(creation);
                var method = creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "method")?.Value;
                var uri = creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "requestUri")?.Value;
                foreach (var write in facts.MemberWritesOf(creation.Syntax))
                {
                    if (write.Key.Name == "Method")
                    {
                        method = write.Value;
                    }
                    else if (write.Key.Name == "RequestUri")
                    {
                        uri = write.Value;
                    }
                }

                return new RequestFacts(MethodOf(method), uri, facts.HeadersOf(creation.Syntax).ToList(), null);
            }

            var symbol = Symbols.Referenced(op);
            if (!(symbol is ILocalSymbol))
            {
                return null;
            }

            var scope = _shared.ScopeOf(op);
            var values = scope.ValuesOf(symbol);
            if (values.Count != 1)
            {
                return null;
            }

            var created = ResolveRequest(values[0], depth + 1);
            if (created == null)
            {
                return null;
            }

            var methodOp = (IOperation?)null;
            var uriOp = (IOperation?)null;
            foreach (var write in scope.MemberWritesOf(symbol))
            {
                if (write.Key.Name == "Method")
                {
                    methodOp = write.Value;
                }
                else if (write.Key.Name == "RequestUri")
                {
                    uriOp = write.Value;
                }
            }

            var headers = created.Headers.Concat(scope.HeadersOf(symbol)).ToList();
            return new RequestFacts(methodOp != null ? MethodOf(methodOp) : created.Method, uriOp ?? created.Uri, headers, symbol);
        }

        private string? MethodOf(IOperation? expression)
        {
            var op = Symbols.Unwrap(expression);
            switch (op)
            {
                case IPropertyReferenceOperation property when Symbols.IsType(property.Property.ContainingType, _shared.Types.HttpMethod) && property.Instance == null:
                    return property.Property.Name.ToUpperInvariant();
                case IObjectCreationOperation creation when Symbols.IsType(creation.Type, _shared.Types.HttpMethod) && creation.Arguments.Length == 1:
                    return Constant.String(creation.Arguments[0].Value)?.ToUpperInvariant();
                case IInvocationOperation invocation when invocation.TargetMethod.Name == "Parse" && Symbols.IsType(invocation.TargetMethod.ContainingType, _shared.Types.HttpMethod):
                    return invocation.Arguments.Length == 1 ? Constant.String(invocation.Arguments[0].Value)?.ToUpperInvariant() : null;
                case ILocalReferenceOperation local:
                    var values = _shared.ScopeOf(local).ValuesOf(local.Local);
                    return values.Count == 1 ? MethodOf(values[0]) : null;
                default:
                    return null;
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Saperly.Migration.Analyzers.Model;
using Saperly.Migration.Analyzers.Recognition.Shapes;

namespace Saperly.Migration.Analyzers.Recognition
{
    /// <summary>
    /// Turns one invocation into "a Saperly call", or null. The only code that knows how C# spells an
    /// HTTP call to Saperly and where its credential comes from. Never guesses: when the endpoint cannot
    /// be established the call is not Saperly's; a credential it cannot follow is left unknown.
    /// </summary>
    internal sealed partial class CallRecognizer
    {
        private const int MaxDepth = 8;

        private readonly SaperlyCompilation _shared;
        private readonly SaperlyOptions _options;
        private readonly CancellationToken _cancellationToken;

        public CallRecognizer(SaperlyCompilation shared, SaperlyOptions options, CancellationToken cancellationToken)
        {
            _shared = shared;
            _options = options;
            _cancellationToken = cancellationToken;
        }

        /// <summary>The framework types of the compilation, for the shapes.</summary>
        public KnownTypes Types => _shared.Types;

        /// <summary>The call an invocation is, asked of every shape that could take it by name (<see cref="CallShapes"/>).</summary>
        public SaperlyCall? Recognize(IInvocationOperation invocation)
        {
            foreach (var shape in _shared.ShapesFor(_cancellationToken).ShapesFor(invocation))
            {
                var call = shape.Recognize(invocation, this);
                if (call != null)
                {
                    return call;
                }
            }

            return null;
        }

        /// <summary>The project's options (client type names, hosts), for the shapes.</summary>
        internal SaperlyOptions Options => _options;

        /// <summary>The HTTP method an expression names (<c>HttpMethod.Post</c>, <c>new HttpMethod("POST")</c>), or null.</summary>
        internal string? HttpMethodOf(IOperation? expression) => MethodOf(expression);

        /// <summary>The values a local, field, property or parameter is given in its scope.</summary>
        internal IReadOnlyList<IOperation> ValuesOf(ISymbol symbol, IOperation context) => FactsFor(symbol, context).ValuesOf(symbol);

        /// <summary>The calls made on a symbol as statements of their own in its scope (<see cref="ScopeFacts.CallsOn"/>).</summary>
        internal IReadOnlyList<IInvocationOperation> InvocationsOn(ISymbol symbol, IOperation context) => FactsFor(symbol, context).CallsOn(symbol);

        /// <summary>The property writes made on a symbol in its scope (<c>request.Method = ...</c>, <c>options.BaseUrl = ...</c>).</summary>
        internal IReadOnlyList<KeyValuePair<IPropertySymbol, IOperation>> MemberWritesOf(ISymbol symbol, IOperation context) => FactsFor(symbol, context).MemberWritesOf(symbol);

        /// <summary>The URI an expression builds (a string template, <c>new Uri(...)</c>), or null when it is all unknown.</summary>
        internal UriShape? UriOfOperation(IOperation expression) => UriOf(expression, 0);

        /// <summary>An <c>HttpClient</c> expression followed to where it is created and configured.</summary>
        internal ClientFacts ClientOf(IOperation expression) => ResolveClient(expression, 0);

        /// <summary>What an <c>IHttpClientBuilder</c> registration's chain does to its client.</summary>
        internal ClientFacts BuilderChainOf(IInvocationOperation registration) => HttpClientRegistrations.ChainOf(registration, ClientKind.Typed, null);

        /// <summary>The compilation's <c>AddRefitClient&lt;T&gt;()</c> registrations of one interface.</summary>
        internal IReadOnlyList<IInvocationOperation> RefitRegistrations(INamedTypeSymbol api) =>
            _shared.RefitRegistrations(_cancellationToken).Where(r => SymbolEqualityComparer.Default.Equals(r.Key, api.OriginalDefinition)).Select(r => r.Value).ToList();

        /// <summary>The bound arguments of an attribute application (<c>[Headers("Authorization: Bearer")]</c>), in its own tree.</summary>
        internal IEnumerable<IOperation> AttributeArguments(AttributeData attribute)
        {
            if (!(attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is Microsoft.CodeAnalysis.CSharp.Syntax.AttributeSyntax syntax) ||
                syntax.ArgumentList == null || !_shared.Compilation.ContainsSyntaxTree(syntax.SyntaxTree))
            {
                yield break;
            }

            var model = _shared.ModelFor(syntax.SyntaxTree);
            foreach (var argument in syntax.ArgumentList.Arguments)
            {
                if (model.GetOperation(argument.Expression, _cancellationToken) is IOperation operation)
                {
                    yield return operation;
                }
            }
        }

        /// <summary>The text of a string expression, with holes where it is not constant (<see cref="Template"/>).</summary>
        internal string StringOfOperation(IOperation expression) => StringOf(expression, 0);

        /// <summary>The section path a configuration expression stands for ("" for the root, "Saperly" for <c>GetSection("Saperly")</c>), or null.</summary>
        internal string? ConfigurationPathOf(IOperation expression) => SectionPath(expression);

        /// <summary>The credential an <c>Authorization</c> header value carries (<c>"Bearer " + key</c>), or null.</summary>
        internal CredentialSource? CredentialFromAuthorizationValue(IOperation value) => CredentialFromAuthorization(value, 0);

        /// <summary>The <c>HttpClient</c> an instance call of <c>HttpClient</c> (or <c>HttpMessageInvoker</c>) is made on; null for any other call.</summary>
        internal IOperation? HttpClientInstance(IInvocationOperation invocation)
        {
            var types = _shared.Types;
            var method = invocation.TargetMethod;
            return types.HttpClient != null && invocation.Instance != null &&
                   (Symbols.IsType(method.ContainingType, types.HttpClient) || Symbols.IsType(method.ContainingType, types.HttpMessageInvoker)) &&
                   Symbols.IsType(invocation.Instance.Type, types.HttpClient)
                ? invocation.Instance
                : null;
        }

        /// <summary>
        /// An HTTP call of any <c>HttpClient</c> shape: the endpoint from the method and URI (against the client's base
        /// address), the credential from the request's own headers, else the client's, and whether the call is Saperly's
        /// at all (its host, its credential's name, its client's name or the type it is made in says so).
        /// </summary>
        internal SaperlyCall? RecognizeHttp(IInvocationOperation invocation, IOperation clientExpression, CallShape shape, string? httpMethod, IOperation? uriOperation, RequestFacts? request)
        {
            if (httpMethod == null || uriOperation == null)
            {
                return null;
            }

            var client = ResolveClient(clientExpression, 0);
            var uri = UriOf(uriOperation, 0);
            if (uri == null)
            {
                return null;
            }

            if (!uri.IsAbsolute || uri.Host == HostKind.Unknown)
            {
                foreach (var baseAddress in client.BaseAddresses)
                {
                    var resolvedBase = UriOf(baseAddress, 0);
                    if (resolvedBase != null)
                    {
                        uri = uri.ResolveAgainst(resolvedBase);
                        break;
                    }
                }
            }

            // The request's own Authorization first; the client's default headers and handlers then have their say.
            var own = CallCredential.None;
            var headers = new List<HeaderWrite>();
            if (request != null)
            {
                var fromRequest = CredentialFromHeaders(request.Headers, out var write);
                own = new CallCredential(fromRequest, CredentialScope.Request, write);
                headers.AddRange(request.Headers);
            }

            var credential = ThroughClient(client, own, request != null && HasHeader(request.Headers, "Authorization"), headers, out var opaque);
            return Conclude(
                invocation, shape, httpMethod, uri, credential, headers, opaque,
                client.Kind, client.Name, client.Symbol, request?.Symbol);
        }

        /// <summary>
        /// What a client adds to a call that carries <paramref name="own"/> (and sets <c>Authorization</c> itself when
        /// <paramref name="ownAuthorization"/>): its default headers, whose <c>Authorization</c> counts only where the call
        /// sets none, then its handlers, whose <c>Authorization</c> replaces the call's unless they defer to it. The
        /// client's and handlers' headers are added to <paramref name="headers"/>.
        /// </summary>
        internal CallCredential ThroughClient(ClientFacts client, CallCredential own, bool ownAuthorization, List<HeaderWrite> headers, out bool opaque)
        {
            var credential = own;
            if (!ownAuthorization && CredentialFromHeaders(client.Headers, out var write) is CredentialSource fromClient)
            {
                credential = new CallCredential(fromClient, CredentialScope.Client, write);
            }

            headers.AddRange(client.Headers);
            opaque = client.Opaque;
            var hasAuthorization = ownAuthorization || HasHeader(client.Headers, "Authorization");
            foreach (var type in client.Handlers)
            {
                var handler = _shared.Handler(type, _cancellationToken);
                opaque |= handler.Opaque;
                headers.AddRange(handler.Headers);
                if (handler.Authorization is HeaderWrite authorization && (!handler.DefersAuthorization || !hasAuthorization))
                {
                    credential = new CallCredential(
                        CredentialFromAuthorization(authorization.Value, 0), handler.DefersAuthorization ? CredentialScope.Client : CredentialScope.Handler, authorization.Statement);
                }
            }

            return credential;
        }

        /// <summary>
        /// What every shape ends with once it knows the URI, the credential and the headers of a call: the Saperly operation
        /// the method and path name, the Idempotency-Key values sent, and whether the call is Saperly's at all (its host,
        /// its credential's name, its client's name or the type it is made in says so). Null for anything else.
        /// </summary>
        internal SaperlyCall? Conclude(
            IInvocationOperation invocation, CallShape shape, string httpMethod, UriShape uri, CallCredential credential, IEnumerable<HeaderWrite> headers, bool opaque,
            ClientKind clientKind, string? clientName, ISymbol? clientSymbol, ISymbol? requestSymbol)
        {
            if (uri.Host == HostKind.Foreign)
            {
                return null;
            }

            var segments = uri.Segments();
            var operation = IsResourceKnown(segments) ? SaperlyApi.Match(httpMethod, segments) : null;
            if (operation == null)
            {
                return null;
            }

            var sent = headers as IReadOnlyCollection<HeaderWrite> ?? headers.ToList();
            var idempotency = sent.Where(h => string.Equals(h.Name, SaperlyApi.IdempotencyHeader, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToImmutableArray();
            var saperly = uri.Host == HostKind.Saperly
                || (credential.Source != null && credential.Source.IsSaperlyNamed)
                || (clientName != null && clientName.IndexOf("saperly", StringComparison.OrdinalIgnoreCase) >= 0)
                || ContainingTypeSaysSaperly(invocation);
            if (!saperly)
            {
                return null;
            }

            return new SaperlyCall(
                invocation,
                operation,
                operation.Display,
                shape,
                clientKind,
                clientName,
                clientSymbol,
                credential.Source,
                credential.Scope,
                credential.Write,
                !idempotency.IsEmpty,
                idempotency,
                opaque || sent.Any(h => h.Name == null),
                requestSymbol);
        }

        /// <summary>A path whose resource segment is itself unknown (<c>v1/{resource}</c>) says nothing.</summary>
        internal static bool IsResourceKnown(IReadOnlyList<string> segments)
        {
            var start = segments.Count > 0 && string.Equals(segments[0], "api", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
            return segments.Count > start + 1 && segments[start] == "v1" && segments[start + 1] != SaperlyApi.Hole
                && segments[start + 1] != "auth";
        }

        internal bool ContainingTypeSaysSaperly(IOperation op)
        {
            var type = op.SemanticModel?.GetEnclosingSymbol(op.Syntax.SpanStart, _cancellationToken)?.ContainingType;
            for (var t = type; t != null; t = t.ContainingType)
            {
                if (t.Name.IndexOf("Saperly", StringComparison.OrdinalIgnoreCase) >= 0 || _options.IsClientTypeName(t.Name) || _shared.IsResourceType(t, _options))
                {
                    return true;
                }
            }

            return false;
        }

        internal static string? VerbOf(string methodName)
        {
            if (methodName.StartsWith("Get", StringComparison.Ordinal))
            {
                return "GET";
            }

            if (methodName.StartsWith("Post", StringComparison.Ordinal))
            {
                return "POST";
            }

            if (methodName.StartsWith("Put", StringComparison.Ordinal))
            {
                return "PUT";
            }

            if (methodName.StartsWith("Patch", StringComparison.Ordinal))
            {
                return "PATCH";
            }

            if (methodName.StartsWith("Delete", StringComparison.Ordinal))
            {
                return "DELETE";
            }

            return null;
        }

        internal static IOperation? Argument(IInvocationOperation invocation, string parameterName)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == parameterName && argument.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    return argument.Value;
                }
            }

            return null;
        }

        private static bool HasHeader(IEnumerable<HeaderWrite> headers, string name) =>
            headers.Any(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));

        private CredentialSource? CredentialFromHeaders(IEnumerable<HeaderWrite> headers, out IOperation? write)
        {
            foreach (var header in headers)
            {
                if (!string.Equals(header.Name, "Authorization", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var credential = CredentialFromAuthorization(header.Value, 0);
                if (credential != null)
                {
                    write = header.Statement;
                    return credential;
                }
            }

            write = null;
            return null;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Saperly.Migration.Analyzers.Model;

namespace Saperly.Migration.Analyzers.Recognition.Shapes
{
    /// <summary>
    /// Flurl: <c>"https://saperly.com/api".AppendPathSegment("v1/keys").WithOAuthBearerToken(key).PostJsonAsync(body)</c>,
    /// and the same through a <c>FlurlClient</c> (<c>client.Request("v1", "keys")</c>, its own bearer token and headers). The
    /// fluent chain is walked back from the call that sends: path segments, headers and the bearer token of the request,
    /// then the client's. Types are matched by their metadata names in Flurl's own assemblies.
    /// </summary>
    internal sealed class FlurlShape : CallShapeRecognizer
    {
        private const string Http = "Flurl.Http";

        private static readonly string[] Methods =
        {
            "GetAsync", "GetJsonAsync", "GetStringAsync", "GetStreamAsync", "GetBytesAsync",
            "PostAsync", "PostJsonAsync", "PostStringAsync", "PostUrlEncodedAsync", "PostMultipartAsync",
            "PutAsync", "PutJsonAsync", "PutStringAsync", "PatchAsync", "PatchJsonAsync", "PatchStringAsync",
            "DeleteAsync", "HeadAsync", "OptionsAsync", "SendAsync", "SendJsonAsync", "SendStringAsync", "SendUrlEncodedAsync",
        };

        public override CallShape Shape => CallShape.Flurl;

        public override string? Library => Http;

        public override IReadOnlyCollection<string> MethodNames => Methods;

        public override SaperlyCall? Recognize(IInvocationOperation invocation, CallRecognizer recognizer)
        {
            var method = invocation.TargetMethod;
            var types = recognizer.Types;
            IOperation? receiver;
            var extension = Symbols.AsExtensionCall(invocation);
            if (extension != null && IsType(extension.DeclaringClass, types.InLibrary(Http, "Flurl.Http.GeneratedExtensions")))
            {
                receiver = extension.Receiver;
            }
            else if (method.Name == "SendAsync" && Symbols.Implements(method.ContainingType, types.InLibrary(Http, "Flurl.Http.IFlurlRequest")))
            {
                receiver = invocation.Instance;
            }
            else
            {
                return null;
            }

            var verb = method.Name.StartsWith("Send", StringComparison.Ordinal)
                ? recognizer.HttpMethodOf(CallRecognizer.Argument(invocation, "verb"))
                : VerbOf(method.Name);
            if (receiver == null || verb == null)
            {
                return null;
            }

            var chain = new FlurlChain();
            Walk(receiver, recognizer, chain, 0);
            if (chain.Url.Count == 0 || chain.Unknown)
            {
                return null;
            }

            var uri = UriShape.Parse(string.Concat(chain.Url), recognizer.Options);
            if (uri == null)
            {
                return null;
            }

            // The request's own headers win over the client's: Flurl merges the client's in only where the request has none.
            var client = chain.Client;
            var credential = chain.Credential.Write != null || client == null ? chain.Credential : client.Credential;
            var headers = client == null ? chain.Headers : chain.Headers.Concat(client.Headers);
            var clientKind = client?.Symbol is ILocalSymbol ? ClientKind.Local : client?.Symbol != null ? ClientKind.Member : ClientKind.Unknown;
            return recognizer.Conclude(
                invocation, Shape, verb, uri, credential, headers, chain.Opaque || client?.Opaque == true, clientKind, client?.Symbol?.Name, client?.Symbol, chain.RequestSymbol);
        }

        private static string? VerbOf(string name)
        {
            foreach (var verb in new[] { "Get", "Post", "Put", "Patch", "Delete", "Head", "Options" })
            {
                if (name.StartsWith(verb, StringComparison.Ordinal))
                {
                    return verb.ToUpperInvariant();
                }
            }

            return null;
        }

        private static bool IsType(ITypeSymbol? type, INamedTypeSymbol? expected) =>
            expected != null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, expected);

        /// <summary>What one link adds to a request's or a client's headers: <c>WithOAuthBearerToken(token)</c>, <c>WithHeader(name, value)</c>; false for any other link.</summary>
        private static bool ApplyHeader(HeaderState state, IInvocationOperation call, CallRecognizer recognizer, CredentialScope scope)
        {
            switch (call.TargetMethod.Name)
            {
                case "WithOAuthBearerToken":
                    state.SetBearer(CallRecognizer.Argument(call, "token"), call, recognizer, scope);
                    return true;
                case "WithHeader":
                    state.AddNamed(call, recognizer, scope);
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>What the chain that ends in the sending call says: URL pieces, headers, the bearer token, the client.</summary>
        private sealed class FlurlChain : HeaderState
        {
            public List<string> Url { get; } = new List<string>();
            public FlurlClientFacts? Client { get; set; }
            public ISymbol? RequestSymbol { get; set; }

            /// <summary>The chain starts somewhere we cannot follow: the URL is unknown.</summary>
            public bool Unknown { get; set; }
        }

        /// <summary>A <c>FlurlClient</c> as created and configured: base URL, bearer token, headers.</summary>
        private sealed class FlurlClientFacts : HeaderState
        {
            public string BaseUrl { get; set; } = Template.HoleString;
            public ISymbol? Symbol { get; set; }
        }

        /// <summary>Walks a chain from its end to its start (the receiver of each call), collecting what each call adds.</summary>
        private static void Walk(IOperation expression, CallRecognizer recognizer, FlurlChain chain, int depth)
        {
            var op = Symbols.Unwrap(expression);
            if (op == null || depth > 12)
            {
                chain.Unknown = true;
                return;
            }

            switch (op)
            {
                case IInvocationOperation call when call.TargetMethod.Name == "Request" && call.Instance != null && IsClient(call.Instance.Type, recognizer):
                    var client = ClientOf(call.Instance, recognizer, 0);
                    chain.Client = client;
                    chain.Url.Add(client.BaseUrl);
                    AppendSegments(call, recognizer, chain, argumentsFrom: 0);
                    return;
                case IInvocationOperation call when call.Instance != null && IsUrl(call.TargetMethod.ContainingType, recognizer) && call.TargetMethod.Name.StartsWith("AppendPathSegment", StringComparison.Ordinal):
                    // url.AppendPathSegment(...) on a Url it holds: an instance method of Flurl's Url.
                    Walk(call.Instance, recognizer, chain, depth + 1);
                    AppendSegments(call, recognizer, chain, argumentsFrom: 0);
                    return;
                case IObjectCreationOperation creation when IsUrl(creation.Type, recognizer) || IsType(creation.Type, recognizer.Types.InLibrary(Http, "Flurl.Http.FlurlRequest")):
                    // new Url("https://..."), new FlurlRequest("https://...", "v1", "keys")
                    var start = creation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0);
                    if (start == null || start.Value.Type?.SpecialType != SpecialType.System_String)
                    {
                        chain.Unknown = true;
                        return;
                    }

                    chain.Url.Add(recognizer.StringOfOperation(start.Value));
                    AppendSegments(creation.Arguments, recognizer, chain, argumentsFrom: 1);
                    return;
                case IInvocationOperation call when FlurlExtension(call) is ExtensionCall link:
                    Walk(link.Receiver, recognizer, chain, depth + 1);
                    Apply(call, link, recognizer, chain);
                    return;
                case ILocalReferenceOperation local:
                    var values = recognizer.ValuesOf(local.Local, local);
                    if (values.Count != 1)
                    {
                        chain.Unknown = true;
                        return;
                    }

                    chain.RequestSymbol ??= local.Local;
                    Walk(values[0], recognizer, chain, depth + 1);

                    // Statements that configure the request held in the local: request.WithHeader(...);
                    foreach (var statement in recognizer.InvocationsOn(local.Local, local))
                    {
                        if (FlurlExtension(statement) is ExtensionCall link)
                        {
                            Apply(statement, link, recognizer, chain);
                        }
                    }

                    return;
                default:
                    var text = recognizer.StringOfOperation(op);
                    if (Template.IsAllHole(text))
                    {
                        chain.Unknown = true;
                        return;
                    }

                    chain.Url.Add(text);
                    return;
            }
        }

        /// <summary>A call of one of Flurl's extension methods (<c>AppendPathSegment</c>, <c>WithHeader</c>, ...), or null.</summary>
        private static ExtensionCall? FlurlExtension(IInvocationOperation call)
        {
            var extension = Symbols.AsExtensionCall(call);
            var type = extension?.DeclaringClass;
            var ns = type?.ContainingNamespace?.ToDisplayString();
            return (ns == "Flurl" || ns == "Flurl.Http") && (type!.ContainingAssembly?.Name == "Flurl" || type.ContainingAssembly?.Name == Http) ? extension : null;
        }

        private static bool IsClient(ITypeSymbol? type, CallRecognizer recognizer) =>
            Symbols.Implements(type, recognizer.Types.InLibrary(Http, "Flurl.Http.IFlurlClient"));

        /// <summary>What one call of the chain adds: a path segment, a header, the bearer token; anything else passes through.</summary>
        private static void Apply(IInvocationOperation call, ExtensionCall link, CallRecognizer recognizer, FlurlChain chain)
        {
            if (ApplyHeader(chain, call, recognizer, CredentialScope.Request))
            {
                return;
            }

            switch (call.TargetMethod.Name)
            {
                case "AppendPathSegment":
                case "AppendPathSegments":
                    AppendSegments(call, recognizer, chain, argumentsFrom: link.FirstArgument);
                    break;
                case "WithHeaders":
                case "WithBasicAuth":
                case "BeforeCall":
                    chain.Opaque = true;
                    break;
            }
        }

        private static bool IsUrl(ITypeSymbol? type, CallRecognizer recognizer) =>
            IsType(type, recognizer.Types.InLibrary("Flurl", "Flurl.Url"));

        private static void AppendSegments(IInvocationOperation call, CallRecognizer recognizer, FlurlChain chain, int argumentsFrom) =>
            AppendSegments(call.Arguments, recognizer, chain, argumentsFrom);

        private static void AppendSegments(ImmutableArray<IArgumentOperation> arguments, CallRecognizer recognizer, FlurlChain chain, int argumentsFrom)
        {
            foreach (var argument in arguments.Where(a => a.Parameter != null && a.Parameter.Ordinal >= argumentsFrom))
            {
                if (argument.Parameter!.Type.SpecialType == SpecialType.System_Boolean)
                {
                    continue;
                }

                var values = Symbols.Unwrap(argument.Value) is IArrayCreationOperation array && array.Initializer != null
                    ? array.Initializer.ElementValues
                    : ImmutableArray.Create(argument.Value);
                foreach (var segment in values)
                {
                    var text = recognizer.StringOfOperation(segment);
                    chain.Url.Add("/" + text.Trim('/'));
                }
            }
        }

        /// <summary>A client expression followed to its creation (<c>new FlurlClient(baseUrl)</c>) and what configures it.</summary>
        private static FlurlClientFacts ClientOf(IOperation expression, CallRecognizer recognizer, int depth)
        {
            var facts = new FlurlClientFacts();
            var op = Symbols.Unwrap(expression);
            if (op == null || depth > 8)
            {
                return facts;
            }

            switch (op)
            {
                case IObjectCreationOperation creation:
                    var url = creation.Arguments.FirstOrDefault(a => a.Parameter?.Type.SpecialType == SpecialType.System_String && a.ArgumentKind != ArgumentKind.DefaultValue);
                    facts.BaseUrl = url == null ? Template.HoleString : recognizer.StringOfOperation(url.Value);
                    return facts;
                case IInvocationOperation call when IsClient(call.Type, recognizer) && FlurlExtension(call) is ExtensionCall link:
                    // new FlurlClient(url).WithOAuthBearerToken(key).WithHeader(...): the configuration is fluent too.
                    var inner = ClientOf(link.Receiver, recognizer, depth + 1);
                    ApplyHeader(inner, call, recognizer, CredentialScope.Client);
                    return inner;
                default:
                    var symbol = Symbols.Referenced(op);
                    if (symbol == null)
                    {
                        return facts;
                    }

                    var values = recognizer.ValuesOf(symbol, op);
                    var result = values.Count == 1 ? ClientOf(values[0], recognizer, depth + 1) : facts;
                    result.Symbol = symbol;
                    foreach (var statement in recognizer.InvocationsOn(symbol, op))
                    {
                        ApplyHeader(result, statement, recognizer, CredentialScope.Client);
                    }

                    return result;
            }
        }
    }
}

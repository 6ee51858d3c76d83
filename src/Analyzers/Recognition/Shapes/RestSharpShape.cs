using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Saperly.Migration.Analyzers.Model;

namespace Saperly.Migration.Analyzers.Recognition.Shapes
{
    /// <summary>
    /// RestSharp: <c>client.PostAsync&lt;T&gt;(new RestRequest("v1/keys", Method.Post).AddJsonBody(body))</c>,
    /// <c>client.ExecuteAsync(request)</c>, <c>client.GetJsonAsync&lt;T&gt;("v1/keys")</c>, on a <c>RestClient</c> made from a
    /// base URL or <c>RestClientOptions { BaseUrl = ..., Authenticator = new JwtAuthenticator(key) }</c>, with
    /// <c>AddDefaultHeader</c> defaults. The request is followed to its creation and the statements that configure it
    /// (<c>AddHeader</c>, <c>Method</c>, <c>Authenticator</c>); the request's authenticator and headers win over the
    /// client's. Types are matched by their metadata names in RestSharp's own assembly.
    /// </summary>
    internal sealed class RestSharpShape : CallShapeRecognizer
    {
        private const string Assembly = "RestSharp";

        private static readonly string[] Verbs = { "Get", "Post", "Put", "Patch", "Delete", "Head", "Options" };

        private static readonly string[] Methods = Verbs.SelectMany(v => new[] { v + "Async", "Execute" + v + "Async", v + "JsonAsync" })
            .Concat(new[] { "ExecuteAsync" }).ToArray();

        public override CallShape Shape => CallShape.RestSharp;

        public override string? Library => Assembly;

        public override IReadOnlyCollection<string> MethodNames => Methods;

        public override SaperlyCall? Recognize(IInvocationOperation invocation, CallRecognizer recognizer)
        {
            var method = invocation.TargetMethod;
            var types = recognizer.Types;
            IOperation? clientExpression;
            var extension = Symbols.AsExtensionCall(invocation);
            if (extension != null && IsType(extension.DeclaringClass, types.InLibrary(Assembly, "RestSharp.RestClientExtensions")))
            {
                clientExpression = extension.Receiver;
            }
            else if (method.Name == "ExecuteAsync" && Symbols.Implements(method.ContainingType, types.InLibrary(Assembly, "RestSharp.IRestClient")))
            {
                clientExpression = invocation.Instance;
            }
            else
            {
                return null;
            }

            var requestArgument = invocation.Arguments.FirstOrDefault(a => IsRequest(a.Parameter?.Type, recognizer));
            var resourceArgument = CallRecognizer.Argument(invocation, "resource");
            if (clientExpression == null || (requestArgument == null && resourceArgument == null))
            {
                return null;
            }

            var request = new RestRequestFacts();
            if (requestArgument != null)
            {
                ResolveRequest(requestArgument.Value, recognizer, request, 0);
            }
            else
            {
                request.Uri = recognizer.UriOfOperation(resourceArgument!);
            }

            var verb = VerbOf(method.Name) ?? MethodValue(invocation.Arguments.FirstOrDefault(a => IsMethodEnum(a.Parameter?.Type, recognizer) && a.ArgumentKind != ArgumentKind.DefaultValue)?.Value, recognizer) ?? request.Method;
            var uri = request.Uri;
            if (request.Unknown || verb == null || uri == null)
            {
                return null;
            }

            var client = ResolveClient(clientExpression, recognizer, 0);
            if ((!uri.IsAbsolute || uri.Host == HostKind.Unknown) && client.BaseUri != null)
            {
                uri = uri.ResolveAgainst(client.BaseUri);
            }

            // The request's authenticator or Authorization header wins over the client's; RestSharp adds the client's
            // default headers where the request has none of its own.
            var credential = request.Credential.Write != null ? request.Credential : client.Credential;
            var clientKind = client.Symbol is ILocalSymbol ? ClientKind.Local : client.Symbol != null ? ClientKind.Member : ClientKind.Unknown;
            return recognizer.Conclude(
                invocation, Shape, verb, uri, credential, request.Headers.Concat(client.Headers), request.Opaque || client.Opaque,
                clientKind, client.Symbol?.Name, client.Symbol, request.Symbol);
        }

        private static string? VerbOf(string name)
        {
            var bare = name.StartsWith("Execute", StringComparison.Ordinal) ? name.Substring("Execute".Length) : name;
            foreach (var verb in Verbs)
            {
                if (bare.StartsWith(verb, StringComparison.Ordinal))
                {
                    return verb.ToUpperInvariant();
                }
            }

            return null;
        }

        /// <summary><c>Method.Post</c> (RestSharp's own enum), or null.</summary>
        private static string? MethodValue(IOperation? expression, CallRecognizer recognizer)
        {
            var op = Symbols.Unwrap(expression);
            return op is IFieldReferenceOperation field && IsMethodEnum(field.Type, recognizer) ? field.Field.Name.ToUpperInvariant() : null;
        }

        private static bool IsType(ITypeSymbol? type, INamedTypeSymbol? expected) =>
            expected != null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, expected);

        private static bool IsRequest(ITypeSymbol? type, CallRecognizer recognizer) =>
            IsType(type, recognizer.Types.InLibrary(Assembly, "RestSharp.RestRequest"));

        private static bool IsMethodEnum(ITypeSymbol? type, CallRecognizer recognizer) =>
            IsType(type, recognizer.Types.InLibrary(Assembly, "RestSharp.Method"));

        /// <summary><c>Authenticator = new JwtAuthenticator(key)</c>; any other authenticator is a credential we cannot read.</summary>
        private static void SetAuthenticator(HeaderState state, IOperation value, IOperation write, CallRecognizer recognizer, CredentialScope scope)
        {
            var creation = Symbols.Unwrap(value) as IObjectCreationOperation;
            var token = creation != null && IsType(creation.Type, recognizer.Types.InLibrary(Assembly, "RestSharp.Authenticators.JwtAuthenticator"))
                ? creation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value
                : null;
            state.SetBearer(token, write, recognizer, scope);
        }

        /// <summary>A <c>RestRequest</c> as created and configured: resource, method, headers, authenticator.</summary>
        private sealed class RestRequestFacts : HeaderState
        {
            public UriShape? Uri { get; set; }
            public string? Method { get; set; } = "GET";
            public ISymbol? Symbol { get; set; }

            /// <summary>The request could not be followed to its creation.</summary>
            public bool Unknown { get; set; }
        }

        /// <summary>A <c>RestClient</c> as created and configured: base URL, authenticator, default headers.</summary>
        private sealed class RestClientFacts : HeaderState
        {
            public UriShape? BaseUri { get; set; }
            public ISymbol? Symbol { get; set; }
        }

        private static void ResolveRequest(IOperation expression, CallRecognizer recognizer, RestRequestFacts request, int depth)
        {
            var op = Symbols.Unwrap(expression);
            if (op == null || depth > 8)
            {
                request.Unknown = true;
                return;
            }

            switch (op)
            {
                case IObjectCreationOperation creation when IsRequest(creation.Type, recognizer):
                    var resource = creation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0 && a.ArgumentKind != ArgumentKind.DefaultValue)?.Value;
                    request.Uri = resource == null ? null : recognizer.UriOfOperation(resource);
                    request.Method = MethodValue(creation.Arguments.FirstOrDefault(a => IsMethodEnum(a.Parameter?.Type, recognizer) && a.ArgumentKind != ArgumentKind.DefaultValue)?.Value, recognizer)
                        ?? (creation.Arguments.Any(a => IsMethodEnum(a.Parameter?.Type, recognizer) && a.ArgumentKind != ArgumentKind.DefaultValue) ? null : "GET");
                    if (creation.Initializer != null)
                    {
                        foreach (var initializer in creation.Initializer.Initializers.OfType<ISimpleAssignmentOperation>())
                        {
                            ApplyMemberWrite(initializer.Target, initializer.Value, initializer, recognizer, request);
                        }
                    }

                    return;
                case IInvocationOperation call when IsRequest(call.Type, recognizer) && Symbols.AsExtensionCall(call) is ExtensionCall link:
                    // new RestRequest(...).AddJsonBody(body).AddHeader(name, value): each link returns the request.
                    ResolveRequest(link.Receiver, recognizer, request, depth + 1);
                    ApplyRequestCall(call, recognizer, request);
                    return;
                default:
                    var symbol = Symbols.Referenced(op);
                    var values = symbol == null ? Array.Empty<IOperation>() : recognizer.ValuesOf(symbol, op);
                    if (symbol == null || values.Count != 1)
                    {
                        request.Unknown = true;
                        return;
                    }

                    request.Symbol ??= symbol;
                    ResolveRequest(values[0], recognizer, request, depth + 1);
                    foreach (var write in recognizer.MemberWritesOf(symbol, op))
                    {
                        ApplyMemberWrite(write.Key, write.Value, write.Value, recognizer, request);
                    }

                    foreach (var statement in recognizer.InvocationsOn(symbol, op))
                    {
                        ApplyRequestCall(statement, recognizer, request);
                    }

                    return;
            }
        }

        private static void ApplyMemberWrite(IOperation target, IOperation value, IOperation write, CallRecognizer recognizer, RestRequestFacts request) =>
            ApplyMemberWrite((target as IPropertyReferenceOperation)?.Property, value, write, recognizer, request);

        private static void ApplyMemberWrite(IPropertySymbol? property, IOperation value, IOperation write, CallRecognizer recognizer, RestRequestFacts request)
        {
            switch (property?.Name)
            {
                case "Resource":
                    request.Uri = recognizer.UriOfOperation(value);
                    break;
                case "Method":
                    request.Method = MethodValue(value, recognizer);
                    break;
                case "Authenticator":
                    SetAuthenticator(request, value, write, recognizer, CredentialScope.Request);
                    break;
            }
        }

        private static void ApplyRequestCall(IInvocationOperation call, CallRecognizer recognizer, RestRequestFacts request)
        {
            switch (call.TargetMethod.Name)
            {
                case "AddHeader":
                case "AddOrUpdateHeader":
                    request.AddNamed(call, recognizer, CredentialScope.Request);
                    break;
                case "AddHeaders":
                case "AddOrUpdateHeaders":
                    request.Opaque = true;
                    break;
                case "AddParameter":
                case "AddOrUpdateParameter":
                    // A parameter of type HttpHeader may be any header.
                    request.Opaque |= call.Arguments.Any(a => a.Parameter?.Type.Name == "ParameterType") || call.Arguments.Any(a => a.Value.Type?.Name == "HeaderParameter");
                    break;
            }
        }

        /// <summary>A client expression followed to its creation and what configures it.</summary>
        private static RestClientFacts ResolveClient(IOperation expression, CallRecognizer recognizer, int depth)
        {
            var facts = new RestClientFacts();
            var op = Symbols.Unwrap(expression);
            if (op == null || depth > 8)
            {
                return facts;
            }

            if (op is IObjectCreationOperation creation)
            {
                foreach (var argument in creation.Arguments.Where(a => a.ArgumentKind != ArgumentKind.DefaultValue))
                {
                    var type = argument.Parameter?.Type;
                    if (type?.SpecialType == SpecialType.System_String || Symbols.IsType(type, recognizer.Types.Uri))
                    {
                        facts.BaseUri = recognizer.UriOfOperation(argument.Value);
                    }
                    else if (IsType(type, recognizer.Types.InLibrary(Assembly, "RestSharp.RestClientOptions")))
                    {
                        ApplyOptions(argument.Value, recognizer, facts, depth + 1);
                    }
                    else if (type?.TypeKind == TypeKind.Delegate && argument.Parameter!.Name != "configureSerialization")
                    {
                        // configureRestClient: options => ..., configureDefaultHeaders: headers => ...: a lambda we do not read.
                        facts.Opaque = true;
                    }
                }

                return facts;
            }

            var symbol = Symbols.Referenced(op);
            if (symbol == null)
            {
                return facts;
            }

            var values = recognizer.ValuesOf(symbol, op);
            var result = values.Count == 1 ? ResolveClient(values[0], recognizer, depth + 1) : facts;
            result.Symbol = symbol;
            foreach (var statement in recognizer.InvocationsOn(symbol, op))
            {
                if (statement.TargetMethod.Name == "AddDefaultHeader")
                {
                    result.AddNamed(statement, recognizer, CredentialScope.Client);
                }
                else if (statement.TargetMethod.Name == "AddDefaultHeaders")
                {
                    result.Opaque = true;
                }
            }

            return result;
        }

        /// <summary><c>new RestClientOptions(url) { BaseUrl = ..., Authenticator = ... }</c>, or a variable holding one.</summary>
        private static void ApplyOptions(IOperation expression, CallRecognizer recognizer, RestClientFacts client, int depth)
        {
            var op = Symbols.Unwrap(expression);
            if (op == null || depth > 8)
            {
                return;
            }

            if (op is IObjectCreationOperation creation)
            {
                var url = creation.Arguments.FirstOrDefault(a => a.ArgumentKind != ArgumentKind.DefaultValue &&
                    (a.Parameter?.Type.SpecialType == SpecialType.System_String || Symbols.IsType(a.Parameter?.Type, recognizer.Types.Uri)));
                if (url != null)
                {
                    client.BaseUri = recognizer.UriOfOperation(url.Value);
                }

                foreach (var initializer in creation.Initializer?.Initializers.OfType<ISimpleAssignmentOperation>() ?? Enumerable.Empty<ISimpleAssignmentOperation>())
                {
                    ApplyOption((initializer.Target as IPropertyReferenceOperation)?.Property, initializer.Value, initializer, recognizer, client);
                }

                return;
            }

            var symbol = Symbols.Referenced(op);
            if (symbol == null)
            {
                return;
            }

            var values = recognizer.ValuesOf(symbol, op);
            if (values.Count == 1)
            {
                ApplyOptions(values[0], recognizer, client, depth + 1);
            }

            foreach (var write in recognizer.MemberWritesOf(symbol, op))
            {
                ApplyOption(write.Key, write.Value, write.Value, recognizer, client);
            }
        }

        private static void ApplyOption(IPropertySymbol? property, IOperation value, IOperation write, CallRecognizer recognizer, RestClientFacts client)
        {
            switch (property?.Name)
            {
                case "BaseUrl":
                    client.BaseUri = recognizer.UriOfOperation(value);
                    break;
                case "Authenticator":
                    SetAuthenticator(client, value, write, recognizer, CredentialScope.Client);
                    break;
            }
        }
    }
}

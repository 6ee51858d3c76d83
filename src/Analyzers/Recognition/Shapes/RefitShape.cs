using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Saperly.Migration.Analyzers.Model;

namespace Saperly.Migration.Analyzers.Recognition.Shapes
{
    /// <summary>
    /// Refit: a call of a method of the project's own Refit interface (<c>[Post("/v1/keys")] Task&lt;Key&gt; MintAsync(...)</c>).
    /// The endpoint is the method's attribute; the headers are the interface's and the method's <c>[Headers(...)]</c>
    /// and the call's <c>[Header]</c>/<c>[Authorize]</c> arguments; the client is where the interface is made:
    /// <c>RestService.For&lt;T&gt;(url, settings)</c> (or <c>ForGenerated</c>) in a variable, or an <c>AddRefitClient&lt;T&gt;(settings)</c>
    /// (or <c>AddRefitGeneratedClient</c>) registration
    /// (its <c>ConfigureHttpClient</c> and handlers). A declared <c>Authorization: Bearer</c> without a token takes its
    /// token from the settings' <c>AuthorizationHeaderValueGetter</c>. Types are matched by metadata name in Refit's
    /// assemblies; the method names the shape takes are the compilation's own Refit methods.
    /// </summary>
    internal sealed class RefitShape : CallShapeRecognizer
    {
        private const string Assembly = "Refit";
        private const string Factory = "Refit.HttpClientFactory";

        public override CallShape Shape => CallShape.Refit;

        public override string? Library => Assembly;

        public override IReadOnlyCollection<string> MethodNames => None;

        public override bool TakesDeclaredMethods => true;

        /// <summary>The names of the methods of source interfaces that carry a Refit HTTP attribute.</summary>
        public override IEnumerable<string> DeclaredMethodNames(SaperlyCompilation shared, CancellationToken cancellationToken)
        {
            var attribute = shared.Types.InLibrary(Assembly, "Refit.HttpMethodAttribute");
            if (attribute == null)
            {
                yield break;
            }

            foreach (var symbol in shared.Compilation.GetSymbolsWithName(_ => true, SymbolFilter.Member, cancellationToken))
            {
                if (symbol is IMethodSymbol method && method.ContainingType?.TypeKind == TypeKind.Interface && VerbAttribute(method, attribute) != null)
                {
                    yield return method.Name;
                }
            }
        }

        public override SaperlyCall? Recognize(IInvocationOperation invocation, CallRecognizer recognizer)
        {
            var method = invocation.TargetMethod.OriginalDefinition;
            var verbAttribute = recognizer.Types.InLibrary(Assembly, "Refit.HttpMethodAttribute");
            var attribute = verbAttribute == null || method.ContainingType?.TypeKind != TypeKind.Interface ? null : VerbAttribute(method, verbAttribute);
            if (attribute == null || invocation.Instance == null)
            {
                return null;
            }

            var verb = attribute.AttributeClass!.Name.Replace("Attribute", "").ToUpperInvariant();
            var path = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
            if (path == null || !Verbs.Contains(verb))
            {
                return null;
            }

            var client = ResolveClient(invocation.Instance, method.ContainingType!, recognizer);
            var template = RouteTemplate(path);
            var uri = UriShape.Parse(template, recognizer.Options);
            if (uri == null)
            {
                return null;
            }

            if ((!uri.IsAbsolute || uri.Host == HostKind.Unknown) && client.BaseUri != null)
            {
                uri = uri.ResolveAgainst(client.BaseUri);
            }

            // Static headers (the interface's, then the method's), the call's dynamic headers over them.
            var headers = new List<HeaderWrite>();
            var credential = CallCredential.None;
            var declaredBearer = false;
            foreach (var line in StaticHeaders(method, recognizer))
            {
                var colon = line.Text.IndexOf(':');
                var name = colon < 0 ? line.Text.Trim() : line.Text.Substring(0, colon).Trim();
                var value = colon < 0 ? "" : line.Text.Substring(colon + 1).Trim();
                if (string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase))
                {
                    declaredBearer = true;
                    credential = new CallCredential(value.Contains(' ') ? recognizer.CredentialFromAuthorizationValue(line.Operation) : null, CredentialScope.Request, line.Operation);
                }

                headers.Add(new HeaderWrite(name, line.Operation, line.Operation));
            }

            foreach (var argument in invocation.Arguments.Where(a => a.ArgumentKind == ArgumentKind.Explicit && a.Parameter != null))
            {
                var header = DynamicHeader(argument.Parameter!, recognizer);
                if (header == null || IsNull(argument.Value))
                {
                    continue;
                }

                headers.Add(new HeaderWrite(header.Value.Name, argument.Value, argument));
                if (string.Equals(header.Value.Name, "Authorization", StringComparison.OrdinalIgnoreCase))
                {
                    credential = new CallCredential(
                        header.Value.Scheme != null ? recognizer.CredentialOf(argument.Value, 0) : recognizer.CredentialFromAuthorizationValue(argument.Value),
                        CredentialScope.Request, argument.Value);
                }
            }

            // "Authorization: Bearer" without a token: the settings' getter supplies it.
            if (declaredBearer && credential.Source == null && client.TokenGetter != null)
            {
                credential = new CallCredential(recognizer.CredentialOf(client.TokenGetter, 0), CredentialScope.Client, client.TokenGetter);
            }

            credential = recognizer.ThroughClient(client.Http, credential, credential.Write != null, headers, out var opaque);

            return recognizer.Conclude(
                invocation, Shape, verb, uri, credential, headers, opaque || client.Opaque,
                client.Symbol is ILocalSymbol ? ClientKind.Local : client.Symbol != null ? ClientKind.Member : ClientKind.Typed,
                method.ContainingType!.Name, client.Symbol, null);
        }

        private static readonly HashSet<string> Verbs = new HashSet<string>(StringComparer.Ordinal) { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" };

        /// <summary>The method's Refit verb attribute (<c>[Post("/v1/keys")]</c>), a subclass of <c>HttpMethodAttribute</c>.</summary>
        private static AttributeData? VerbAttribute(IMethodSymbol method, INamedTypeSymbol verbAttribute) =>
            method.GetAttributes().FirstOrDefault(a => Inherits(a.AttributeClass, verbAttribute));

        private static bool Inherits(INamedTypeSymbol? type, INamedTypeSymbol baseType)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t, baseType))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A Refit route (<c>/v1/keys/{id}/rotate</c>, <c>{**path}</c>) as a template: each parameter is a hole.</summary>
        internal static string RouteTemplate(string path)
        {
            var builder = new System.Text.StringBuilder(path.Length);
            var depth = 0;
            foreach (var c in path)
            {
                if (c == '{')
                {
                    if (depth++ == 0)
                    {
                        builder.Append(Template.Hole);
                    }
                }
                else if (c == '}')
                {
                    depth = Math.Max(0, depth - 1);
                }
                else if (depth == 0)
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }

        private readonly struct StaticHeader
        {
            public StaticHeader(string text, IOperation operation)
            {
                Text = text;
                Operation = operation;
            }

            public string Text { get; }
            public IOperation Operation { get; }
        }

        /// <summary>
        /// <c>[Headers("Authorization: Bearer", "Idempotency-Key: x")]</c> on the interface and the method, each line with an
        /// operation that stands for it (the attribute's own argument, bound in its tree).
        /// </summary>
        private static IEnumerable<StaticHeader> StaticHeaders(IMethodSymbol method, CallRecognizer recognizer)
        {
            var headersAttribute = recognizer.Types.InLibrary(Assembly, "Refit.HeadersAttribute");
            if (headersAttribute == null)
            {
                yield break;
            }

            foreach (var owner in new ISymbol[] { method.ContainingType!, method })
            {
                foreach (var attribute in owner.GetAttributes().Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, headersAttribute)))
                {
                    foreach (var argument in recognizer.AttributeArguments(attribute))
                    {
                        if (argument.ConstantValue.HasValue && argument.ConstantValue.Value is string line)
                        {
                            yield return new StaticHeader(line, argument);
                        }
                    }
                }
            }
        }

        /// <summary>A parameter that becomes a header: <c>[Header("Idempotency-Key")]</c>, or <c>[Authorize("Bearer")]</c>.</summary>
        private static (string Name, string? Scheme)? DynamicHeader(IParameterSymbol parameter, CallRecognizer recognizer)
        {
            foreach (var attribute in parameter.OriginalDefinition.GetAttributes())
            {
                var name = attribute.AttributeClass?.ToDisplayString();
                if (name == "Refit.HeaderAttribute" && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string header)
                {
                    return (header, null);
                }

                if (name == "Refit.AuthorizeAttribute")
                {
                    return ("Authorization", attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string ?? "Bearer" : "Bearer");
                }
            }

            return null;
        }

        private static bool IsNull(IOperation value) =>
            Symbols.Unwrap(value) is ILiteralOperation literal && literal.ConstantValue.HasValue && literal.ConstantValue.Value == null;

        /// <summary>Where a Refit interface is made, and what that gives its calls.</summary>
        private sealed class RefitClient
        {
            public UriShape? BaseUri { get; set; }

            /// <summary>The value the settings' <c>AuthorizationHeaderValueGetter</c> returns.</summary>
            public IOperation? TokenGetter { get; set; }

            public ClientFacts Http { get; set; } = new ClientFacts(ClientKind.Typed, null);
            public ISymbol? Symbol { get; set; }

            /// <summary>Made somewhere we cannot see, or in several ways.</summary>
            public bool Opaque { get; set; }
        }

        /// <summary>
        /// The interface's client: <c>RestService.For&lt;T&gt;(...)</c> where the receiver's variable is given one, else the
        /// compilation's <c>AddRefitClient&lt;T&gt;()</c> registration of the interface (exactly one).
        /// </summary>
        private static RefitClient ResolveClient(IOperation receiver, INamedTypeSymbol api, CallRecognizer recognizer)
        {
            var client = new RefitClient();
            var op = Symbols.Unwrap(receiver);
            var symbol = Symbols.Referenced(op);
            if (symbol != null && !(symbol is IParameterSymbol))
            {
                client.Symbol = symbol;
                var values = recognizer.ValuesOf(symbol, op!);
                if (values.Count == 1 && Symbols.Unwrap(values[0]) is IInvocationOperation made && (made.TargetMethod.Name == "For" || made.TargetMethod.Name == "ForGenerated") &&
                    made.TargetMethod.ContainingType?.ToDisplayString() == "Refit.RestService")
                {
                    FromRestService(made, recognizer, client);
                    return client;
                }
            }

            var registrations = recognizer.RefitRegistrations(api);
            if (registrations.Count != 1)
            {
                client.Opaque = true;
                return client;
            }

            FromRegistration(registrations[0], recognizer, client);
            return client;
        }

        private static void FromRestService(IInvocationOperation made, CallRecognizer recognizer, RefitClient client)
        {
            foreach (var argument in made.Arguments.Where(a => a.ArgumentKind != ArgumentKind.DefaultValue))
            {
                var type = argument.Parameter?.Type;
                if (type?.SpecialType == SpecialType.System_String)
                {
                    client.BaseUri = recognizer.UriOfOperation(argument.Value);
                }
                else if (type?.Name == "RefitSettings")
                {
                    client.TokenGetter = TokenGetter(argument.Value, recognizer);
                }
                else if (type?.Name == "HttpClient")
                {
                    // An HttpClient of the code's own: its base address, default headers and handlers.
                    client.Http = recognizer.ClientOf(argument.Value);
                    client.BaseUri ??= client.Http.BaseAddresses.Select(recognizer.UriOfOperation).FirstOrDefault(u => u != null);
                }
            }
        }

        private static void FromRegistration(IInvocationOperation registration, CallRecognizer recognizer, RefitClient client)
        {
            var settings = registration.Arguments.FirstOrDefault(a => a.ArgumentKind == ArgumentKind.Explicit &&
                (a.Parameter?.Type.Name == "RefitSettings" || (a.Parameter?.Type is INamedTypeSymbol { Name: "Func" } factory && factory.TypeArguments.LastOrDefault()?.Name == "RefitSettings")));
            if (settings != null)
            {
                client.TokenGetter = TokenGetter(settings.Value, recognizer);
            }

            client.Http = recognizer.BuilderChainOf(registration);
            client.BaseUri = client.Http.BaseAddresses.Select(recognizer.UriOfOperation).FirstOrDefault(u => u != null);
        }

        /// <summary>
        /// What <c>new RefitSettings { AuthorizationHeaderValueGetter = (request, ct) =&gt; Task.FromResult(key) }</c> returns:
        /// the <c>key</c> (an async lambda's returned value too); null when it cannot be read.
        /// </summary>
        private static IOperation? TokenGetter(IOperation settings, CallRecognizer recognizer)
        {
            var op = Symbols.Unwrap(settings);

            // A settings factory, sp => new RefitSettings { ... }: what it returns.
            if (op is IDelegateCreationOperation { Target: IAnonymousFunctionOperation factory } && Symbols.ReturnedValues(factory) is { Count: 1 } made)
            {
                return TokenGetter(made[0], recognizer);
            }

            if (op is IObjectCreationOperation creation && creation.Initializer != null)
            {
                foreach (var assignment in creation.Initializer.Initializers.OfType<ISimpleAssignmentOperation>())
                {
                    if ((assignment.Target as IPropertyReferenceOperation)?.Property.Name == "AuthorizationHeaderValueGetter" &&
                        Symbols.Unwrap(assignment.Value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
                    {
                        var returned = Symbols.ReturnedValues(lambda).Select(Symbols.Unwrap).ToList();
                        if (returned.Count != 1 || returned[0] == null)
                        {
                            return null;
                        }

                        // Task.FromResult(key), ValueTask.FromResult(key), new ValueTask<string>(key), or an async lambda's key.
                        var value = returned[0]!;
                        return value switch
                        {
                            IInvocationOperation fromResult when fromResult.TargetMethod.Name == "FromResult" && fromResult.Arguments.Length == 1 => fromResult.Arguments[0].Value,
                            IObjectCreationOperation wrapped when wrapped.Type?.Name == "ValueTask" && wrapped.Arguments.Length == 1 => wrapped.Arguments[0].Value,
                            _ => value,
                        };
                    }
                }
            }

            var symbol = Symbols.Referenced(op);
            var values = symbol == null ? Array.Empty<IOperation>() : recognizer.ValuesOf(symbol, op!);
            return values.Count == 1 ? TokenGetter(values[0], recognizer) : null;
        }

        /// <summary>The <c>AddRefitClient&lt;T&gt;()</c> registrations of a compilation, by interface; built once.</summary>
        internal static ImmutableArray<KeyValuePair<INamedTypeSymbol, IInvocationOperation>> Registrations(SaperlyCompilation shared, CancellationToken cancellationToken)
        {
            var found = ImmutableArray.CreateBuilder<KeyValuePair<INamedTypeSymbol, IInvocationOperation>>();
            foreach (var tree in shared.Compilation.SyntaxTrees)
            {
                var text = tree.GetText(cancellationToken).ToString();
                if (text.IndexOf("AddRefit", StringComparison.Ordinal) < 0)
                {
                    continue;
                }

                var model = shared.ModelFor(tree);
                foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>())
                {
                    if (node.Expression is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax member && (member.Name.Identifier.ValueText == "AddRefitClient" || member.Name.Identifier.ValueText == "AddRefitGeneratedClient") &&
                        model.GetOperation(node, cancellationToken) is IInvocationOperation invocation &&
                        invocation.TargetMethod.ContainingAssembly?.Name == Factory)
                    {
                        var api = invocation.TargetMethod.TypeArguments.FirstOrDefault() as INamedTypeSymbol
                            ?? (invocation.Arguments.Select(a => Symbols.Unwrap(a.Value)).OfType<ITypeOfOperation>().FirstOrDefault()?.TypeOperand as INamedTypeSymbol);
                        if (api != null)
                        {
                            found.Add(new KeyValuePair<INamedTypeSymbol, IInvocationOperation>(api.OriginalDefinition, invocation));
                        }
                    }
                }
            }

            return found.ToImmutable();
        }
    }
}

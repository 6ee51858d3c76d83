using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Saperly.Migration.CodeFixes.Calls;

namespace Saperly.Migration.CodeFixes.Requests
{
    /// <summary>
    /// <c>http.PostAsync(uri, content)</c>, <c>http.PostAsJsonAsync(uri, value)</c>, <c>http.GetFromJsonAsync&lt;T&gt;(uri)</c>,
    /// ...: the one conversion of a shorthand call into an <c>HttpRequestMessage</c> with the same method, URI and content,
    /// sent by <c>SendAsync</c> with the same completion option and cancellation token, so that the request can carry
    /// headers of its own. Where the call runs once in its statement (or expression body, which becomes a block), the
    /// request is a local declared before it (disposed with the scope when the call is awaited); anywhere else it is
    /// created in the call, with its headers in its initializer. Typed results (<c>GetFromJsonAsync</c>,
    /// <c>GetStringAsync</c>, ...) are read from the response's content where the call is awaited.
    /// </summary>
    internal sealed class ShorthandRequestEditor : HttpRequestEditor
    {
        public static readonly ShorthandRequestEditor Instance = new ShorthandRequestEditor();

        protected override bool WithHeaders(CallEdit edit, bool forAuthorization, Action<RequestHeaders> set, CancellationToken cancellationToken)
        {
            var call = edit.Call;
            var operation = edit.CallOperation(cancellationToken);
            var shorthand = call == null || operation == null ? null : Shorthand.Read(call, operation);
            if (shorthand == null)
            {
                return false;
            }

            var site = edit.EnclosingSite(call!, out var runsOnce);
            if (site != null && runsOnce)
            {
                var dispose = shorthand.Awaited != null && site.AllowsUsingDeclaration && edit.HasUsingDeclarations;
                var request = edit.Declare(site, "request", shorthand.Creation(edit, site.Node, null), dispose);
                set(new LocalRequestHeaders(edit, site, after: false, request));
                edit.Editor.ReplaceNode(shorthand.Replaced, shorthand.Send(edit, request).WithTriviaFrom(shorthand.Replaced));
                return true;
            }

            var inline = new InlineRequestHeaders(edit, call!);
            set(inline);
            edit.Editor.ReplaceNode(shorthand.Replaced, shorthand.Send(edit, shorthand.Creation(edit, call!, inline)).WithTriviaFrom(shorthand.Replaced));
            return true;
        }

        /// <summary>The parts of one shorthand call, as the conversion reads them.</summary>
        private sealed class Shorthand
        {
            private readonly InvocationExpressionSyntax _call;
            private readonly IInvocationOperation _operation;
            private readonly string _verb;
            private readonly string? _read;

            private Shorthand(InvocationExpressionSyntax call, IInvocationOperation operation, string verb, string? read, AwaitExpressionSyntax? awaited, ArgumentSyntax? configureAwait)
            {
                _call = call;
                _operation = operation;
                _verb = verb;
                _read = read;
                Awaited = awaited;
                ConfigureAwait = configureAwait;
            }

            /// <summary>The <c>await</c> of the call (through <c>ConfigureAwait</c>), if it is awaited.</summary>
            public AwaitExpressionSyntax? Awaited { get; }

            private ArgumentSyntax? ConfigureAwait { get; }

            /// <summary>What the conversion replaces: the call, or for a typed result the <c>await</c> that reads it.</summary>
            public ExpressionSyntax Replaced => _read != null ? (ExpressionSyntax)Awaited! : _call;

            public static Shorthand? Read(InvocationExpressionSyntax call, IInvocationOperation operation)
            {
                var name = operation.TargetMethod.Name;
                string verb;
                string? read = null;
                switch (name)
                {
                    case "GetAsync":
                        verb = "Get";
                        break;
                    case "GetStringAsync":
                        verb = "Get";
                        read = "ReadAsStringAsync";
                        break;
                    case "GetStreamAsync":
                        verb = "Get";
                        read = "ReadAsStreamAsync";
                        break;
                    case "GetByteArrayAsync":
                        verb = "Get";
                        read = "ReadAsByteArrayAsync";
                        break;
                    case "GetFromJsonAsync":
                        verb = "Get";
                        read = "ReadFromJsonAsync";
                        break;
                    case "DeleteFromJsonAsync":
                        verb = "Delete";
                        read = "ReadFromJsonAsync";
                        break;
                    case "DeleteAsync":
                        verb = "Delete";
                        break;
                    case "PostAsync":
                    case "PostAsJsonAsync":
                        verb = "Post";
                        break;
                    case "PutAsync":
                    case "PutAsJsonAsync":
                        verb = "Put";
                        break;
                    case "PatchAsync":
                    case "PatchAsJsonAsync":
                        verb = "Patch";
                        break;
                    default:
                        return null;
                }

                var (awaited, configureAwait) = AwaitOf(call);
                if (read != null && (awaited == null || call.Expression is MemberBindingExpressionSyntax))
                {
                    // A typed result is read from the response only where the call is awaited directly.
                    return null;
                }

                var shorthand = new Shorthand(call, operation, verb, read, awaited, configureAwait);
                return shorthand.Argument("requestUri") == null || (shorthand.Client() == null && !(call.Expression is MemberBindingExpressionSyntax)) ? null : shorthand;
            }

            private static (AwaitExpressionSyntax?, ArgumentSyntax?) AwaitOf(ExpressionSyntax call)
            {
                SyntaxNode node = call;
                while (node.Parent is ParenthesizedExpressionSyntax)
                {
                    node = node.Parent;
                }

                if (node.Parent is MemberAccessExpressionSyntax access && access.Name.Identifier.ValueText == "ConfigureAwait" &&
                    access.Parent is InvocationExpressionSyntax configure && configure.ArgumentList.Arguments.Count == 1 && configure.Parent is AwaitExpressionSyntax configured)
                {
                    return (configured, configure.ArgumentList.Arguments[0]);
                }

                return (node.Parent as AwaitExpressionSyntax, null);
            }

            /// <summary>The argument the call passes for <paramref name="parameter"/>, if it passes one.</summary>
            private ArgumentSyntax? Argument(string parameter)
            {
                foreach (var argument in _operation.Arguments)
                {
                    if (argument.Parameter?.Name == parameter && argument.ArgumentKind == ArgumentKind.Explicit && argument.Syntax is ArgumentSyntax syntax)
                    {
                        return syntax;
                    }
                }

                return null;
            }

            /// <summary>The client expression: the receiver, or the first argument of the static extension form.</summary>
            private ExpressionSyntax? Client() => Argument("client")?.Expression ?? (_call.Expression as MemberAccessExpressionSyntax)?.Expression;

            /// <summary><c>new HttpRequestMessage(HttpMethod.Post, uri) { Content = content, Headers = { ... } }</c>.</summary>
            public ExpressionSyntax Creation(CallEdit edit, SyntaxNode at, InlineRequestHeaders? headers)
            {
                var types = edit.TypesAt(at);
                var code = edit.NewCode;
                var method = HasMethodProperty(edit) ? (ExpressionSyntax)types.Member("System.Net.Http.HttpMethod", _verb)
                    : SyntaxFactory.ObjectCreationExpression(types.Type("System.Net.Http.HttpMethod")).WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(
                        SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(_verb.ToUpperInvariant()))))));
                var members = new List<ExpressionSyntax>();
                var content = Content(edit, types);
                if (content != null)
                {
                    members.Add(SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName("Content"), content));
                }

                if (headers != null && !headers.IsEmpty)
                {
                    members.Add(headers.Assignment());
                }

                var creation = SyntaxFactory.ObjectCreationExpression(types.Type("System.Net.Http.HttpRequestMessage"))
                    .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(method), SyntaxFactory.Argument(code.Hole(Argument("requestUri")!.Expression)) })));
                if (members.Count > 0)
                {
                    creation = creation.WithInitializer(SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SeparatedList(members)));
                }

                return code.Shape(creation);
            }

            /// <summary>HttpMethod.Patch is missing from .NET Framework: there it is <c>new HttpMethod("PATCH")</c>.</summary>
            private bool HasMethodProperty(CallEdit edit) =>
                edit.Model.Compilation.GetTypeByMetadataName("System.Net.Http.HttpMethod") is INamedTypeSymbol type && type.GetMembers(_verb).OfType<IPropertySymbol>().Any();

            /// <summary>The shorthand's content, or <c>JsonContent.Create(value, ...)</c> for the JSON extensions; null when none is sent.</summary>
            private ExpressionSyntax? Content(CallEdit edit, Syntax.TypeNames types)
            {
                var code = edit.NewCode;
                if (Argument("content") is ArgumentSyntax content)
                {
                    var value = Unparenthesized(content.Expression);
                    return value.IsKind(SyntaxKind.NullLiteralExpression) || value.IsKind(SyntaxKind.DefaultLiteralExpression) ? null : code.Hole(content.Expression);
                }

                if (!(Argument("value") is ArgumentSyntax json))
                {
                    return null;
                }

                SimpleNameSyntax create = SyntaxFactory.IdentifierName("Create");
                if (MethodName() is GenericNameSyntax generic && generic.TypeArgumentList.Arguments.Count == 1)
                {
                    create = SyntaxFactory.GenericName(SyntaxFactory.Identifier("Create"), SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList<TypeSyntax>(
                        (TypeSyntax)code.Hole(generic.TypeArgumentList.Arguments[0]))));
                }

                var arguments = new List<ArgumentSyntax> { SyntaxFactory.Argument(code.Hole(json.Expression)) };
                if (Argument("jsonTypeInfo") is ArgumentSyntax typeInfo)
                {
                    arguments.Add(SyntaxFactory.Argument(code.Hole(typeInfo.Expression)));
                }
                else if (Argument("options") is ArgumentSyntax options)
                {
                    arguments.Add(SyntaxFactory.Argument(code.Hole(options.Expression)).WithNameColon(SyntaxFactory.NameColon("options")));
                }

                return SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, types.Type("System.Net.Http.Json.JsonContent"), create),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)));
            }

            private SimpleNameSyntax? MethodName() => _call.Expression switch
            {
                MemberAccessExpressionSyntax access => access.Name,
                MemberBindingExpressionSyntax binding => binding.Name,
                SimpleNameSyntax name => name,
                _ => null,
            };

            /// <summary>
            /// <c>client.SendAsync(request, completionOption, cancellationToken)</c>, or for a typed result
            /// <c>await (await client.SendAsync(...)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync&lt;T&gt;(...)</c>.
            /// </summary>
            public ExpressionSyntax Send(CallEdit edit, ExpressionSyntax request)
            {
                var code = edit.NewCode;
                var arguments = new List<ArgumentSyntax> { SyntaxFactory.Argument(request is IdentifierNameSyntax ? request : code.Hole(request)) };
                if (Argument("completionOption") is ArgumentSyntax completion)
                {
                    arguments.Add(code.Hole(completion));
                }

                var cancellation = Argument("cancellationToken");
                if (cancellation != null)
                {
                    arguments.Add(code.Hole(cancellation));
                }

                ExpressionSyntax sendName = _call.Expression is MemberBindingExpressionSyntax
                    ? SyntaxFactory.MemberBindingExpression(SyntaxFactory.IdentifierName("SendAsync"))
                    : SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, code.Hole(Client()!), SyntaxFactory.IdentifierName("SendAsync"));
                ExpressionSyntax send = SyntaxFactory.InvocationExpression(sendName, SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)));
                if (_read == null)
                {
                    return code.Shape(send);
                }

                // await (await send).EnsureSuccessStatusCode().Content.ReadX(...)
                var response = SyntaxFactory.ParenthesizedExpression(SyntaxFactory.AwaitExpression(Configured(code, send)));
                var ensured = SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, response, SyntaxFactory.IdentifierName("EnsureSuccessStatusCode")));
                var content = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, ensured, SyntaxFactory.IdentifierName("Content"));
                var read = SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, content, ReadName(edit)), SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(ReadArguments(code, cancellation))));
                return code.Shape(SyntaxFactory.AwaitExpression(Configured(code, read)));
            }

            private ExpressionSyntax Configured(Syntax.NewCode code, ExpressionSyntax task) =>
                ConfigureAwait == null
                    ? task
                    : SyntaxFactory.InvocationExpression(
                        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, task, SyntaxFactory.IdentifierName("ConfigureAwait")),
                        SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(code.Hole(ConfigureAwait))));

            private SimpleNameSyntax ReadName(CallEdit edit)
            {
                if (_read == "ReadFromJsonAsync" && _operation.TargetMethod.TypeArguments.Length == 1)
                {
                    var typeArgument = MethodName() is GenericNameSyntax generic && generic.TypeArgumentList.Arguments.Count == 1
                        ? (TypeSyntax)edit.NewCode.Hole(generic.TypeArgumentList.Arguments[0])
                        : (TypeSyntax)edit.Generator.TypeExpression(_operation.TargetMethod.TypeArguments[0], addImport: true);
                    return SyntaxFactory.GenericName(SyntaxFactory.Identifier(_read), SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(typeArgument)));
                }

                return SyntaxFactory.IdentifierName(_read!);
            }

            private IEnumerable<ArgumentSyntax> ReadArguments(Syntax.NewCode code, ArgumentSyntax? cancellation)
            {
                if (_read == "ReadFromJsonAsync")
                {
                    if (Argument("type") is ArgumentSyntax type)
                    {
                        yield return SyntaxFactory.Argument(code.Hole(type.Expression));
                    }

                    if (Argument("jsonTypeInfo") is ArgumentSyntax typeInfo)
                    {
                        yield return SyntaxFactory.Argument(code.Hole(typeInfo.Expression));
                    }
                    else if (Argument("options") is ArgumentSyntax options)
                    {
                        yield return SyntaxFactory.Argument(code.Hole(options.Expression));
                    }

                    if (cancellation != null)
                    {
                        yield return SyntaxFactory.Argument(code.Hole(cancellation.Expression)).WithNameColon(SyntaxFactory.NameColon("cancellationToken"));
                    }
                }
                else if (cancellation != null)
                {
                    yield return SyntaxFactory.Argument(code.Hole(cancellation.Expression));
                }
            }
        }
    }
}

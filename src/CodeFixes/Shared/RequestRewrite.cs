using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using Saperly.Migration.CodeFixes.Credentials;

namespace Saperly.Migration.CodeFixes.Shared
{
    /// <summary>
    /// Rewrites a shorthand call (<c>PostAsync</c>, <c>PostAsJsonAsync</c>, <c>GetAsync</c>, ...) into an
    /// <c>HttpRequestMessage</c> with the same method, URI and content, sent with <c>SendAsync</c> with
    /// the same cancellation token, so that per-request headers can be set. The awaited result type is
    /// kept: <c>Task&lt;HttpResponseMessage&gt;</c> calls are replaced in place; <c>GetFromJsonAsync</c>,
    /// <c>GetStringAsync</c>, ... only where they are awaited directly.
    /// </summary>
    internal sealed class RequestRewrite
    {
        private readonly SyntaxNode _anchor;
        private readonly string _declaration;
        private readonly SyntaxNode _replaced;
        private readonly ExpressionSyntax _replacement;

        private RequestRewrite(string requestName, SyntaxNode anchor, string declaration, SyntaxNode replaced, ExpressionSyntax replacement)
        {
            RequestName = requestName;
            _anchor = anchor;
            _declaration = declaration;
            _replaced = replaced;
            _replacement = replacement;
        }

        public string RequestName { get; }

        /// <summary>Insert the request (and the given statements after it) before the anchor, and send it.</summary>
        public void Apply(DocumentEditor editor, params string[] statementsAfterDeclaration)
        {
            var statements = new List<SyntaxNode> { FrameworkNames.MarkQualified(StatementText.Statement(_declaration, _anchor)) };
            statements.AddRange(statementsAfterDeclaration.Select(code => FrameworkNames.MarkQualified(StatementText.Statement(code, _anchor))));
            editor.InsertBefore(_anchor, statements);
            editor.ReplaceNode(_replaced, (current, _) => _replacement.WithTriviaFrom(current));
        }

        /// <summary>
        /// The same rewrite in an expression-bodied method (<c>Task&lt;HttpResponseMessage&gt; Mint() =&gt; _http.PostAsync(...);</c>):
        /// the body becomes a block with the request, the given statements and the send.
        /// </summary>
        public static bool TryApplyToExpressionBody(DocumentEditor editor, RequestRewrite rewrite, MethodDeclarationSyntax method, SemanticModel model, params string[] statementsAfterDeclaration)
        {
            if (method.ExpressionBody == null || method.ConstraintClauses.Count > 0 || !(model.GetDeclaredSymbol(method) is IMethodSymbol symbol))
            {
                return false;
            }

            var returnsValue = !symbol.ReturnsVoid && !(symbol.IsAsync && symbol.ReturnType is INamedTypeSymbol { IsGenericType: false });
            var newline = StatementText.NewLine(method).ToString();
            var memberIndent = StatementText.Indentation(method);
            var indent = memberIndent + "    ";
            var expression = method.ExpressionBody.Expression.ReplaceNode(rewrite._replaced, rewrite._replacement.WithTriviaFrom(rewrite._replaced));
            var code = new System.Text.StringBuilder("{").Append(newline);
            code.Append(indent).Append(rewrite._declaration).Append(newline);
            foreach (var statement in statementsAfterDeclaration)
            {
                code.Append(indent).Append(statement).Append(newline);
            }

            code.Append(indent).Append(returnsValue ? "return " : "").Append(expression.WithoutTrivia().ToFullString()).Append(';').Append(newline);
            code.Append(memberIndent).Append('}');
            if (!(SyntaxFactory.ParseStatement(code.ToString()) is BlockSyntax block) || block.ContainsDiagnostics)
            {
                return false;
            }

            var body = FrameworkNames.MarkQualified(block
                .WithLeadingTrivia(SyntaxFactory.EndOfLine(newline), SyntaxFactory.Whitespace(memberIndent))
                .WithTrailingTrivia(method.SemicolonToken.TrailingTrivia));
            editor.ReplaceNode(method, (current, _) => ((MethodDeclarationSyntax)current)
                .WithParameterList(((MethodDeclarationSyntax)current).ParameterList.WithTrailingTrivia())
                .WithExpressionBody(null)
                .WithSemicolonToken(default)
                .WithBody(body));
            return true;
        }

        /// <summary>
        /// <c>client.SendAsync(new HttpRequestMessage(...) { ... })</c>, the shape SAP003's fix leaves: the request created
        /// in the call becomes a local declared before the anchor (not disposed, as it was not before), so statements can
        /// set its headers, and the call sends the local. Null unless the creation runs exactly once where the anchor
        /// stands: not in a branch, a loop's condition, a short-circuited operand or a lambda.
        /// </summary>
        public static RequestRewrite? Hoist(SemanticModel model, InvocationExpressionSyntax invocation, SyntaxNode anchor, string indentation, NameReservations names, CancellationToken cancellationToken)
        {
            var argument = invocation.ArgumentList.Arguments.FirstOrDefault();
            if (argument == null || argument.NameColon != null || !(argument.Expression is BaseObjectCreationExpressionSyntax creation) || creation.ContainsDiagnostics ||
                !(model.GetTypeInfo(creation, cancellationToken).Type is INamedTypeSymbol { Name: "HttpRequestMessage" } type) ||
                type.ContainingNamespace?.ToDisplayString() != "System.Net.Http" || !RunsOnceAt(creation, anchor))
            {
                return null;
            }

            var text = creation is ImplicitObjectCreationExpressionSyntax implicitCreation
                ? "new " + FrameworkNames.Spell(model, InsertionPoint(anchor), "System.Net.Http.HttpRequestMessage") + implicitCreation.ArgumentList.ToString() + (implicitCreation.Initializer != null ? " " + implicitCreation.Initializer.ToString() : "")
                : creation.WithoutTrivia().ToFullString();
            var request = names.Reserve(model, anchor.SpanStart, "request");
            var declaration = "var " + request + " = " + StatementText.Reindent(text, StatementText.LineIndentation(creation), indentation) + ";";
            return new RequestRewrite(request, anchor, declaration, creation, SyntaxFactory.IdentifierName(request));
        }

        /// <summary>
        /// Whether the expression is evaluated once each time the anchor (a statement, or an expression-bodied method)
        /// runs, so a request declared before the anchor is created when, and as often as, it was. A loop's condition
        /// runs again on each iteration and a label can be jumped back to: a request declared before them would be
        /// sent twice, which HttpClient refuses.
        /// </summary>
        private static bool RunsOnceAt(SyntaxNode expression, SyntaxNode anchor)
        {
            if (anchor is WhileStatementSyntax || anchor is DoStatementSyntax || anchor is ForStatementSyntax || anchor is LabeledStatementSyntax)
            {
                return false;
            }

            var child = expression;
            for (var node = expression.Parent; node != null && node != anchor; child = node, node = node.Parent)
            {
                switch (node)
                {
                    case StatementSyntax _:
                    case AnonymousFunctionExpressionSyntax _:
                    case QueryExpressionSyntax _:
                    case SwitchExpressionSyntax _:
                        return false;
                    case ConditionalExpressionSyntax conditional when child != conditional.Condition:
                    case ConditionalAccessExpressionSyntax access when child != access.Expression:
                    case BinaryExpressionSyntax binary when child == binary.Right &&
                        (binary.IsKind(SyntaxKind.LogicalAndExpression) || binary.IsKind(SyntaxKind.LogicalOrExpression) || binary.IsKind(SyntaxKind.CoalesceExpression)):
                    case AssignmentExpressionSyntax assignment when child == assignment.Right && assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression):
                        return false;
                }
            }

            return true;
        }

        /// <summary>Where the request will be declared, for looking names up: before the anchor statement, or in an expression-bodied method's body.</summary>
        private static int InsertionPoint(SyntaxNode anchor) =>
            anchor is MethodDeclarationSyntax { ExpressionBody: { } body } ? body.Expression.SpanStart : anchor.SpanStart;

        public static RequestRewrite? Plan(SemanticModel model, InvocationExpressionSyntax invocation, SyntaxNode anchor, NameReservations names, CancellationToken cancellationToken)
        {
            // The request, its URI and its content are declared before the anchor: only where the call runs exactly once there.
            if (!RunsOnceAt(invocation, anchor) ||
                !(model.GetOperation(invocation, cancellationToken) is IInvocationOperation operation) || !(invocation.Expression is MemberAccessExpressionSyntax member))
            {
                return null;
            }

            var position = InsertionPoint(anchor);
            string? Arg(string parameter) => operation.Arguments.FirstOrDefault(a => a.Parameter?.Name == parameter && a.ArgumentKind == ArgumentKind.Explicit)?.Value.Syntax.ToString();

            var name = operation.TargetMethod.Name;
            var uri = Arg("requestUri");
            if (uri == null || operation.Arguments.Any(a => a.Parameter?.Name == "jsonTypeInfo" && a.ArgumentKind == ArgumentKind.Explicit))
            {
                return null;
            }

            var client = operation.TargetMethod.IsExtensionMethod ? Arg("client") : member.Expression.ToString();
            if (client == null)
            {
                return null;
            }

            var cancellation = Arg("cancellationToken");
            var completion = Arg("completionOption");
            var options = Arg("options");
            string verb;
            string? content = null;
            switch (name)
            {
                case "GetAsync":
                case "GetStringAsync":
                case "GetStreamAsync":
                case "GetByteArrayAsync":
                case "GetFromJsonAsync":
                    verb = "Get";
                    break;
                case "DeleteAsync":
                case "DeleteFromJsonAsync":
                    verb = "Delete";
                    break;
                case "PostAsync":
                case "PutAsync":
                case "PatchAsync":
                    verb = name.Substring(0, name.Length - 5);
                    content = Arg("content");
                    break;
                case "PostAsJsonAsync":
                case "PutAsJsonAsync":
                case "PatchAsJsonAsync":
                    verb = name.Substring(0, name.Length - 11);
                    var value = Arg("value");
                    content = value == null ? null : FrameworkNames.Spell(model, position, "System.Net.Http.Json.JsonContent") + ".Create(" + value + (options != null ? ", options: " + options : "") + ")";
                    break;
                default:
                    return null;
            }

            var request = names.Reserve(model, anchor.SpanStart, "request");
            var disposable = StatementText.InAsyncContext(invocation) ? "using " : "";
            var declaration = disposable + "var " + request + " = new " + FrameworkNames.Spell(model, position, "System.Net.Http.HttpRequestMessage") + "(" +
                              FrameworkNames.Spell(model, position, "System.Net.Http.HttpMethod") + "." + verb + ", " + uri + ")" +
                              (content != null ? " { Content = " + content + " }" : "") + ";";
            var sendArguments = request + (completion != null ? ", " + completion : "") + (cancellation != null ? ", " + cancellation : "");
            var send = client + ".SendAsync(" + sendArguments + ")";

            var returnsResponse = operation.TargetMethod.ReturnType is INamedTypeSymbol task && task.TypeArguments.Length == 1 && task.TypeArguments[0].Name == "HttpResponseMessage";
            if (returnsResponse)
            {
                return new RequestRewrite(request, anchor, declaration, invocation, SyntaxFactory.ParseExpression(send));
            }

            // Typed results: only when awaited directly, so the await can read the content instead.
            if (!(invocation.Parent is AwaitExpressionSyntax awaited))
            {
                return null;
            }

            var ct = cancellation ?? "";
            string read;
            switch (name)
            {
                case "GetStringAsync":
                    read = "ReadAsStringAsync(" + ct + ")";
                    break;
                case "GetStreamAsync":
                    read = "ReadAsStreamAsync(" + ct + ")";
                    break;
                case "GetByteArrayAsync":
                    read = "ReadAsByteArrayAsync(" + ct + ")";
                    break;
                default:
                    var typeArguments = operation.TargetMethod.TypeArguments.Length == 1
                        ? "<" + operation.TargetMethod.TypeArguments[0].ToMinimalDisplayString(model, invocation.SpanStart) + ">"
                        : "";
                    var readArgs = new List<string>();
                    if (options != null)
                    {
                        readArgs.Add(options);
                    }

                    if (cancellation != null)
                    {
                        readArgs.Add("cancellationToken: " + cancellation);
                    }

                    read = "ReadFromJsonAsync" + typeArguments + "(" + string.Join(", ", readArgs) + ")";
                    break;
            }

            var replacement = SyntaxFactory.ParseExpression("await (await " + send + ").EnsureSuccessStatusCode().Content." + read);
            return new RequestRewrite(request, anchor, declaration, awaited, replacement);
        }
    }
}

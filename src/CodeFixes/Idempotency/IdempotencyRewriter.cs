using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Saperly.Migration.Analyzers.Recognition;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Saperly.Migration.CodeFixes.Shared;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;
using Saperly.Migration.Analyzers.Model;

namespace Saperly.Migration.CodeFixes.Idempotency
{
    /// <summary>
    /// SAP003's rewrite of one call: a fresh <c>Guid.NewGuid().ToString()</c> held in a local declared once
    /// before the statement (above a retry loop or retry-policy lambda, so retries of one operation share it),
    /// then sent as the Idempotency-Key header (or the SDK method's idempotencyKey argument).
    /// </summary>
    internal sealed class IdempotencyRewriter
    {
        /// <summary>The kind of Roslyn's (internal) SymbolAnnotation, which SyntaxGenerator.TypeExpression(type, addImport: true) attaches.</summary>
        private const string SymbolAnnotationKind = "SymbolId";

        private const string KeyBaseName = "idempotencyKey";
        private const string RequestBaseName = "request";

        private readonly DocumentEditor _editor;
        private readonly SemanticModel _model;
        private readonly InvocationExpressionSyntax _call;
        private readonly IInvocationOperation _operation;
        private readonly NamesInScope _taken;

        private IdempotencyRewriter(DocumentEditor editor, SemanticModel model, InvocationExpressionSyntax call, IInvocationOperation operation)
        {
            _editor = editor;
            _model = model;
            _call = call;
            _operation = operation;
            _taken = SyntaxLayout.NamesInUse(model, call);
        }

        /// <summary>The diagnosed invocation: the analyzer reports on the invocation's own span.</summary>
        public static InvocationExpressionSyntax? FindCall(SyntaxNode root, TextSpan span)
        {
            if (!root.FullSpan.Contains(span))
            {
                return null;
            }

            var node = root.FindNode(span);
            return node.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault(i => i.Span == span)
                ?? node.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
        }

        public static async Task<Document> FixAsync(Document document, InvocationExpressionSyntax call, string? shape, string? method, CancellationToken cancellationToken)
        {
            if (SyntaxLayout.IsGenerated(call.SyntaxTree))
            {
                return document;
            }

            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (model == null || !(model.GetOperation(call, cancellationToken) is IInvocationOperation operation))
            {
                return document;
            }

            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var rewriter = new IdempotencyRewriter(editor, model, call, operation);
            bool changed;
            switch (shape)
            {
                case "SendRequest":
                    changed = rewriter.FixSendRequest();
                    break;
                case "TypedClient":
                    changed = rewriter.FixTypedClient();
                    break;
                case "Shorthand":
                case "JsonExtension":
                    changed = rewriter.FixShorthand(method);
                    break;
                default:
                    changed = false;
                    break;
            }

            return changed ? editor.GetChangedDocument() : document;
        }

        /// <summary>Whether the fix knows how to rewrite the call (so that no action is offered that would do nothing).</summary>
        public static bool CanFix(InvocationExpressionSyntax call, string? shape) =>
            !SyntaxLayout.IsGenerated(call.SyntaxTree) &&
            (shape == "SendRequest" || shape == "TypedClient" || shape == "Shorthand" || shape == "JsonExtension");

        // ---- the shapes --------------------------------------------------------------------------

        /// <summary><c>http.SendAsync(request)</c>: add the header to the request (after its declaration, or in its initializer).</summary>
        private bool FixSendRequest()
        {
            var requestArgument = ArgumentFor("request");
            if (requestArgument == null)
            {
                return false;
            }

            var requestExpression = Unparenthesize(requestArgument.Expression);
            if (requestExpression is BaseObjectCreationExpressionSyntax creation)
            {
                var anchor = KeyAnchor(_call);
                var key = KeyExpression(anchor, out var keyDeclaration);
                _editor.ReplaceNode(creation, WithHeaderInInitializer(creation, key));
                InsertBefore(anchor, keyDeclaration);
                return true;
            }

            if (!(_model.GetSymbolInfo(requestExpression).Symbol is ILocalSymbol local))
            {
                return false;
            }

            var declarator = local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() as VariableDeclaratorSyntax;
            var declaration = declarator?.Parent?.Parent;
            if (declaration is LocalDeclarationStatementSyntax localDeclaration && IsInStatementList(localDeclaration))
            {
                var anchor = KeyAnchor(localDeclaration);
                var key = KeyExpression(anchor, out var keyDeclaration);
                InsertBefore(anchor, keyDeclaration);
                InsertAfter(localDeclaration, HeaderAdd(local.Name, key));
                return true;
            }

            if (declaration is UsingStatementSyntax usingStatement && usingStatement.Statement is BlockSyntax body && body.Statements.Count > 0 && IsInStatementList(usingStatement))
            {
                var anchor = KeyAnchor(usingStatement);
                var key = KeyExpression(anchor, out var keyDeclaration);
                InsertBefore(anchor, keyDeclaration);
                InsertBefore(body.Statements[0], HeaderAdd(local.Name, key));
                return true;
            }

            // Assigned elsewhere: set the header just before the send.
            var callStatement = StatementOf(_call);
            if (callStatement == null)
            {
                return false;
            }

            var callAnchor = KeyAnchor(callStatement);
            var value = KeyExpression(callAnchor, out var declarationBeforeCall);
            InsertBefore(callAnchor, declarationBeforeCall);
            InsertBefore(callStatement, HeaderAdd(local.Name, value));
            return true;
        }

        /// <summary><c>client.Keys.CreateAsync(body)</c>: pass the SDK method's idempotencyKey argument.</summary>
        private bool FixTypedClient()
        {
            var parameter = _operation.TargetMethod.Parameters.FirstOrDefault(p => string.Equals(p.Name, "idempotencyKey", StringComparison.OrdinalIgnoreCase));
            if (parameter == null)
            {
                return false;
            }

            var anchor = KeyAnchor(_call);
            var key = KeyExpression(anchor, out var keyDeclaration);
            var existing = _operation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter?.OriginalDefinition, parameter.OriginalDefinition) && a.ArgumentKind == ArgumentKind.Explicit)?.Syntax as ArgumentSyntax;
            if (existing != null)
            {
                _editor.ReplaceNode(existing.Expression, key.WithTriviaFrom(existing.Expression));
            }
            else
            {
                var argument = Template<ArgumentSyntax>(
                    SyntaxFactory.ParseArgumentList("(" + parameter.Name + ": __key)").Arguments[0],
                    new Dictionary<string, SyntaxNode> { ["__key"] = key });
                _editor.ReplaceNode(_call.ArgumentList, _call.ArgumentList.WithArguments(SyntaxLayout.Append(_call.ArgumentList.Arguments, argument)));
            }

            InsertBefore(anchor, keyDeclaration);
            return true;
        }

        /// <summary>
        /// <c>http.PostAsync(uri, content, ct)</c> / <c>http.PostAsJsonAsync(uri, value, options, ct)</c>: an
        /// HttpRequestMessage with the same content and the header, sent with <c>SendAsync(request, ct)</c>
        /// (Task&lt;HttpResponseMessage&gt; either way).
        /// </summary>
        private bool FixShorthand(string? method)
        {
            var uri = ArgumentFor("requestUri");
            if (uri == null)
            {
                return false;
            }

            var content = ContentExpression();
            var cancellation = ArgumentFor("cancellationToken");
            var send = SendExpression();
            if (send == null || !TryVerb(method, out var verb))
            {
                return false;
            }

            var callStatement = StatementOf(_call);
            var anchor = KeyAnchor(_call);
            var key = KeyExpression(anchor, out var keyDeclaration);
            if (callStatement != null)
            {
                var requestName = SyntaxLayout.FreeName(RequestBaseName, _taken);
                var disposeWithScope = IsAwaited(_call) && !(callStatement.Parent is SwitchSectionSyntax) &&
                                       ((CSharpParseOptions)_call.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp8;
                var template = (disposeWithScope ? "using " : "") + "var " + requestName + " = new __Request(__Method." + verb + ", __uri)" +
                               (content != null ? " { Content = __content };" : ";");
                var requestDeclaration = Statement(template, Holes(uri.Expression, content));
                var header = HeaderAdd(requestName, key);
                if (anchor == callStatement)
                {
                    InsertBefore(callStatement, keyDeclaration, requestDeclaration, header);
                }
                else
                {
                    InsertBefore(anchor, keyDeclaration);
                    InsertBefore(callStatement, requestDeclaration, header);
                }

                _editor.ReplaceNode(_call, SendInvocation(send, SyntaxFactory.IdentifierName(requestName), cancellation));
            }
            else
            {
                // An expression body or expression lambda: build the request inline.
                var template = "new __Request(__Method." + verb + ", __uri) { " + (content != null ? "Content = __content, " : "") +
                               "Headers = { { \"" + SaperlyApi.IdempotencyHeader + "\", __key } } }";
                var holes = Holes(uri.Expression, content);
                holes["__key"] = key;
                var request = Template<ExpressionSyntax>(SyntaxFactory.ParseExpression(template), holes);
                InsertBefore(anchor, keyDeclaration);
                _editor.ReplaceNode(_call, SendInvocation(send, request, cancellation));
            }

            return true;
        }

        // ---- pieces ------------------------------------------------------------------------------

        /// <summary>The request's content: the shorthand's HttpContent, or JsonContent.Create for the Json extensions; null when none was sent.</summary>
        private ExpressionSyntax? ContentExpression()
        {
            var content = ArgumentFor("content");
            if (content != null)
            {
                return IsNothing(content.Expression) ? null : content.Expression;
            }

            var value = ArgumentFor("value");
            if (value == null)
            {
                return null;
            }

            var typeArguments = (_call.Expression as MemberAccessExpressionSyntax)?.Name as GenericNameSyntax
                                ?? (_call.Expression as MemberBindingExpressionSyntax)?.Name as GenericNameSyntax
                                ?? _call.Expression as GenericNameSyntax;
            var holes = new Dictionary<string, SyntaxNode> { ["__value"] = value.Expression, ["__JsonContent"] = TypeReference("System.Net.Http.Json.JsonContent") };
            var text = "__JsonContent.Create" + (typeArguments != null ? "<__T>" : "") + "(__value";
            if (typeArguments != null && typeArguments.TypeArgumentList.Arguments.Count == 1)
            {
                holes["__T"] = typeArguments.TypeArgumentList.Arguments[0];
            }

            var options = ArgumentFor("options");
            var typeInfo = ArgumentFor("jsonTypeInfo");
            if (options != null)
            {
                text += ", options: __options";
                holes["__options"] = options.Expression;
            }
            else if (typeInfo != null)
            {
                text += ", __typeInfo";
                holes["__typeInfo"] = typeInfo.Expression;
            }

            return Template<ExpressionSyntax>(SyntaxFactory.ParseExpression(text + ")"), holes);
        }

        /// <summary>The expression that names SendAsync on the same client: <c>_http.SendAsync</c>, <c>?.SendAsync</c>.</summary>
        private ExpressionSyntax? SendExpression()
        {
            var sendName = SyntaxFactory.IdentifierName("SendAsync");
            var method = _operation.TargetMethod;
            if (method.IsExtensionMethod && _operation.Arguments.Length > 0 && _operation.Arguments[0].Syntax is ArgumentSyntax receiverArgument &&
                _operation.Arguments[0].Parameter?.Ordinal == 0)
            {
                // HttpClientJsonExtensions.PostAsJsonAsync(http, ...): the client is the first argument.
                return SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiverArgument.Expression.WithoutTrivia(), sendName);
            }

            switch (_call.Expression)
            {
                case MemberAccessExpressionSyntax access:
                    return access.WithName(sendName.WithTriviaFrom(access.Name));
                case MemberBindingExpressionSyntax binding:
                    return binding.WithName(sendName.WithTriviaFrom(binding.Name));
                default:
                    return null;
            }
        }

        private InvocationExpressionSyntax SendInvocation(ExpressionSyntax send, ExpressionSyntax request, ArgumentSyntax? cancellation)
        {
            var arguments = new List<ArgumentSyntax> { SyntaxFactory.Argument(request) };
            if (cancellation != null)
            {
                arguments.Add(cancellation.WithoutTrivia());
            }

            var separators = Enumerable.Repeat(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space), arguments.Count - 1);
            var list = _call.ArgumentList.WithArguments(SyntaxFactory.SeparatedList(arguments, separators));
            return _call.WithExpression(send).WithArgumentList(list);
        }

        /// <summary><c>request.Headers.Add("Idempotency-Key", idempotencyKey);</c></summary>
        private StatementSyntax HeaderAdd(string requestName, ExpressionSyntax key) =>
            Statement(requestName + ".Headers.Add(\"" + SaperlyApi.IdempotencyHeader + "\", __key);", new Dictionary<string, SyntaxNode> { ["__key"] = key });

        /// <summary><c>new HttpRequestMessage(...) { ..., Headers = { { "Idempotency-Key", key } } }</c>.</summary>
        private static ExpressionSyntax WithHeaderInInitializer(BaseObjectCreationExpressionSyntax creation, ExpressionSyntax key)
        {
            var parsed = (ObjectCreationExpressionSyntax)SyntaxFactory.ParseExpression("new X { Headers = { { \"" + SaperlyApi.IdempotencyHeader + "\", __key } } }");
            var headers = Template<AssignmentExpressionSyntax>(parsed.Initializer!.Expressions[0], new Dictionary<string, SyntaxNode> { ["__key"] = key });
            var pair = ((InitializerExpressionSyntax)headers.Right).Expressions[0];
            if (creation.Initializer == null)
            {
                var initializer = SyntaxFactory.InitializerExpression(
                        SyntaxKind.ObjectInitializerExpression,
                        SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(headers.WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space)))
                    .WithLeadingTrivia(SyntaxFactory.Space);
                return creation.WithoutTrailingTrivia().WithInitializer(initializer).WithTrailingTrivia(creation.GetTrailingTrivia());
            }

            var existingHeaders = creation.Initializer.Expressions.OfType<AssignmentExpressionSyntax>()
                .FirstOrDefault(a => a.Left is IdentifierNameSyntax name && name.Identifier.ValueText == "Headers" && a.Right is InitializerExpressionSyntax);
            if (existingHeaders != null)
            {
                var collection = (InitializerExpressionSyntax)existingHeaders.Right;
                return creation.ReplaceNode(collection, collection.WithExpressions(SyntaxLayout.Append(collection.Expressions, (ExpressionSyntax)pair)));
            }

            return creation.WithInitializer(creation.Initializer.WithExpressions(SyntaxLayout.Append(creation.Initializer.Expressions, (ExpressionSyntax)headers)));
        }

        /// <summary>The key: a fresh local (declared at <paramref name="anchor"/>) when there is a statement to hang it on, else an inline Guid.</summary>
        private ExpressionSyntax KeyExpression(SyntaxNode? anchor, out StatementSyntax? declaration)
        {
            var fresh = Template<ExpressionSyntax>(SyntaxFactory.ParseExpression("__Guid.NewGuid().ToString()"), new Dictionary<string, SyntaxNode> { ["__Guid"] = TypeReference("System.Guid") });
            if (anchor == null)
            {
                declaration = null;
                return fresh;
            }

            var name = SyntaxLayout.FreeName(KeyBaseName, _taken);
            declaration = Statement("var " + name + " = __fresh;", new Dictionary<string, SyntaxNode> { ["__fresh"] = fresh });
            return SyntaxFactory.IdentifierName(name);
        }

        private Dictionary<string, SyntaxNode> Holes(ExpressionSyntax uri, ExpressionSyntax? content)
        {
            var holes = new Dictionary<string, SyntaxNode>
            {
                ["__Request"] = TypeName("System.Net.Http.HttpRequestMessage"),
                ["__Method"] = TypeReference("System.Net.Http.HttpMethod"),
                ["__uri"] = uri,
            };
            if (content != null)
            {
                holes["__content"] = content;
            }

            return holes;
        }

        /// <summary>
        /// A type name: the simple name where it already means the type at the call; otherwise one that the clean-up
        /// simplifies and imports (<c>global::System.Guid</c> → <c>Guid</c> plus <c>using System;</c> if missing).
        /// </summary>
        private TypeSyntax TypeName(string metadataName)
        {
            var type = _model.Compilation.GetTypeByMetadataName(metadataName);
            if (type != null && FrameworkNames.IsSimpleNameOf(_model, _call.SpanStart, type))
            {
                return SyntaxFactory.IdentifierName(type.Name);
            }

            return type != null
                ? (TypeSyntax)_editor.Generator.TypeExpression(type, addImport: !InScope(type))
                : SyntaxFactory.ParseTypeName("global::" + metadataName).WithAdditionalAnnotations(Simplifier.Annotation);
        }

        /// <summary>
        /// The same name where an expression is expected (<c>Guid.NewGuid()</c>, <c>HttpMethod.Post</c>): a member-access
        /// chain, so that the import adder binds it to the type and adds the missing <c>using</c>.
        /// </summary>
        private ExpressionSyntax TypeReference(string metadataName)
        {
            var type = _model.Compilation.GetTypeByMetadataName(metadataName);
            if (type != null && FrameworkNames.IsSimpleNameOf(_model, _call.SpanStart, type))
            {
                return SyntaxFactory.IdentifierName(type.Name);
            }

            var expression = SyntaxFactory.ParseExpression("global::" + metadataName).WithAdditionalAnnotations(Simplifier.Annotation);
            if (type == null || InScope(type))
            {
                return expression;
            }

            // The generator's type name carries the symbol annotation the import adder reads; move it onto the chain.
            var generated = _editor.Generator.TypeExpression(type, addImport: true);
            return expression.WithAdditionalAnnotations(Simplifier.AddImportsAnnotation).WithAdditionalAnnotations(generated.GetAnnotations(SymbolAnnotationKind));
        }

        /// <summary>Whether the type's simple name already binds to it at the call (a using or global using): then no import is asked for.</summary>
        private bool InScope(ITypeSymbol type) =>
            _model.LookupNamespacesAndTypes(_call.SpanStart, name: type.Name).Any(s => SymbolEqualityComparer.Default.Equals(s, type));

        private static StatementSyntax Statement(string template, Dictionary<string, SyntaxNode> holes) =>
            Template<StatementSyntax>(SyntaxFactory.ParseStatement(template), holes);

        /// <summary>Fills the <c>__name</c> holes of a parsed template with existing or generated nodes, keeping the template's spacing.</summary>
        private static T Template<T>(SyntaxNode parsed, Dictionary<string, SyntaxNode> holes)
            where T : SyntaxNode
        {
            var filled = parsed.ReplaceNodes(
                parsed.DescendantNodes().OfType<IdentifierNameSyntax>().Where(n => holes.ContainsKey(n.Identifier.ValueText)),
                (original, _) => holes[original.Identifier.ValueText].WithTriviaFrom(original));
            return (T)filled;
        }

        // ---- where things go ---------------------------------------------------------------------

        private void InsertBefore(SyntaxNode? anchor, params StatementSyntax?[] statements)
        {
            var present = statements.Where(s => s != null).Select(s => s!).ToList();
            if (anchor == null || present.Count == 0)
            {
                return;
            }

            _editor.InsertBefore(ListItem(anchor), present.Select(s => Laid(s, anchor)));
        }

        private void InsertAfter(SyntaxNode anchor, StatementSyntax statement) =>
            _editor.InsertAfter(ListItem(anchor), new[] { Laid(statement, anchor) });

        private static SyntaxNode ListItem(SyntaxNode statement) => statement.Parent is GlobalStatementSyntax global ? global : statement;

        /// <summary>Indented like its neighbour and ended with the file's own newline; a global statement in top-level programs.</summary>
        private static SyntaxNode Laid(StatementSyntax statement, SyntaxNode neighbour)
        {
            var laid = statement.WithLeadingTrivia(SyntaxLayout.Indentation(neighbour)).WithTrailingTrivia(SyntaxLayout.EndOfLine(neighbour));
            return neighbour.Parent is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(laid) : (SyntaxNode)laid;
        }

        private static bool IsInStatementList(SyntaxNode node) =>
            node is StatementSyntax && (node.Parent is BlockSyntax || node.Parent is SwitchSectionSyntax || node.Parent is GlobalStatementSyntax);

        /// <summary>The statement (in a block) that holds the node, without leaving a lambda or local function.</summary>
        private static StatementSyntax? StatementOf(SyntaxNode node)
        {
            for (var current = node; current != null; current = current.Parent)
            {
                if (IsInStatementList(current) && !(current is LocalFunctionStatementSyntax))
                {
                    return (StatementSyntax)current;
                }

                if (current is AnonymousFunctionExpressionSyntax || current is LocalFunctionStatementSyntax || current is MemberDeclarationSyntax)
                {
                    return null;
                }
            }

            return null;
        }

        /// <summary>
        /// Where the key is declared: before the statement that holds <paramref name="start"/>, hoisted above any
        /// retry loop or retry-policy lambda around it (a retry must resend the same key); never above a
        /// <c>foreach</c> or another lambda, where each iteration is its own operation. Null when there is no
        /// statement to hang it on (expression-bodied member).
        /// </summary>
        private SyntaxNode? KeyAnchor(SyntaxNode start)
        {
            SyntaxNode? anchor = null;
            var hoist = false;
            for (var current = start; current != null; current = current.Parent)
            {
                if (current != start)
                {
                    // The same judgement as SAP008's analyzer, so the fix never hoists where SAP008 would object.
                    if (IdempotencyKeyOrigins.IsRetryLoop(current, _call) || IdempotencyKeyOrigins.IsRetryLambda(current, _model))
                    {
                        hoist = true;
                    }
                    else if (IsBoundary(current))
                    {
                        break;
                    }
                }

                if (IsInStatementList(current) && (anchor == null || hoist))
                {
                    anchor = current;
                    hoist = false;
                }
            }

            return anchor;
        }

        /// <summary>Where one logical operation ends: a foreach or plain loop (one operation per item), a lambda, a member.</summary>
        private static bool IsBoundary(SyntaxNode node) =>
            node is ForEachStatementSyntax || node is ForEachVariableStatementSyntax || node is ForStatementSyntax || node is WhileStatementSyntax ||
            node is DoStatementSyntax || node is AnonymousFunctionExpressionSyntax || node is LocalFunctionStatementSyntax || node is MemberDeclarationSyntax;

        private static bool IsAwaited(ExpressionSyntax call)
        {
            SyntaxNode node = call;
            while (node.Parent is ParenthesizedExpressionSyntax)
            {
                node = node.Parent;
            }

            if (node.Parent is MemberAccessExpressionSyntax access && access.Name.Identifier.ValueText == "ConfigureAwait" && access.Parent is InvocationExpressionSyntax configure)
            {
                node = configure;
            }

            return node.Parent is AwaitExpressionSyntax;
        }

        private static bool TryVerb(string? method, out string verb)
        {
            switch (method)
            {
                case "POST":
                    verb = "Post";
                    return true;
                case "PUT":
                    verb = "Put";
                    return true;
                case "PATCH":
                    verb = "Patch";
                    return true;
                default:
                    verb = "";
                    return false;
            }
        }

        private ArgumentSyntax? ArgumentFor(string parameterName)
        {
            foreach (var argument in _operation.Arguments)
            {
                if (argument.Parameter?.Name == parameterName && argument.ArgumentKind == ArgumentKind.Explicit && argument.Syntax is ArgumentSyntax syntax)
                {
                    return syntax;
                }
            }

            return null;
        }

        private static ExpressionSyntax Unparenthesize(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            return expression;
        }

        private static bool IsNothing(ExpressionSyntax expression)
        {
            var e = Unparenthesize(expression);
            return e.IsKind(SyntaxKind.NullLiteralExpression) || e.IsKind(SyntaxKind.DefaultLiteralExpression);
        }
    }
}

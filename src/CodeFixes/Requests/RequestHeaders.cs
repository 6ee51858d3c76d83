using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Saperly.Migration.CodeFixes.Calls;
using Saperly.Migration.CodeFixes.Credentials;
using Saperly.Migration.CodeFixes.Syntax;

namespace Saperly.Migration.CodeFixes.Requests
{
    /// <summary>The headers of one <c>HttpRequestMessage</c> a fix sets: on a local with statements, or inline in its initializer.</summary>
    internal abstract class RequestHeaders
    {
        protected RequestHeaders(CallEdit edit, SyntaxNode at)
        {
            Edit = edit;
            At = at;
        }

        protected CallEdit Edit { get; }

        /// <summary>Where the values are read: the statement the header statements go near, or the call.</summary>
        protected SyntaxNode At { get; }

        public abstract void Add(string name, ExpressionSyntax value);

        public abstract void Authorize(CredentialChange credential);

        protected static LiteralExpressionSyntax String(string value) =>
            SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(value));
    }

    /// <summary>A request held in a local: <c>request.Headers.Add(...)</c> and <c>request.Headers.Authorization = ...</c>, next to its declaration or before its send.</summary>
    internal sealed class LocalRequestHeaders : RequestHeaders
    {
        private readonly InsertionSite _site;
        private readonly bool _after;
        private readonly IdentifierNameSyntax _request;

        public LocalRequestHeaders(CallEdit edit, InsertionSite site, bool after, IdentifierNameSyntax request)
            : base(edit, site.Node)
        {
            _site = site;
            _after = after;
            _request = request;
        }

        public override void Add(string name, ExpressionSyntax value) =>
            Queue(SyntaxFactory.ExpressionStatement(SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Headers(), SyntaxFactory.IdentifierName("Add")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(String(name)), SyntaxFactory.Argument(Edit.NewCode.Hole(value)) })))));

        public override void Authorize(CredentialChange credential)
        {
            var header = SyntaxFactory.ObjectCreationExpression(Edit.TypesAt(At).Type("System.Net.Http.Headers.AuthenticationHeaderValue"))
                .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
                {
                    SyntaxFactory.Argument(String("Bearer")),
                    SyntaxFactory.Argument(Edit.NewCode.Hole(credential.FreshRead(Edit, At))),
                })));
            Queue(SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(
                SyntaxKind.SimpleAssignmentExpression,
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Headers(), SyntaxFactory.IdentifierName("Authorization")),
                header)));
        }

        private MemberAccessExpressionSyntax Headers() =>
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(_request.Identifier.ValueText), SyntaxFactory.IdentifierName("Headers"));

        private void Queue(StatementSyntax skeleton)
        {
            var statement = Edit.Statement(skeleton);
            if (_after)
            {
                _site.AddAfter(statement);
            }
            else
            {
                _site.AddBefore(statement);
            }
        }
    }

    /// <summary>
    /// A request created where it is sent, whose headers go in its initializer: <c>Headers = { { "Idempotency-Key", key } }</c>.
    /// Used where no statement can go before the send without changing when things run (a conditional branch, a switch
    /// arm, a loop's condition). Every header, Authorization too, is a name-value pair there, so that fixes of
    /// different rules add to the same collection.
    /// </summary>
    internal sealed class InlineRequestHeaders : RequestHeaders
    {
        private readonly List<InitializerExpressionSyntax> _entries = new List<InitializerExpressionSyntax>();

        public InlineRequestHeaders(CallEdit edit, SyntaxNode at)
            : base(edit, at)
        {
        }

        public bool IsEmpty => _entries.Count == 0;

        public override void Add(string name, ExpressionSyntax value) =>
            _entries.Add(Pair(String(name), Edit.NewCode.Hole(value)));

        public override void Authorize(CredentialChange credential) =>
            _entries.Add(Pair(String("Authorization"), SyntaxFactory.BinaryExpression(SyntaxKind.AddExpression, String("Bearer "), Edit.NewCode.Hole(credential.FreshRead(Edit, At)))));

        private static InitializerExpressionSyntax Pair(ExpressionSyntax name, ExpressionSyntax value) =>
            SyntaxFactory.InitializerExpression(SyntaxKind.ComplexElementInitializerExpression, SyntaxFactory.SeparatedList(new[] { name, value }));

        /// <summary><c>Headers = { ... }</c>, for a new request's initializer.</summary>
        public AssignmentExpressionSyntax Assignment() =>
            SyntaxFactory.AssignmentExpression(
                SyntaxKind.SimpleAssignmentExpression,
                SyntaxFactory.IdentifierName("Headers"),
                SyntaxFactory.InitializerExpression(SyntaxKind.CollectionInitializerExpression, SyntaxFactory.SeparatedList<ExpressionSyntax>(_entries)));

        /// <summary>
        /// The user's request creation with the headers added to its initializer, in the initializer's own layout; null
        /// when its <c>Headers</c> are set member by member (<c>Headers = { Authorization = ... }</c>), where pairs cannot go.
        /// </summary>
        public BaseObjectCreationExpressionSyntax? AddTo(BaseObjectCreationExpressionSyntax creation)
        {
            if (creation.Initializer == null)
            {
                var initializer = Edit.NewCode.ShapeWithin(
                    SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(Assignment())),
                    init => SyntaxFactory.ObjectCreationExpression(SyntaxFactory.IdentifierName("X")).WithArgumentList(SyntaxFactory.ArgumentList()).WithInitializer(init));
                return creation.WithoutTrailingTrivia().WithInitializer(initializer.WithLeadingTrivia(SyntaxFactory.Space)).WithTrailingTrivia(creation.GetTrailingTrivia());
            }

            var headers = creation.Initializer.Expressions.OfType<AssignmentExpressionSyntax>()
                .FirstOrDefault(a => a.Left is IdentifierNameSyntax name && name.Identifier.ValueText == "Headers" && a.Right is InitializerExpressionSyntax);
            if (headers == null)
            {
                var assignment = Edit.NewCode.ShapeElement(Assignment());
                return creation.WithInitializer(creation.Initializer.WithExpressions(Lists.Append(creation.Initializer.Expressions, (ExpressionSyntax)assignment)));
            }

            var collection = (InitializerExpressionSyntax)headers.Right;
            if (!collection.IsKind(SyntaxKind.CollectionInitializerExpression) && collection.Expressions.Any(e => !(e is InitializerExpressionSyntax)))
            {
                return null;
            }

            var expressions = collection.Expressions;
            foreach (var entry in _entries)
            {
                expressions = Lists.Append(expressions, (ExpressionSyntax)Edit.NewCode.ShapeWithin(entry, e =>
                    SyntaxFactory.ObjectCreationExpression(SyntaxFactory.IdentifierName("X")).WithArgumentList(SyntaxFactory.ArgumentList()).WithInitializer(
                        SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(
                            SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName("Headers"),
                                SyntaxFactory.InitializerExpression(SyntaxKind.CollectionInitializerExpression, SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(e))))))));
            }

            return creation.ReplaceNode(collection, collection.WithExpressions(expressions));
        }
    }
}

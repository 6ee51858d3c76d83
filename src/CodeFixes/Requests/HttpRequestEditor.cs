using System;
using System.Threading;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Saperly.Migration.CodeFixes.Calls;
using Saperly.Migration.CodeFixes.Credentials;

namespace Saperly.Migration.CodeFixes.Requests
{
    /// <summary>
    /// The editors of the <c>HttpClient</c> shapes: a header goes on the call's <c>HttpRequestMessage</c> (made first
    /// where the call has none); a credential of its own is a second client beside a local one (the upgrade guide's
    /// two-client pattern, <see cref="ClientSplit"/>), else the request's own Authorization.
    /// </summary>
    internal abstract class HttpRequestEditor : RequestEditor
    {
        public override bool AddHeader(CallEdit edit, string name, Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax value, CancellationToken cancellationToken) =>
            WithHeaders(edit, forAuthorization: false, headers => headers.Add(name, value), cancellationToken);

        public override bool Authorize(CallEdit edit, CredentialChange credential, CancellationToken cancellationToken) =>
            ClientSplit.TryApply(edit, credential, cancellationToken) ||
            WithHeaders(edit, forAuthorization: true, headers => headers.Authorize(credential), cancellationToken);

        /// <summary>Gives <paramref name="set"/> the headers of the call's request, making the request first if the call has none.</summary>
        protected abstract bool WithHeaders(CallEdit edit, bool forAuthorization, Action<RequestHeaders> set, CancellationToken cancellationToken);

        /// <summary>The expression in parentheses, unwrapped.</summary>
        protected static ExpressionSyntax Unparenthesized(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            return expression;
        }
    }
}

using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Saperly.Migration.Analyzers.Recognition
{
    /// <summary>
    /// What one of the project's own <c>DelegatingHandler</c>s does to every request it sends, read from its
    /// <c>SendAsync</c> (and <c>Send</c>) override: the headers it sets on the request (the bearer a team puts on every
    /// call, an Idempotency-Key), and whether it sets <c>Authorization</c> only where the request has none. A handler
    /// that hands the request to code we do not read, or that does not override <c>SendAsync</c> in source, is
    /// <see cref="Opaque"/>: it may set any header.
    /// </summary>
    internal sealed class HandlerFacts
    {
        private HandlerFacts(IReadOnlyList<HeaderWrite> headers, bool opaque, bool defersAuthorization)
        {
            Headers = headers;
            Opaque = opaque;
            DefersAuthorization = defersAuthorization;
        }

        /// <summary>Headers the handler sets on every request.</summary>
        public IReadOnlyList<HeaderWrite> Headers { get; }

        /// <summary>The handler may set headers we cannot see.</summary>
        public bool Opaque { get; }

        /// <summary>
        /// The handler sets <c>Authorization</c> only where the request has none (<c>??=</c>, or under an <c>if</c>): a
        /// request's own credential wins. Otherwise the handler's overwrites it.
        /// </summary>
        public bool DefersAuthorization { get; }

        public HeaderWrite? Authorization => Headers.FirstOrDefault(h => string.Equals(h.Name, "Authorization", System.StringComparison.OrdinalIgnoreCase));

        public static bool IsDelegatingHandler(INamedTypeSymbol type)
        {
            for (var t = type.BaseType; t != null; t = t.BaseType)
            {
                if (t.Name == "DelegatingHandler" && t.ContainingNamespace?.ToDisplayString() == "System.Net.Http")
                {
                    return true;
                }
            }

            return false;
        }

        public static HandlerFacts Read(INamedTypeSymbol handler, SaperlyCompilation shared, CancellationToken cancellationToken)
        {
            var headers = new List<HeaderWrite>();
            var opaque = false;
            var defers = false;
            var read = false;
            for (var type = handler; type != null && type.DeclaringSyntaxReferences.Length > 0; type = type.BaseType)
            {
                foreach (var method in type.GetMembers().OfType<IMethodSymbol>().Where(m => (m.Name == "SendAsync" || m.Name == "Send") && m.IsOverride))
                {
                    foreach (var reference in method.DeclaringSyntaxReferences)
                    {
                        if (!(reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax declaration) || !shared.Compilation.ContainsSyntaxTree(declaration.SyntaxTree))
                        {
                            opaque = true;
                            continue;
                        }

                        var body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
                        var operation = body == null ? null : shared.ModelFor(declaration.SyntaxTree).GetOperation(body, cancellationToken);
                        var request = method.Parameters.FirstOrDefault(p => p.Type.Name == "HttpRequestMessage");
                        if (operation == null || request == null)
                        {
                            opaque = true;
                            continue;
                        }

                        read = true;
                        var facts = ScopeFacts.Build(new[] { operation });
                        foreach (var header in facts.HeadersOf(request))
                        {
                            headers.Add(header);
                            if (string.Equals(header.Name, "Authorization", System.StringComparison.OrdinalIgnoreCase) && IsConditional(header.Statement, operation))
                            {
                                defers = true;
                            }
                        }

                        opaque |= HandsOver(operation, request);
                    }
                }
            }

            return new HandlerFacts(headers, opaque || !read, defers);
        }

        /// <summary>A write that runs only sometimes: <c>??=</c>, or under an <c>if</c>, a conditional or a loop of the method.</summary>
        private static bool IsConditional(IOperation write, IOperation root)
        {
            if (write is ICoalesceAssignmentOperation || write.Parent is ICoalesceAssignmentOperation)
            {
                return true;
            }

            for (var p = write.Parent; p != null && p != root; p = p.Parent)
            {
                if (p is IConditionalOperation || p is ILoopOperation || p is ISwitchOperation || p is ICoalesceOperation)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The request is passed to something other than <c>base.SendAsync</c>: what that does to its headers is not read.</summary>
        private static bool HandsOver(IOperation root, IParameterSymbol request) =>
            root.Descendants().OfType<IArgumentOperation>().Any(a =>
                Symbols.Unwrap(a.Value) is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, request) &&
                !(a.Parent is IInvocationOperation { Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } } call &&
                  (call.TargetMethod.Name == "SendAsync" || call.TargetMethod.Name == "Send")));
    }
}

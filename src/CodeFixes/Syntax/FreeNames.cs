using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Saperly.Migration.CodeFixes.Syntax
{
    /// <summary>
    /// Names for the locals a fix declares (<c>request</c>, <c>idempotencyKey</c>, <c>svc</c>): the first of
    /// <c>name</c>, <c>name2</c>, ... that no identifier of the enclosing member (or top-level program) spells, no symbol
    /// in scope has, and no earlier declaration of the same fix took. Symbols are looked up by the one name asked about:
    /// listing every symbol in scope lists every type of every imported namespace.
    /// </summary>
    internal sealed class FreeNames
    {
        private readonly SemanticModel _model;
        private readonly Dictionary<SyntaxNode, HashSet<string>> _spelled = new Dictionary<SyntaxNode, HashSet<string>>();

        public FreeNames(SemanticModel model)
        {
            _model = model;
        }

        /// <summary>A free name for a local declared at <paramref name="at"/> (the node it is declared before).</summary>
        public string Take(SyntaxNode at, string preferred)
        {
            var spelled = Spelled(at);
            var name = preferred;
            for (var i = 2; spelled.Contains(name) || !_model.LookupSymbols(at.SpanStart, name: name).IsEmpty; i++)
            {
                name = preferred + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            spelled.Add(name);
            return name;
        }

        private HashSet<string> Spelled(SyntaxNode at)
        {
            SyntaxNode scope = at.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault(m => !(m is GlobalStatementSyntax)) ?? at.SyntaxTree.GetRoot();
            if (scope is BaseTypeDeclarationSyntax)
            {
                // A field initializer: only that declaration's names.
                scope = at.AncestorsAndSelf().FirstOrDefault(n => n.Parent is BaseTypeDeclarationSyntax) ?? scope;
            }

            if (!_spelled.TryGetValue(scope, out var names))
            {
                names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var token in scope.DescendantTokens())
                {
                    if (token.IsKind(SyntaxKind.IdentifierToken))
                    {
                        names.Add(token.ValueText);
                    }
                }

                _spelled[scope] = names;
            }

            return names;
        }
    }
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace Saperly.Migration.CodeFixes.Syntax
{
    /// <summary>
    /// How the fixes name the framework types they insert (<c>HttpRequestMessage</c>, <c>HttpMethod</c>,
    /// <c>Environment</c>, <c>Guid</c>, ...): the simple name where it already means that type at the insertion point;
    /// otherwise the generator's fully qualified name, marked so that the code action's clean-up shortens it and adds the
    /// missing <c>using</c>. Only those names are marked, never the user's code the fix moves, so the clean-up has little
    /// to bind again.
    /// </summary>
    internal sealed class TypeNames
    {
        private readonly SemanticModel _model;
        private readonly SyntaxGenerator _generator;
        private readonly int _position;

        public TypeNames(SemanticModel model, SyntaxGenerator generator, int position)
        {
            _model = model;
            _generator = generator;
            _position = position;
        }

        /// <summary>
        /// The type where a type is expected (<c>new HttpRequestMessage(...)</c>): its simple name where that binds to it;
        /// otherwise the generator's qualified name, imported where the simple name is free (the clean-up then shortens it).
        /// </summary>
        public NameSyntax Type(string metadataName)
        {
            var type = _model.Compilation.GetTypeByMetadataName(metadataName);
            if (type == null || IsSimpleNameOf(_model, _position, type))
            {
                return SyntaxFactory.IdentifierName(SimpleName(metadataName));
            }

            return Imported(type, IsFree(type.Name));
        }

        /// <summary><c>Type.Member</c>: <c>HttpMethod.Post</c>, <c>Guid.NewGuid</c>.</summary>
        public MemberAccessExpressionSyntax Member(string metadataName, string member) =>
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Expression(metadataName), SyntaxFactory.IdentifierName(member));

        /// <summary>
        /// The type where an expression is expected (the left of a member access): its simple name where that binds to it;
        /// the generator's name, imported, where the simple name is free (the clean-up shortens it to the simple name); and
        /// where something else has the name, the <c>global::</c> member-access chain the parser makes of a qualified name
        /// in an expression, which the clean-up shortens only as far as it still binds.
        /// </summary>
        public ExpressionSyntax Expression(string metadataName)
        {
            var type = _model.Compilation.GetTypeByMetadataName(metadataName);
            if (type == null || IsSimpleNameOf(_model, _position, type))
            {
                return SyntaxFactory.IdentifierName(SimpleName(metadataName));
            }

            if (IsFree(type.Name))
            {
                return Imported(type, true);
            }

            var parts = metadataName.Split('.');
            ExpressionSyntax chain = SyntaxFactory.AliasQualifiedName(SyntaxFactory.IdentifierName(SyntaxFactory.Token(SyntaxKind.GlobalKeyword)), SyntaxFactory.IdentifierName(parts[0]));
            for (var i = 1; i < parts.Length; i++)
            {
                chain = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, chain, SyntaxFactory.IdentifierName(parts[i]));
            }

            return chain.WithAdditionalAnnotations(Simplifier.Annotation);
        }

        /// <summary>
        /// The generator's qualified name (which carries the type for the import adder); <see cref="Simplifier.AddImportsAnnotation"/>
        /// asks the code action's clean-up to import its namespace, which the generator does not ask by itself.
        /// </summary>
        private NameSyntax Imported(INamedTypeSymbol type, bool import)
        {
            var name = (NameSyntax)_generator.TypeExpression(type, addImport: import);
            return import ? name.WithAdditionalAnnotations(Simplifier.AddImportsAnnotation) : name;
        }

        private static string SimpleName(string metadataName) => metadataName.Substring(metadataName.LastIndexOf('.') + 1);

        /// <summary>Whether nothing at all has the name at the position (an import of the type's namespace would make it bind).</summary>
        private bool IsFree(string name) => _model.LookupSymbols(_position, name: name).IsEmpty;

        /// <summary>Whether, at <paramref name="position"/>, the type's simple name means exactly that type and nothing else.</summary>
        public static bool IsSimpleNameOf(SemanticModel model, int position, INamedTypeSymbol type)
        {
            var found = model.LookupSymbols(position, name: type.Name);
            return found.Length == 1 && SymbolEqualityComparer.Default.Equals(found[0], type);
        }
    }
}

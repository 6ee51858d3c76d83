using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Saperly.Migration.Analyzers.Model;
using Saperly.Migration.Analyzers.Recognition;

namespace Saperly.Migration.Analyzers.Rules
{
    /// <summary>SAP004: a strict permission model (enum, allow-list, JSON schema enum) that lacks legacy_full.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PermissionModelMissingLegacyFullAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: Enum, AllowList or Schema.</summary>
        public const string ModelKindProperty = "ModelKind";

        /// <summary>Diagnostic property (enums): how members spell their wire value (see <see cref="EnumWireStyle"/>).</summary>
        public const string WireStyleProperty = "WireStyle";

        private static readonly ImmutableArray<DiagnosticDescriptor> Supported = ImmutableArray.Create(Descriptors.PermissionModelMissingLegacyFull);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Supported;

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSymbolAction(AnalyzeEnum, SymbolKind.NamedType);
            context.RegisterSyntaxNodeAction(AnalyzeList, SyntaxKind.ArrayInitializerExpression, SyntaxKind.CollectionInitializerExpression, SyntaxKind.CollectionExpression);
            context.RegisterSyntaxNodeAction(AnalyzeSchema, SyntaxKind.StringLiteralExpression);
        }

        private static void AnalyzeEnum(SymbolAnalysisContext context)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (type.TypeKind != TypeKind.Enum || PermissionModels.IsRequestSide(type.Name))
            {
                return;
            }

            var members = type.GetMembers().OfType<IFieldSymbol>().Where(f => f.IsConst).ToList();
            if (!PermissionModels.IsTierSet(members.SelectMany(PermissionModels.WireValues), out var hasLegacy) || hasLegacy)
            {
                return;
            }

            var style = members.Select(PermissionModels.StyleOf).FirstOrDefault(s => s != EnumWireStyle.None);
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(ModelKindProperty, "Enum")
                .Add(WireStyleProperty, style.ToString());
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.PermissionModelMissingLegacyFull, type.Locations[0], properties, "Enum '" + type.Name + "'"));
        }

        private static void AnalyzeList(SyntaxNodeAnalysisContext context)
        {
            var elements = Elements(context.Node).ToList();
            if (elements.Count < 3 || elements.Any(e => !(e is LiteralExpressionSyntax literal) || !literal.IsKind(SyntaxKind.StringLiteralExpression)))
            {
                return;
            }

            var values = elements.Select(e => ((LiteralExpressionSyntax)e).Token.ValueText).ToList();
            if (values.Any(v => !SaperlyApi.AllPermissions.Contains(v)) || !PermissionModels.IsTierSet(values, out var hasLegacy) || hasLegacy)
            {
                return;
            }

            var name = DeclarationName(context.Node);
            if (PermissionModels.IsRequestSide(name) || PermissionModels.IsRequestSide(context.ContainingSymbol?.Name) || PermissionModels.IsRequestSide(context.ContainingSymbol?.ContainingType?.Name))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(ModelKindProperty, "AllowList");
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.PermissionModelMissingLegacyFull, context.Node.GetLocation(), properties, "Allow-list '" + (name ?? "permissions") + "'"));
        }

        private static void AnalyzeSchema(SyntaxNodeAnalysisContext context)
        {
            var literal = (LiteralExpressionSyntax)context.Node;
            var text = literal.Token.ValueText;
            if (text.Length < 20 || !PermissionModels.SchemaLacksLegacyFull(text))
            {
                return;
            }

            var name = DeclarationName(literal);
            if (PermissionModels.IsRequestSide(name) || text.IndexOf("request", System.StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(ModelKindProperty, "Schema");
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.PermissionModelMissingLegacyFull, literal.GetLocation(), properties, "JSON schema '" + (name ?? "string literal") + "'"));
        }

        private static IEnumerable<ExpressionSyntax> Elements(SyntaxNode node)
        {
            switch (node)
            {
                case InitializerExpressionSyntax initializer:
                    return initializer.Expressions;
                case CollectionExpressionSyntax collection:
                    return collection.Elements.Select(e => e is ExpressionElementSyntax element ? element.Expression : null!).Where(e => e != null);
                default:
                    return Enumerable.Empty<ExpressionSyntax>();
            }
        }

        /// <summary>The name of the field, property, local or argument the node initializes.</summary>
        private static string? DeclarationName(SyntaxNode node)
        {
            for (var p = node.Parent; p != null; p = p.Parent)
            {
                switch (p)
                {
                    case VariableDeclaratorSyntax variable:
                        return variable.Identifier.ValueText;
                    case PropertyDeclarationSyntax property:
                        return property.Identifier.ValueText;
                    case AssignmentExpressionSyntax assignment:
                        return assignment.Left.ToString();
                    case StatementSyntax _:
                    case MemberDeclarationSyntax _:
                        return null;
                }
            }

            return null;
        }
    }
}

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
            context.RegisterSemanticModelAction(AnalyzeFile);
        }

        /// <summary>
        /// Once per file, enums, allow-lists and JSON schemas together. Enums are declared only at namespace and
        /// type level, so for them the walk does not enter member bodies. Allow-lists and schemas list the tiers by
        /// their wire values, so a file whose text never says <c>call_only</c> (nor hides a string behind an escape)
        /// holds neither and its bodies are not walked. One callback per file: a syntax-node action on enum
        /// declarations made the compiler walk every node of every file for this rule alone.
        /// </summary>
        private static void AnalyzeFile(SemanticModelAnalysisContext context)
        {
            var tree = context.SemanticModel.SyntaxTree;
            var text = tree.GetText(context.CancellationToken).ToString();
            var lists = TextFilters.MaySpell(text, "call_only");
            if (!lists && text.IndexOf("enum", System.StringComparison.Ordinal) < 0)
            {
                return;
            }

            var root = tree.GetRoot(context.CancellationToken);
            var nodes = lists ? root.DescendantNodes() : root.DescendantNodes(IsDeclarationLevel);
            foreach (var node in nodes)
            {
                switch (node.Kind())
                {
                    case SyntaxKind.EnumDeclaration:
                        AnalyzeEnum((EnumDeclarationSyntax)node, context);
                        break;
                    case SyntaxKind.ArrayInitializerExpression:
                    case SyntaxKind.CollectionInitializerExpression:
                    case SyntaxKind.CollectionExpression:
                        AnalyzeList(node, context.ReportDiagnostic);
                        break;
                    case SyntaxKind.StringLiteralExpression:
                        AnalyzeSchema((LiteralExpressionSyntax)node, context.ReportDiagnostic);
                        break;
                }
            }
        }

        /// <summary>Whether an enum can be declared among a node's children: a file, a namespace or a type.</summary>
        private static bool IsDeclarationLevel(SyntaxNode node) =>
            node is CompilationUnitSyntax || node is BaseNamespaceDeclarationSyntax || node is TypeDeclarationSyntax;

        /// <summary>
        /// Whether the enum's syntax alone settles that it is no permission model lacking <c>legacy_full</c>: a
        /// request-side name, or wire values the syntax can read that are no tier set or already hold legacy_full.
        /// </summary>
        internal static bool SyntaxRulesOut(EnumDeclarationSyntax declaration) =>
            PermissionModels.IsRequestSide(declaration.Identifier.ValueText) ||
            (PermissionModels.TryReadWireValues(declaration, out var values, out _) && (!PermissionModels.IsTierSet(values, out var hasLegacy) || hasLegacy));

        /// <summary>
        /// An enum declaration, settled on its syntax: its wire values are its member names and the literal values of
        /// their serialization attributes. Only an enum whose attributes the syntax cannot read (another attribute name,
        /// a constant for a value) is settled on its member symbols. Reading symbols here would make this callback the
        /// first to complete the enum's members and bind their attributes, work the compiler does anyway but which
        /// is then booked to the rule (tens of milliseconds per project in a cold compiler process).
        /// </summary>
        private static void AnalyzeEnum(EnumDeclarationSyntax declaration, SemanticModelAnalysisContext context)
        {
            if (SyntaxRulesOut(declaration))
            {
                return;
            }

            bool hasLegacy;
            if (!PermissionModels.TryReadWireValues(declaration, out _, out var style))
            {
                if (!(context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is INamedTypeSymbol type))
                {
                    return;
                }

                var members = type.GetMembers().OfType<IFieldSymbol>().Where(f => f.IsConst).ToList();
                if (!PermissionModels.IsTierSet(members.SelectMany(PermissionModels.WireValues), out hasLegacy) || hasLegacy)
                {
                    return;
                }

                style = members.Select(PermissionModels.StyleOf).FirstOrDefault(s => s != EnumWireStyle.None);
            }

            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(ModelKindProperty, "Enum")
                .Add(WireStyleProperty, style.ToString());
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.PermissionModelMissingLegacyFull, declaration.Identifier.GetLocation(), properties, "Enum '" + declaration.Identifier.ValueText + "'"));
        }

        private static void AnalyzeList(SyntaxNode node, System.Action<Diagnostic> report)
        {
            var elements = Elements(node).ToList();
            if (elements.Count < 3 || elements.Any(e => !(e is LiteralExpressionSyntax literal) || !literal.IsKind(SyntaxKind.StringLiteralExpression)))
            {
                return;
            }

            var values = elements.Select(e => ((LiteralExpressionSyntax)e).Token.ValueText).ToList();
            if (values.Any(v => !SaperlyApi.AllPermissions.Contains(v)) || !PermissionModels.IsTierSet(values, out var hasLegacy) || hasLegacy)
            {
                return;
            }

            var name = DeclarationName(node);
            var (member, type) = Container(node);
            if (PermissionModels.IsRequestSide(name) || PermissionModels.IsRequestSide(member) || PermissionModels.IsRequestSide(type))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(ModelKindProperty, "AllowList");
            report(Diagnostic.Create(Descriptors.PermissionModelMissingLegacyFull, node.GetLocation(), properties, "Allow-list '" + (name ?? "permissions") + "'"));
        }

        /// <summary>
        /// The names of the member a node belongs to (a field's variable, a property, a method, an event) and of
        /// the type that declares it; for a node of a type itself (an attribute argument), the type and its outer type.
        /// </summary>
        private static (string? Member, string? Type) Container(SyntaxNode node)
        {
            string? member = null;
            for (var p = node.Parent; p != null; p = p.Parent)
            {
                switch (p)
                {
                    case VariableDeclaratorSyntax variable when member == null && p.Parent?.Parent is BaseFieldDeclarationSyntax:
                        member = variable.Identifier.ValueText;
                        break;
                    case PropertyDeclarationSyntax property when member == null:
                        member = property.Identifier.ValueText;
                        break;
                    case MethodDeclarationSyntax method when member == null:
                        member = method.Identifier.ValueText;
                        break;
                    case EventDeclarationSyntax @event when member == null:
                        member = @event.Identifier.ValueText;
                        break;
                    case BaseTypeDeclarationSyntax declaration:
                        return member != null
                            ? (member, declaration.Identifier.ValueText)
                            : (declaration.Identifier.ValueText, (declaration.Parent as BaseTypeDeclarationSyntax)?.Identifier.ValueText);
                }
            }

            return (member, null);
        }

        private static void AnalyzeSchema(LiteralExpressionSyntax literal, System.Action<Diagnostic> report)
        {
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
            report(Diagnostic.Create(Descriptors.PermissionModelMissingLegacyFull, literal.GetLocation(), properties, "JSON schema '" + (name ?? "string literal") + "'"));
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

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

        /// <summary>Diagnostic property (switches, if-chains): how the legacy_full branch is made from the full one (see <see cref="LegacyBranches"/>).</summary>
        public const string MappingProperty = "Mapping";

        /// <summary>Diagnostic property (switches, if-chains, Mapping = Member): the enum member the legacy_full branch returns.</summary>
        public const string LegacyMemberProperty = "LegacyMember";

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
            var parses = MayParseEnum(text);
            if (!lists && !parses && text.IndexOf("enum", System.StringComparison.Ordinal) < 0)
            {
                return;
            }

            var root = tree.GetRoot(context.CancellationToken);
            var nodes = lists || parses ? root.DescendantNodes() : root.DescendantNodes(IsDeclarationLevel);
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
                        if (lists)
                        {
                            AnalyzeList(node, context.ReportDiagnostic);
                        }

                        break;
                    case SyntaxKind.StringLiteralExpression when lists:
                        AnalyzeSchema((LiteralExpressionSyntax)node, context.ReportDiagnostic);
                        Report(TierChecks.OfRegex((LiteralExpressionSyntax)node, l => IsRegexUse(l, context)), context);
                        break;
                    case SyntaxKind.SwitchExpression when lists:
                        Report(TierChecks.OfSwitch((SwitchExpressionSyntax)node), context);
                        break;
                    case SyntaxKind.SwitchStatement when lists:
                        Report(TierChecks.OfSwitch((SwitchStatementSyntax)node), context);
                        break;
                    case SyntaxKind.IfStatement when lists:
                        Report(TierChecks.OfIfChain((IfStatementSyntax)node), context);
                        break;
                    case SyntaxKind.IsPatternExpression when lists:
                    case SyntaxKind.LogicalOrExpression when lists:
                        Report(TierChecks.OfPredicate((ExpressionSyntax)node, l => IsValidationLambda(l, context)), context);
                        break;
                    case SyntaxKind.InvocationExpression when parses:
                        AnalyzeEnumParse((InvocationExpressionSyntax)node, context);
                        break;
                }
            }
        }

        /// <summary>Whether a file's text may call <c>Enum.Parse</c>, <c>Enum.TryParse</c> or FluentValidation's <c>IsEnumName</c>.</summary>
        internal static bool MayParseEnum(string text) =>
            text.IndexOf("Enum.Parse", System.StringComparison.Ordinal) >= 0 || text.IndexOf("Enum.TryParse", System.StringComparison.Ordinal) >= 0 ||
            text.IndexOf("IsEnumName", System.StringComparison.Ordinal) >= 0;

        /// <summary>
        /// A switch, if-chain, predicate or regular expression that rejects unlisted tiers, unless it is on the request
        /// side (its value, member or type says so, or it validates a request). Switches and if-chains carry how their
        /// <c>full</c> branch maps to a legacy_full branch (<see cref="LegacyBranches"/>).
        /// </summary>
        private static void Report(TierCheck? check, SemanticModelAnalysisContext context)
        {
            if (check == null || IsRequestSide(check.Node, check.Subject))
            {
                return;
            }

            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[ModelKindProperty] = check.Kind;
            if (check.Kind == TierCheckKinds.Switch || check.Kind == TierCheckKinds.IfChain)
            {
                var mapping = LegacyBranches.Mapping(check.FullBranch, context.SemanticModel, context.CancellationToken);
                properties[MappingProperty] = mapping.Kind;
                properties[LegacyMemberProperty] = mapping.LegacyMember;
                if (mapping.WhatToDo != null)
                {
                    properties[CallProperties.WhatToDo] = mapping.WhatToDo;
                }
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.PermissionModelMissingLegacyFull, check.Location, properties.ToImmutable(), Describe(check)));
        }

        private static string Describe(TierCheck check)
        {
            switch (check.Kind)
            {
                case TierCheckKinds.Switch:
                    return "The switch on '" + Shorten(check.Subject) + "'";
                case TierCheckKinds.IfChain:
                    return "The if-chain on '" + Shorten(check.Subject) + "'";
                case TierCheckKinds.Predicate:
                    return "The check of '" + Shorten(check.Subject) + "'";
                default:
                    return "Regular expression '" + Shorten(check.Subject) + "'";
            }
        }

        private static string Shorten(string code)
        {
            var line = string.Join(" ", code.Split(new[] { '\r', '\n' }, System.StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
            return line.Length <= 60 ? line : line.Substring(0, 57) + "...";
        }

        /// <summary>
        /// Whether a check sits on the request side: the checked value, the member or type around it, or the type a
        /// FluentValidation validator validates (<c>AbstractValidator&lt;CreateKeyRequest&gt;</c>) names a request.
        /// </summary>
        private static bool IsRequestSide(SyntaxNode node, string subject)
        {
            var (member, type) = Container(node);
            if (PermissionModels.IsRequestSide(subject) || PermissionModels.IsRequestSide(member) || PermissionModels.IsRequestSide(type))
            {
                return true;
            }

            var declaration = node.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            return declaration?.BaseList != null && declaration.BaseList.Types.Any(t =>
                t.Type.ToString().IndexOf("Validator", System.StringComparison.Ordinal) >= 0 && PermissionModels.IsRequestSide(t.Type.ToString()));
        }

        /// <summary>The lambda of a FluentValidation <c>Must</c>/<c>MustAsync</c> rule.</summary>
        private static bool IsValidationLambda(LambdaExpressionSyntax lambda, SemanticModelAnalysisContext context) =>
            lambda.Parent is ArgumentSyntax argument && argument.Parent?.Parent is InvocationExpressionSyntax invocation &&
            context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken).Symbol is IMethodSymbol method &&
            (method.Name == "Must" || method.Name == "MustAsync") && IsFluentValidation(method);

        private static bool IsFluentValidation(IMethodSymbol method) =>
            method.ContainingNamespace?.ToDisplayString() == "FluentValidation";

        /// <summary>
        /// A pattern argument of <c>Regex</c> (constructor, <c>IsMatch</c>, <c>Match</c>) or of FluentValidation's <c>Matches</c>.
        /// </summary>
        private static bool IsRegexUse(LiteralExpressionSyntax literal, SemanticModelAnalysisContext context)
        {
            if (!(literal.Parent is ArgumentSyntax argument) || !(argument.Parent?.Parent is ExpressionSyntax call) ||
                !(call is InvocationExpressionSyntax || call is BaseObjectCreationExpressionSyntax) ||
                !(context.SemanticModel.GetSymbolInfo(call, context.CancellationToken).Symbol is IMethodSymbol method))
            {
                return false;
            }

            var parameter = context.SemanticModel.GetOperation(literal, context.CancellationToken)?.Parent is Microsoft.CodeAnalysis.Operations.IArgumentOperation bound ? bound.Parameter : null;
            return (method.ContainingType?.ToDisplayString() == "System.Text.RegularExpressions.Regex" && parameter?.Name == "pattern") ||
                   (method.Name == "Matches" && IsFluentValidation(method) && parameter?.Name == "expression");
        }

        /// <summary>
        /// <c>Enum.Parse&lt;T&gt;(value)</c>, <c>Enum.Parse(typeof(T), value)</c>, <c>Enum.TryParse&lt;T&gt;(value, out …)</c> whose
        /// failure throws, FluentValidation's <c>IsEnumName(typeof(T))</c>: T lists the tiers without legacy_full and its own
        /// declaration cannot carry the finding (it comes from a referenced assembly, or it is a request-side enum used to
        /// read a key record). An enum of the project is reported where it is declared, and its fix serves every parse.
        /// </summary>
        private static void AnalyzeEnumParse(InvocationExpressionSyntax invocation, SemanticModelAnalysisContext context)
        {
            var name = invocation.Expression is MemberAccessExpressionSyntax access ? access.Name : invocation.Expression as SimpleNameSyntax;
            var text = name?.Identifier.ValueText;
            if (name == null || !(text == "Parse" || text == "TryParse" || text == "IsEnumName") ||
                !(context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken).Symbol is IMethodSymbol method))
            {
                return;
            }

            var isEnumMethod = method.ContainingType?.SpecialType == SpecialType.System_Enum;
            if (!(isEnumMethod || (text == "IsEnumName" && IsFluentValidation(method))) ||
                (text == "TryParse" && !TierChecks.IsRejectedWhenFalse(invocation, _ => false)))
            {
                return;
            }

            var type = method.TypeArguments.Length == 1 ? method.TypeArguments[0] as INamedTypeSymbol : null;
            var typeOf = invocation.ArgumentList.Arguments.Select(a => a.Expression).OfType<TypeOfExpressionSyntax>().FirstOrDefault();
            if (typeOf != null)
            {
                type = context.SemanticModel.GetTypeInfo(typeOf.Type, context.CancellationToken).Type as INamedTypeSymbol;
            }

            if (type == null || type.TypeKind != TypeKind.Enum)
            {
                return;
            }

            var members = type.GetMembers().OfType<IFieldSymbol>().Where(f => f.IsConst).ToList();
            if (!PermissionModels.IsTierSet(members.SelectMany(PermissionModels.WireValues), out var hasLegacy) || hasLegacy)
            {
                return;
            }

            var inSource = type.Locations.Any(l => l.IsInSource);
            var requestSideEnum = PermissionModels.IsRequestSide(type.Name);
            var subject = invocation.ArgumentList.Arguments.FirstOrDefault(a => !(a.Expression is TypeOfExpressionSyntax))?.Expression.ToString() ?? string.Empty;
            if ((inSource && !requestSideEnum) || IsRequestSide(invocation, subject))
            {
                return;
            }

            var whatToDo = requestSideEnum
                ? "'" + type.Name + "' is a request-side enum and must not accept legacy_full: read key records into a response enum that has a LegacyFull member"
                : "'" + type.Name + "' comes from a referenced assembly and has no legacy_full member: handle \"legacy_full\" before parsing, or read into an enum of your own that has a LegacyFull member";
            var properties = ImmutableDictionary<string, string?>.Empty.Add(ModelKindProperty, "Parse").Add(CallProperties.WhatToDo, whatToDo);
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.PermissionModelMissingLegacyFull, name.Identifier.GetLocation(), properties, "Enum '" + type.Name + "', parsed here from a key record,"));
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

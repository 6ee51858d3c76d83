using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Saperly.Migration.Analyzers.Recognition
{
    /// <summary>How a switch's or if-chain's legacy_full branch is made from its full branch.</summary>
    internal readonly struct LegacyMapping
    {
        public LegacyMapping(string kind, string? legacyMember = null, string? whatToDo = null)
        {
            Kind = kind;
            LegacyMember = legacyMember;
            WhatToDo = whatToDo;
        }

        /// <summary><see cref="LegacyBranches.Member"/>, <see cref="LegacyBranches.Literal"/>, <see cref="LegacyBranches.Copy"/> or <see cref="LegacyBranches.None"/>.</summary>
        public string Kind { get; }

        public string? LegacyMember { get; }

        /// <summary>Why no branch can be made, as an action (Kind None).</summary>
        public string? WhatToDo { get; }
    }

    /// <summary>
    /// What the full branch of a tier check produces decides the legacy_full branch: an enum member for full becomes
    /// the enum's legacy_full member (which must exist), the string "full" becomes "legacy_full", anything else (a
    /// label, a flag, an object) is what a legacy_full key gets too: it has full access.
    /// </summary>
    internal static class LegacyBranches
    {
        /// <summary>The full branch's enum member accesses become the enum's legacy_full member.</summary>
        public const string Member = "Member";

        /// <summary>The full branch's "full" string literals become "legacy_full".</summary>
        public const string Literal = "Literal";

        /// <summary>The full branch is copied as it is.</summary>
        public const string Copy = "Copy";

        /// <summary>No branch can be made: no full branch, or its enum has no legacy_full member yet.</summary>
        public const string None = "None";

        public static LegacyMapping Mapping(SyntaxNode? fullBranch, SemanticModel model, CancellationToken cancellationToken)
        {
            if (fullBranch == null)
            {
                return new LegacyMapping(None, whatToDo: "add a legacy_full branch by hand: nothing here handles full to copy from");
            }

            var results = Results(fullBranch).ToList();
            foreach (var node in results.SelectMany(r => r.DescendantNodesAndSelf()))
            {
                if (!(node is MemberAccessExpressionSyntax || node is IdentifierNameSyntax) || node.Parent is MemberAccessExpressionSyntax parent && parent.Name == node)
                {
                    continue;
                }

                if (model.GetSymbolInfo(node, cancellationToken).Symbol is IFieldSymbol field && field.ContainingType?.TypeKind == TypeKind.Enum &&
                    PermissionModels.WireValues(field).Any(v => PermissionModels.NormalizesTo(v, "full")))
                {
                    var legacy = field.ContainingType.GetMembers().OfType<IFieldSymbol>()
                        .FirstOrDefault(f => f.IsConst && PermissionModels.WireValues(f).Any(v => PermissionModels.NormalizesTo(v, "legacyfull")));
                    return legacy != null
                        ? new LegacyMapping(Member, legacy.Name)
                        : new LegacyMapping(None, whatToDo: "add a legacy_full member to enum '" + field.ContainingType.Name + "' (SAP004 on the enum), then this fix maps \"legacy_full\" to it");
                }
            }

            return results.SelectMany(r => r.DescendantNodesAndSelf()).OfType<LiteralExpressionSyntax>().Any(IsFullLiteral)
                ? new LegacyMapping(Literal)
                : new LegacyMapping(Copy);
        }

        /// <summary>What a branch produces: a switch arm's expression, a section's statements, an if's statement.</summary>
        public static IEnumerable<SyntaxNode> Results(SyntaxNode branch)
        {
            switch (branch)
            {
                case SwitchExpressionArmSyntax arm:
                    return new SyntaxNode[] { arm.Expression };
                case SwitchSectionSyntax section:
                    return section.Statements;
                case IfStatementSyntax statement:
                    return new SyntaxNode[] { statement.Statement };
                default:
                    return Enumerable.Empty<SyntaxNode>();
            }
        }

        public static bool IsFullLiteral(LiteralExpressionSyntax literal) =>
            literal.IsKind(SyntaxKind.StringLiteralExpression) && literal.Token.ValueText == "full";
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Saperly.Migration.Analyzers.Model;

namespace Saperly.Migration.Analyzers.Recognition
{
    /// <summary>How code rejects a tier it does not list (the ModelKind of a SAP004 finding that is no declared model).</summary>
    internal static class TierCheckKinds
    {
        /// <summary>A switch expression or statement over tier strings whose default throws.</summary>
        public const string Switch = "Switch";

        /// <summary>Consecutive <c>if (value == "tier") return …;</c> statements followed by a throw.</summary>
        public const string IfChain = "IfChain";

        /// <summary>A predicate (<c>is "full" or …</c>, <c>== "full" || …</c>) whose false answer is rejected.</summary>
        public const string Predicate = "Predicate";

        /// <summary>A regular expression that is an alternation of the tiers (<c>^(full|call_only|…)$</c>).</summary>
        public const string Regex = "Regex";
    }

    /// <summary>
    /// One place in code that accepts the listed tiers and rejects anything else: what the finding points at, the value
    /// it checks, and (switches and if-chains) the branch taken for <c>full</c>, which a legacy_full branch copies.
    /// </summary>
    internal sealed class TierCheck
    {
        public TierCheck(string kind, SyntaxNode node, Location location, string subject, SyntaxNode? fullBranch)
        {
            Kind = kind;
            Node = node;
            Location = location;
            Subject = subject;
            FullBranch = fullBranch;
        }

        public string Kind { get; }

        /// <summary>The switch, the first if, the predicate or the literal: what a fix edits.</summary>
        public SyntaxNode Node { get; }

        public Location Location { get; }

        /// <summary>The checked value as written (<c>reader.GetString()</c>, <c>value</c>, a property name for a regex attribute).</summary>
        public string Subject { get; }

        /// <summary>The switch arm, switch section or if statement for <c>full</c>, when there is one.</summary>
        public SyntaxNode? FullBranch { get; }
    }

    /// <summary>
    /// Recognizes, on syntax alone, the other ways C# code rejects a permission tier it does not list: a switch with a
    /// throwing default, an if-chain ending in a throw, a predicate in a rejecting place (a FluentValidation <c>Must</c>,
    /// <c>if (!…) throw</c>, <c>… ? … : throw</c>) and a regular expression alternation. The checked values must be the
    /// tiers (see <see cref="PermissionModels.IsTierSet"/>) without legacy_full.
    /// </summary>
    internal static class TierChecks
    {
        public static TierCheck? OfSwitch(SwitchExpressionSyntax node)
        {
            var values = new List<string>();
            SyntaxNode? full = null;
            var throwingDefault = false;
            foreach (var arm in node.Arms)
            {
                if (IsCatchAll(arm.Pattern) && arm.WhenClause == null)
                {
                    throwingDefault = arm.Expression is ThrowExpressionSyntax;
                    continue;
                }

                var armValues = Constants(arm.Pattern);
                if (armValues == null || arm.WhenClause != null)
                {
                    continue;
                }

                values.AddRange(armValues);
                if (full == null && armValues.Any(IsFull))
                {
                    full = arm;
                }
            }

            return throwingDefault && LacksLegacyFull(values)
                ? new TierCheck(TierCheckKinds.Switch, node, node.SwitchKeyword.GetLocation(), node.GoverningExpression.ToString(), full)
                : null;
        }

        public static TierCheck? OfSwitch(SwitchStatementSyntax node)
        {
            var values = new List<string>();
            SyntaxNode? full = null;
            var throwingDefault = false;
            foreach (var section in node.Sections)
            {
                var sectionValues = new List<string>();
                foreach (var label in section.Labels)
                {
                    switch (label)
                    {
                        case DefaultSwitchLabelSyntax _:
                            throwingDefault = Throws(section.Statements);
                            break;
                        case CasePatternSwitchLabelSyntax pattern when pattern.WhenClause == null && IsCatchAll(pattern.Pattern):
                            throwingDefault = Throws(section.Statements);
                            break;
                        case CasePatternSwitchLabelSyntax pattern when pattern.WhenClause == null:
                            sectionValues.AddRange(Constants(pattern.Pattern) ?? Enumerable.Empty<string>());
                            break;
                        case CaseSwitchLabelSyntax @case when StringLiteral(@case.Value) is string value:
                            sectionValues.Add(value);
                            break;
                    }
                }

                values.AddRange(sectionValues);
                if (full == null && sectionValues.Any(IsFull))
                {
                    full = section;
                }
            }

            return throwingDefault && LacksLegacyFull(values)
                ? new TierCheck(TierCheckKinds.Switch, node, node.SwitchKeyword.GetLocation(), node.Expression.ToString(), full)
                : null;
        }

        /// <summary>
        /// <c>if (s == "full") return …; if (s == "call_only") return …; … throw …;</c>: the first if of a run of ifs, each
        /// comparing the same value with one tier string and leaving (return or throw), followed by a throw. Asked of the
        /// first if of the run only (the one whose previous statement is no such if).
        /// </summary>
        public static TierCheck? OfIfChain(IfStatementSyntax first)
        {
            if (!(first.Parent is BlockSyntax block) || Compared(first) == null)
            {
                return null;
            }

            var statements = block.Statements;
            var index = statements.IndexOf(first);
            if (index > 0 && statements[index - 1] is IfStatementSyntax previous && Compared(previous) != null)
            {
                return null;
            }

            var subject = Compared(first)!.Value.Subject;
            var values = new List<string>();
            SyntaxNode? full = null;
            var i = index;
            for (; i < statements.Count && statements[i] is IfStatementSyntax branch; i++)
            {
                var compared = Compared(branch);
                if (compared == null || compared.Value.Subject != subject || branch.Else != null || !Leaves(branch.Statement))
                {
                    return null;
                }

                values.Add(compared.Value.Value);
                if (full == null && IsFull(compared.Value.Value))
                {
                    full = branch;
                }
            }

            return i < statements.Count && statements[i] is ThrowStatementSyntax && LacksLegacyFull(values)
                ? new TierCheck(TierCheckKinds.IfChain, first, first.IfKeyword.GetLocation(), subject, full)
                : null;
        }

        /// <summary>
        /// A predicate over the tiers (<c>p is "full" or "call_only" or …</c>, <c>p == "full" || p == "call_only" || …</c>)
        /// in a place that rejects what it does not accept: the body of a FluentValidation <c>Must</c> lambda
        /// (<paramref name="isValidationLambda"/> decides, it binds), the negated condition of an if that throws, the
        /// condition of a conditional whose false arm throws. The outermost such expression only.
        /// </summary>
        public static TierCheck? OfPredicate(ExpressionSyntax predicate, Func<LambdaExpressionSyntax, bool> isValidationLambda)
        {
            if (predicate.Parent is BinaryExpressionSyntax parent && parent.IsKind(SyntaxKind.LogicalOrExpression))
            {
                return null;
            }

            // value is not ("full" or "call_only" or ...): the negation is the condition of an if that throws.
            if (predicate is IsPatternExpressionSyntax isNot && isNot.Pattern is UnaryPatternSyntax not && not.IsKind(SyntaxKind.NotPattern))
            {
                var rejected = Constants(not.Pattern);
                return rejected != null && LacksLegacyFull(rejected) && predicate.Parent is IfStatementSyntax guard && guard.Condition == predicate && ThrowsFirst(guard.Statement)
                    ? new TierCheck(TierCheckKinds.Predicate, predicate, predicate.GetLocation(), isNot.Expression.ToString(), null)
                    : null;
            }

            var tested = Tested(predicate);
            if (tested == null || !LacksLegacyFull(tested.Value.Values) || !Rejects(predicate, isValidationLambda))
            {
                return null;
            }

            return new TierCheck(TierCheckKinds.Predicate, predicate, predicate.GetLocation(), tested.Value.Subject, null);
        }

        /// <summary>
        /// A string literal that is a regular expression accepting exactly the tiers (<c>^(full|call_only|sms_only)$</c>,
        /// <c>^(?:…)$</c>, the bare alternation), used as one: a <c>[RegularExpression]</c> or <c>[GeneratedRegex]</c>
        /// argument, or an argument of a call <paramref name="isRegexUse"/> recognizes (it binds).
        /// </summary>
        public static TierCheck? OfRegex(LiteralExpressionSyntax literal, Func<LiteralExpressionSyntax, bool> isRegexUse)
        {
            if (!TryReadAlternation(literal.Token.ValueText, out var alternatives, out _) || !LacksLegacyFull(alternatives))
            {
                return null;
            }

            var attribute = literal.Parent?.Parent?.Parent as AttributeSyntax;
            var name = attribute == null ? null : AttributeName(attribute.Name);
            var used = name == "RegularExpression" || name == "GeneratedRegex" || (attribute == null && isRegexUse(literal));
            return used ? new TierCheck(TierCheckKinds.Regex, literal, literal.GetLocation(), literal.Token.ValueText, null) : null;
        }

        /// <summary>
        /// Reads <c>^(a|b|c)$</c>, <c>^(?:a|b|c)$</c>, <c>^a|b|c$</c>-free forms and <c>a|b|c</c>: the alternatives (each
        /// a plain tier spelling) and the index in the pattern after the last one, where another goes.
        /// </summary>
        public static bool TryReadAlternation(string pattern, out List<string> alternatives, out int insertAt)
        {
            alternatives = new List<string>();
            insertAt = -1;
            var start = 0;
            var end = pattern.Length;
            if (pattern.StartsWith("^", StringComparison.Ordinal) && pattern.EndsWith("$", StringComparison.Ordinal))
            {
                start++;
                end--;
            }

            if (end - start > 2 && pattern[start] == '(' && pattern[end - 1] == ')')
            {
                start += pattern.IndexOf("(?:", start, StringComparison.Ordinal) == start ? 3 : 1;
                end--;
            }
            else if (start == 1)
            {
                // ^full|call_only$ anchors only the first and last alternative: not an allow-list.
                return false;
            }

            if (end <= start)
            {
                return false;
            }

            foreach (var alternative in pattern.Substring(start, end - start).Split('|'))
            {
                if (alternative.Length == 0 || alternative.Any(c => !(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))))
                {
                    return false;
                }

                alternatives.Add(alternative);
            }

            insertAt = end;
            return alternatives.Count >= 3;
        }

        /// <summary>
        /// Whether the values are the tiers without legacy_full, and nothing else: a mobile plan's
        /// <c>"full"</c>, <c>"call_only"</c>, <c>"sms_only"</c>, <c>"data_only"</c> is someone else's set.
        /// </summary>
        private static bool LacksLegacyFull(List<string> values) =>
            values.Count >= 3 && values.All(v => SaperlyApi.AllPermissions.Contains(v)) && PermissionModels.IsTierSet(values, out var hasLegacy) && !hasLegacy;

        private static bool IsFull(string value) => value == "full";

        private static bool IsCatchAll(PatternSyntax pattern) =>
            pattern is DiscardPatternSyntax || (pattern is VarPatternSyntax var && var.Designation is SingleVariableDesignationSyntax);

        /// <summary>The string constants of a constant pattern or an <c>or</c> of them; null for any other pattern.</summary>
        private static List<string>? Constants(PatternSyntax pattern)
        {
            switch (pattern)
            {
                case ConstantPatternSyntax constant when StringLiteral(constant.Expression) is string value:
                    return new List<string> { value };
                case BinaryPatternSyntax binary when binary.IsKind(SyntaxKind.OrPattern):
                    var left = Constants(binary.Left);
                    var right = Constants(binary.Right);
                    return left == null || right == null ? null : left.Concat(right).ToList();
                case ParenthesizedPatternSyntax parenthesized:
                    return Constants(parenthesized.Pattern);
                default:
                    return null;
            }
        }

        private static string? StringLiteral(ExpressionSyntax expression) =>
            expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression) ? literal.Token.ValueText : null;

        /// <summary>Whether a switch section's statements end by throwing (<c>default: throw …;</c>, or a block doing so).</summary>
        private static bool Throws(SyntaxList<StatementSyntax> statements)
        {
            var last = statements.LastOrDefault();
            return last is ThrowStatementSyntax || (last is BlockSyntax block && Throws(block.Statements));
        }

        /// <summary>Whether a branch leaves the method: a return or throw, alone or last in a block.</summary>
        private static bool Leaves(StatementSyntax statement) =>
            statement is ReturnStatementSyntax || statement is ThrowStatementSyntax ||
            (statement is BlockSyntax block && block.Statements.LastOrDefault() is StatementSyntax last && Leaves(last));

        /// <summary>The value an if compares with one string (<c>s == "x"</c>, <c>"x" == s</c>, <c>s is "x"</c>, <c>s.Equals("x")</c>, <c>string.Equals(s, "x")</c>).</summary>
        private static (string Subject, string Value)? Compared(IfStatementSyntax statement) => Comparison(statement.Condition);

        private static (string Subject, string Value)? Comparison(ExpressionSyntax condition)
        {
            switch (condition)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return Comparison(parenthesized.Expression);
                case BinaryExpressionSyntax equals when equals.IsKind(SyntaxKind.EqualsExpression):
                    return StringLiteral(equals.Right) is string right ? (equals.Left.ToString(), right)
                        : StringLiteral(equals.Left) is string left ? (equals.Right.ToString(), left) : ((string, string)?)null;
                case IsPatternExpressionSyntax isPattern when isPattern.Pattern is ConstantPatternSyntax constant && StringLiteral(constant.Expression) is string value:
                    return (isPattern.Expression.ToString(), value);
                case InvocationExpressionSyntax call when call.Expression is MemberAccessExpressionSyntax access && access.Name.Identifier.ValueText == "Equals":
                    var arguments = call.ArgumentList.Arguments;
                    if (arguments.Count >= 1 && StringLiteral(arguments[0].Expression) is string instanceValue && !(access.Expression is PredefinedTypeSyntax))
                    {
                        return (access.Expression.ToString(), instanceValue);
                    }

                    if (arguments.Count >= 2 && access.Expression is PredefinedTypeSyntax && StringLiteral(arguments[1].Expression) is string staticValue)
                    {
                        return (arguments[0].Expression.ToString(), staticValue);
                    }

                    return null;
                default:
                    return null;
            }
        }

        /// <summary>The value a predicate tests and the strings it accepts: an <c>is</c> with an or-pattern, or an <c>||</c> of comparisons.</summary>
        private static (string Subject, List<string> Values)? Tested(ExpressionSyntax predicate)
        {
            switch (predicate)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return Tested(parenthesized.Expression);
                case IsPatternExpressionSyntax isPattern when Constants(isPattern.Pattern) is List<string> values:
                    return (isPattern.Expression.ToString(), values);
                case BinaryExpressionSyntax either when either.IsKind(SyntaxKind.LogicalOrExpression):
                    var left = Tested(either.Left);
                    var right = Tested(either.Right);
                    return left != null && right != null && left.Value.Subject == right.Value.Subject
                        ? (left.Value.Subject, left.Value.Values.Concat(right.Value.Values).ToList())
                        : ((string, List<string>)?)null;
                default:
                    var comparison = Comparison(predicate);
                    return comparison == null ? ((string, List<string>)?)null : (comparison.Value.Subject, new List<string> { comparison.Value.Value });
            }
        }

        /// <summary>Whether the predicate's false answer is rejected: a validation lambda's result, <c>if (!p) throw</c>, <c>p ? … : throw</c>.</summary>
        private static bool Rejects(ExpressionSyntax predicate, Func<LambdaExpressionSyntax, bool> isValidationLambda)
        {
            var outer = predicate;
            while (outer.Parent is ParenthesizedExpressionSyntax parenthesized)
            {
                outer = parenthesized;
            }

            switch (outer.Parent)
            {
                case LambdaExpressionSyntax lambda when lambda.Body == outer:
                    return isValidationLambda(lambda);
                case PrefixUnaryExpressionSyntax not when not.IsKind(SyntaxKind.LogicalNotExpression):
                    return not.Parent is IfStatementSyntax statement && statement.Condition == not && Leaves(statement.Statement) && ThrowsFirst(statement.Statement);
                case ConditionalExpressionSyntax conditional when conditional.Condition == outer:
                    return conditional.WhenFalse is ThrowExpressionSyntax;
                default:
                    return false;
            }
        }

        /// <summary>Whether an expression's false answer is rejected (<see cref="OfPredicate"/>): also asked of <c>Enum.TryParse</c> calls.</summary>
        public static bool IsRejectedWhenFalse(ExpressionSyntax expression, Func<LambdaExpressionSyntax, bool> isValidationLambda) => Rejects(expression, isValidationLambda);

        private static bool ThrowsFirst(StatementSyntax statement) =>
            statement is ThrowStatementSyntax || (statement is BlockSyntax block && block.Statements.FirstOrDefault() is ThrowStatementSyntax);

        private static string? AttributeName(NameSyntax name)
        {
            var simple = name is QualifiedNameSyntax qualified ? qualified.Right.Identifier.ValueText
                : name is SimpleNameSyntax plain ? plain.Identifier.ValueText : null;
            return simple != null && simple.EndsWith("Attribute", StringComparison.Ordinal) ? simple.Substring(0, simple.Length - 9) : simple;
        }
    }
}

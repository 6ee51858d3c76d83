using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Saperly.Migration.Analyzers.Model;
using Saperly.Migration.Analyzers.Recognition;
using Saperly.Migration.CodeFixes.Syntax;

namespace Saperly.Migration.CodeFixes.Permissions
{
    /// <summary>SAP004's rewrites: add legacy_full to an enum, an allow-list or the enum arrays of a JSON schema string, in the model's own style.</summary>
    internal static class LegacyFullRewriter
    {
        public const string DocSummary = "<summary>Response-only: keys minted before v0.5.7.0. Cannot be sent on POST/PATCH.</summary>";

        private static readonly string LegacyFull = SaperlyApi.LegacyFull;

        /// <summary>The node the diagnostic points at: an enum declaration, a list, or a string literal.</summary>
        public static SyntaxNode? FindTarget(SyntaxNode root, TextSpan span, string? kind)
        {
            var target = FindModel(root, span, kind);

            // A model with syntax errors (a cut-off enum, an unterminated string) is left alone: an
            // insertion there lands in the wrong place and can only make the code parse worse.
            return target == null || target.ContainsDiagnostics ? null : target;
        }

        private static SyntaxNode? FindModel(SyntaxNode root, TextSpan span, string? kind)
        {
            if (!root.FullSpan.Contains(span))
            {
                return null;
            }

            switch (kind)
            {
                case "Enum":
                    return root.FindToken(span.Start).Parent?.AncestorsAndSelf().OfType<EnumDeclarationSyntax>().FirstOrDefault();
                case "AllowList":
                    return root.FindNode(span, false, true).AncestorsAndSelf()
                        .FirstOrDefault(n => (n is InitializerExpressionSyntax || n is CollectionExpressionSyntax) && n.Span == span);
                case "Schema":
                    return root.FindNode(span, false, true).AncestorsAndSelf()
                        .OfType<LiteralExpressionSyntax>().FirstOrDefault(l => l.IsKind(SyntaxKind.StringLiteralExpression));
                default:
                    return null;
            }
        }

        public static async Task<Document> FixAsync(Document document, TextSpan span, string? kind, string? wireStyle, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var target = root == null ? null : FindTarget(root, span, kind);
            if (root == null || target == null || Editable.IsGenerated(document, root.SyntaxTree))
            {
                return document;
            }

            SyntaxNode? replacement;
            switch (target)
            {
                case EnumDeclarationSyntax enumDeclaration:
                    var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                    replacement = model == null ? null : WithLegacyMember(enumDeclaration, wireStyle, model, cancellationToken);
                    break;
                case InitializerExpressionSyntax initializer:
                    replacement = initializer.WithExpressions(Lists.Append(initializer.Expressions, (ExpressionSyntax)NewLiteral(initializer.Expressions)));
                    break;
                case CollectionExpressionSyntax collection:
                    var literals = collection.Elements.OfType<ExpressionElementSyntax>().Select(e => e.Expression);
                    replacement = collection.WithElements(Lists.Append(collection.Elements, (CollectionElementSyntax)SyntaxFactory.ExpressionElement(NewLiteral(literals))));
                    break;
                case LiteralExpressionSyntax literal:
                    replacement = WithLegacyInSchema(literal);
                    break;
                default:
                    replacement = null;
                    break;
            }

            return replacement == null ? document : document.WithSyntaxRoot(root.ReplaceNode(target, replacement));
        }

        /// <summary><c>"legacy_full"</c>, verbatim when the list's literals are.</summary>
        private static ExpressionSyntax NewLiteral(IEnumerable<ExpressionSyntax> siblings)
        {
            var verbatim = siblings.OfType<LiteralExpressionSyntax>().Any(l => l.Token.Text.StartsWith("@", StringComparison.Ordinal));
            var text = (verbatim ? "@\"" : "\"") + LegacyFull + "\"";
            return SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(default, text, LegacyFull, default));
        }

        // ---- enums -------------------------------------------------------------------------------

        private static EnumDeclarationSyntax? WithLegacyMember(EnumDeclarationSyntax declaration, string? wireStyle, SemanticModel model, CancellationToken cancellationToken)
        {
            var members = declaration.Members;
            if (members.Count == 0)
            {
                return null;
            }

            var last = members[members.Count - 1];
            var tree = declaration.SyntaxTree;
            var multiLine = Lists.OnDifferentLines(tree, last.GetFirstToken().GetPreviousToken().Span.End, last.SpanStart);
            var indent = Layout.Whitespace(Layout.LineIndentation(last));
            var eol = Layout.EndOfLine(declaration);

            // Tokens without elastic trivia: the cleanup would otherwise reformat the new member its own way.
            var identifier = SyntaxFactory.Identifier(SyntaxFactory.TriviaList(), MemberName(members), SyntaxFactory.TriviaList());
            var member = SyntaxFactory.EnumMemberDeclaration(identifier);

            var attribute = WireAttribute(members, wireStyle);
            if (attribute != null)
            {
                var ownLine = attribute.Value.List.CloseBracketToken.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
                var list = attribute.Value.List.WithAttributes(SyntaxFactory.SingletonSeparatedList(attribute.Value.Attribute)).WithoutTrivia()
                    .WithTrailingTrivia(ownLine ? SyntaxFactory.TriviaList(eol) : SyntaxFactory.TriviaList(SyntaxFactory.Space));
                member = member.WithAttributeLists(SyntaxFactory.SingletonList(list))
                    .WithIdentifier(ownLine ? identifier.WithLeadingTrivia(indent) : identifier);
            }

            var value = NextValue(declaration, model, cancellationToken);
            var valued = members.FirstOrDefault(m => m.EqualsValue != null);
            if (value != null && valued != null)
            {
                var literal = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(value.Value));
                member = member.WithIdentifier(member.Identifier.WithTrailingTrivia(valued.Identifier.TrailingTrivia))
                    .WithEqualsValue(valued.EqualsValue!.WithValue(literal.WithTriviaFrom(valued.EqualsValue.Value)));
            }

            var appended = Lists.Append(members, member);
            var added = appended[appended.Count - 1];
            var doc = multiLine
                ? indent.Add(SyntaxFactory.Comment("/// " + DocSummary)).Add(eol).AddRange(indent)
                : SyntaxFactory.TriviaList(SyntaxFactory.Comment("/** " + DocSummary + " */"), SyntaxFactory.Space);
            appended = appended.Replace(added, added.WithLeadingTrivia(doc));
            return declaration.WithMembers(appended);
        }

        /// <summary>LegacyFull, legacy_full (snake_case members) or LEGACY_FULL (upper snake).</summary>
        private static string MemberName(SeparatedSyntaxList<EnumMemberDeclarationSyntax> members)
        {
            var names = members.Select(m => m.Identifier.ValueText).ToList();
            if (names.All(n => n == n.ToLowerInvariant()))
            {
                return LegacyFull;
            }

            if (names.All(n => n == n.ToUpperInvariant()) && names.Any(n => n.IndexOf('_') >= 0 || n.Length > 1))
            {
                return LegacyFull.ToUpperInvariant();
            }

            return "LegacyFull";
        }

        /// <summary>The siblings' serialization attribute, copied with "legacy_full" as its value.</summary>
        private static (AttributeListSyntax List, AttributeSyntax Attribute)? WireAttribute(SeparatedSyntaxList<EnumMemberDeclarationSyntax> members, string? wireStyle)
        {
            var wanted = wireStyle switch
            {
                nameof(EnumWireStyle.JsonStringEnumMemberName) => "JsonStringEnumMemberName",
                nameof(EnumWireStyle.EnumMember) => "EnumMember",
                nameof(EnumWireStyle.JsonPropertyName) => "JsonPropertyName",
                _ => null,
            };
            if (wanted == null)
            {
                return null;
            }

            foreach (var member in members)
            {
                foreach (var list in member.AttributeLists)
                {
                    foreach (var attribute in list.Attributes)
                    {
                        var name = SimpleName(attribute.Name);
                        if (name != wanted && name != wanted + "Attribute")
                        {
                            continue;
                        }

                        var value = attribute.ArgumentList?.Arguments.Select(a => a.Expression).OfType<LiteralExpressionSyntax>()
                            .FirstOrDefault(l => l.IsKind(SyntaxKind.StringLiteralExpression));
                        if (value == null)
                        {
                            continue;
                        }

                        var replaced = attribute.ReplaceNode(value, SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(LegacyFull)).WithTriviaFrom(value));
                        return (list, replaced);
                    }
                }
            }

            return null;
        }

        private static string SimpleName(NameSyntax name) => name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => name.ToString(),
        };

        /// <summary>One past the largest value (the next power of two in a [Flags] enum); null when no member has an explicit value.</summary>
        private static int? NextValue(EnumDeclarationSyntax declaration, SemanticModel model, CancellationToken cancellationToken)
        {
            if (!declaration.Members.Any(m => m.EqualsValue != null) || !(model.GetDeclaredSymbol(declaration, cancellationToken) is INamedTypeSymbol type))
            {
                return null;
            }

            var values = type.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue)
                .Select(f => Convert.ToInt64(f.ConstantValue, CultureInfo.InvariantCulture)).ToList();
            var max = values.Count == 0 ? -1 : values.Max();
            var flags = type.GetAttributes().Any(a => a.AttributeClass?.Name == "FlagsAttribute");
            if (flags)
            {
                long next = 1;
                while (next <= max)
                {
                    next <<= 1;
                }

                return next > int.MaxValue ? (int?)null : (int)next;
            }

            return max + 1 > int.MaxValue ? (int?)null : (int)(max + 1);
        }

        // ---- schema strings ----------------------------------------------------------------------

        /// <summary>Adds "legacy_full" to every tier <c>"enum": [...]</c> array in the literal, in its own escaping and spacing.</summary>
        private static LiteralExpressionSyntax? WithLegacyInSchema(LiteralExpressionSyntax literal)
        {
            var token = literal.Token;
            var text = token.Text;
            string quote;
            if (token.IsKind(SyntaxKind.StringLiteralToken))
            {
                quote = text.StartsWith("@", StringComparison.Ordinal) ? "\"\"" : "\\\"";
            }
            else if (token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
            {
                quote = "\"";
            }
            else
            {
                return null;
            }

            // The token's text in its own escaping, and its value with plain quotes: the same insertions in both, so
            // the new token is built from them and nothing is parsed.
            var newText = WithLegacyInEnumArrays(text, quote);
            var newValue = WithLegacyInEnumArrays(token.ValueText, "\"");
            if (newText == null || newValue == null)
            {
                return null;
            }

            var newToken = token.IsKind(SyntaxKind.StringLiteralToken)
                ? SyntaxFactory.Literal(token.LeadingTrivia, newText, newValue, token.TrailingTrivia)
                : SyntaxFactory.Token(token.LeadingTrivia, token.Kind(), newText, newValue, token.TrailingTrivia);
            return literal.WithToken(newToken);
        }

        /// <summary>The text with "legacy_full" after the last value of every tier <c>"enum": [...]</c> array (quotes spelled <paramref name="quote"/>), or null when none lacks it.</summary>
        private static string? WithLegacyInEnumArrays(string text, string quote)
        {
            var q = Regex.Escape(quote);
            var arrays = new Regex(q + "enum" + q + @"\s*:\s*\[(?<items>[^\]]*)\]", RegexOptions.CultureInvariant);
            var item = new Regex(q + "(?<v>[A-Za-z_]*)" + q, RegexOptions.CultureInvariant);
            var edits = new List<(int Position, string Insert)>();
            foreach (Match array in arrays.Matches(text))
            {
                var itemsGroup = array.Groups["items"];
                var values = item.Matches(itemsGroup.Value).Cast<Match>().ToList();
                var names = values.Select(v => v.Groups["v"].Value).ToList();
                if (values.Count == 0 || !names.All(n => SaperlyApi.AllPermissions.Contains(n)) || !PermissionModels.IsTierSet(names, out var hasLegacy) || hasLegacy)
                {
                    continue;
                }

                var separator = values.Count > 1
                    ? itemsGroup.Value.Substring(values[0].Index + values[0].Length, values[1].Index - values[0].Index - values[0].Length)
                    : ", ";
                var lastValue = values[values.Count - 1];
                edits.Add((itemsGroup.Index + lastValue.Index + lastValue.Length, separator + quote + LegacyFull + quote));
            }

            if (edits.Count == 0)
            {
                return null;
            }

            var builder = new StringBuilder(text);
            foreach (var edit in edits.OrderByDescending(e => e.Position))
            {
                builder.Insert(edit.Position, edit.Insert);
            }

            return builder.ToString();
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Saperly.Migration.Analyzers.Model;

namespace Saperly.Migration.Analyzers.Recognition
{
    /// <summary>How an enum's members spell the permission tiers on the wire.</summary>
    internal enum EnumWireStyle
    {
        /// <summary>No attribute: a naming policy or converter maps the member names.</summary>
        None,
        JsonStringEnumMemberName,
        EnumMember,
        JsonPropertyName,
    }

    /// <summary>
    /// Recognizes strict permission models: the tier values as enum members, string allow-lists and
    /// JSON-schema enum arrays. A model is "of the permission tiers" when it names call_only and sms_only
    /// (distinctive) and at least one of full or read_only; <c>Full</c>/<c>ReadOnly</c> alone say nothing.
    /// </summary>
    internal static class PermissionModels
    {
        private static readonly string[] RequestWords = { "request", "settable", "create", "update", "input", "mint", "patch", "writable", "assignable" };
        // Built on first use: every compilation asks IsRequestSide and IsTierSet, few ever hold a JSON schema.
        private static Regex? _schemaEnum;
        private static Regex? _quotedValue;

        private static Regex SchemaEnum => _schemaEnum ??= new Regex("\"enum\"\\s*:\\s*\\[(?<items>[^\\]]*)\\]", RegexOptions.Singleline | RegexOptions.CultureInvariant);
        private static Regex QuotedValue => _quotedValue ??= new Regex("\"(?<v>[^\"]*)\"", RegexOptions.CultureInvariant);

        /// <summary>"call_only", "CallOnly", "CALL_ONLY" → "callonly".</summary>
        public static string Normalize(string value)
        {
            var chars = new System.Text.StringBuilder(value.Length);
            foreach (var c in value)
            {
                if (char.IsLetterOrDigit(c))
                {
                    chars.Append(char.ToLowerInvariant(c));
                }
            }

            return chars.ToString();
        }

        /// <summary>
        /// Whether the values name the tiers (and so are a permission model), and whether legacy_full is among them.
        /// Every enum of a file that declares one is asked this, so it compares each value with the tier names as it
        /// normalizes it, without building a string or a set per enum.
        /// </summary>
        public static bool IsTierSet(IEnumerable<string> values, out bool hasLegacyFull)
        {
            bool callOnly = false, smsOnly = false, full = false, readOnly = false;
            hasLegacyFull = false;
            foreach (var value in values)
            {
                callOnly |= NormalizesTo(value, "callonly");
                smsOnly |= NormalizesTo(value, "smsonly");
                full |= NormalizesTo(value, "full");
                readOnly |= NormalizesTo(value, "readonly");
                hasLegacyFull |= NormalizesTo(value, "legacyfull");
            }

            return callOnly && smsOnly && (full || readOnly);
        }

        /// <summary>Whether <see cref="Normalize"/> would turn the value into <paramref name="normalized"/> (lower-case letters and digits).</summary>
        internal static bool NormalizesTo(string value, string normalized)
        {
            var matched = 0;
            foreach (var c in value)
            {
                if (!char.IsLetterOrDigit(c))
                {
                    continue;
                }

                if (matched == normalized.Length || char.ToLowerInvariant(c) != normalized[matched])
                {
                    return false;
                }

                matched++;
            }

            return matched == normalized.Length;
        }

        /// <summary>A name that says the model is for requests, where legacy_full cannot be sent.</summary>
        public static bool IsRequestSide(string? name)
        {
            if (name == null)
            {
                return false;
            }

            foreach (var word in RequestWords)
            {
                if (name.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The wire values of an enum's members read from its declaration alone (each member's name and the literal
        /// value of any serialization attribute) and the style of the first member with such an attribute. False when
        /// only the symbols can tell: an attribute of another name (an alias may hide a serialization attribute) or a
        /// serialization value that is not a string literal (a constant). Same answer as <see cref="WireValues"/> and
        /// <see cref="StyleOf"/>, without binding anything.
        /// </summary>
        public static bool TryReadWireValues(EnumDeclarationSyntax declaration, out List<string> values, out EnumWireStyle style)
        {
            values = new List<string>(declaration.Members.Count);
            style = EnumWireStyle.None;
            foreach (var member in declaration.Members)
            {
                values.Add(member.Identifier.ValueText);
                foreach (var list in member.AttributeLists)
                {
                    foreach (var attribute in list.Attributes)
                    {
                        if (!TryReadWireValue(attribute, out var value, out var attributeStyle))
                        {
                            return false;
                        }

                        if (value != null)
                        {
                            values.Add(value);
                        }

                        if (style == EnumWireStyle.None)
                        {
                            style = attributeStyle;
                        }
                    }
                }
            }

            return true;
        }

        private static bool TryReadWireValue(AttributeSyntax attribute, out string? value, out EnumWireStyle style)
        {
            value = null;
            style = EnumWireStyle.None;
            var name = SimpleName(attribute.Name);
            if (name != null && name.EndsWith("Attribute", StringComparison.Ordinal))
            {
                name = name.Substring(0, name.Length - "Attribute".Length);
            }

            var arguments = attribute.ArgumentList?.Arguments ?? default(SeparatedSyntaxList<AttributeArgumentSyntax>);
            switch (name)
            {
                case "JsonStringEnumMemberName":
                case "JsonPropertyName":
                case "Description":
                    style = name == "Description" ? EnumWireStyle.None
                        : name == "JsonPropertyName" ? EnumWireStyle.JsonPropertyName : EnumWireStyle.JsonStringEnumMemberName;
                    var positional = arguments.Where(a => a.NameEquals == null).ToList();
                    return positional.Count != 1 || TryLiteral(positional[0].Expression, out value);
                case "EnumMember":
                    style = EnumWireStyle.EnumMember;
                    var named = arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "Value");
                    return named == null || TryLiteral(named.Expression, out value);
                default:
                    return false;
            }
        }

        private static bool TryLiteral(ExpressionSyntax expression, out string? value)
        {
            value = expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression) ? literal.Token.ValueText : null;
            return value != null;
        }

        private static string? SimpleName(NameSyntax name)
        {
            switch (name)
            {
                case IdentifierNameSyntax identifier:
                    return identifier.Identifier.ValueText;
                case QualifiedNameSyntax qualified:
                    return SimpleName(qualified.Right);
                case AliasQualifiedNameSyntax alias:
                    return SimpleName(alias.Name);
                default:
                    return null;
            }
        }

        /// <summary>The wire values of an enum member: its name plus any serialization attribute's value.</summary>
        public static IEnumerable<string> WireValues(IFieldSymbol member)
        {
            yield return member.Name;
            foreach (var attribute in member.GetAttributes())
            {
                var value = WireValue(attribute);
                if (value != null)
                {
                    yield return value;
                }
            }
        }

        public static EnumWireStyle StyleOf(IFieldSymbol member)
        {
            foreach (var attribute in member.GetAttributes())
            {
                switch (attribute.AttributeClass?.Name)
                {
                    case "JsonStringEnumMemberNameAttribute":
                        return EnumWireStyle.JsonStringEnumMemberName;
                    case "EnumMemberAttribute":
                        return EnumWireStyle.EnumMember;
                    case "JsonPropertyNameAttribute":
                        return EnumWireStyle.JsonPropertyName;
                }
            }

            return EnumWireStyle.None;
        }

        private static string? WireValue(AttributeData attribute)
        {
            switch (attribute.AttributeClass?.Name)
            {
                case "JsonStringEnumMemberNameAttribute":
                case "JsonPropertyNameAttribute":
                case "DescriptionAttribute":
                    return attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
                case "EnumMemberAttribute":
                    foreach (var named in attribute.NamedArguments)
                    {
                        if (named.Key == "Value")
                        {
                            return named.Value.Value as string;
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }

        /// <summary>The JSON-schema <c>"enum": [...]</c> arrays in a string that list the tiers without legacy_full.</summary>
        public static bool SchemaLacksLegacyFull(string text)
        {
            if (text.IndexOf("\"enum\"", StringComparison.Ordinal) < 0)
            {
                return false;
            }

            foreach (Match match in SchemaEnum.Matches(text))
            {
                var values = QuotedValue.Matches(match.Groups["items"].Value).Cast<Match>().Select(m => m.Groups["v"].Value).ToList();
                if (values.All(v => SaperlyApi.AllPermissions.Contains(v)) && IsTierSet(values, out var hasLegacy) && !hasLegacy)
                {
                    return true;
                }
            }

            return false;
        }
    }
}

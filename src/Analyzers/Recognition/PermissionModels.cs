using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
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

        /// <summary>Whether the values name the tiers (and so are a permission model), and whether legacy_full is among them.</summary>
        public static bool IsTierSet(IEnumerable<string> values, out bool hasLegacyFull)
        {
            var normalized = new HashSet<string>(StringComparer.Ordinal);
            foreach (var value in values)
            {
                normalized.Add(Normalize(value));
            }

            hasLegacyFull = normalized.Contains("legacyfull");
            return normalized.Contains("callonly") && normalized.Contains("smsonly") && (normalized.Contains("full") || normalized.Contains("readonly"));
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

using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Saperly.Migration.Analyzers.Rules;
using VerifyCS = Saperly.Migration.Tests.Verifiers.CodeFixVerifier<
    Saperly.Migration.Analyzers.Rules.PermissionModelMissingLegacyFullAnalyzer,
    Saperly.Migration.CodeFixes.PermissionModelMissingLegacyFullCodeFix>;

namespace Saperly.Migration.Tests
{
    public class SAP004_PermissionModelMissingLegacyFullCodeFixTests
    {
        private static DiagnosticResult Sap004(int location, string model) =>
            VerifyCS.Diagnostic(RuleIds.PermissionModelMissingLegacyFull).WithLocation(location).WithArguments(model);

        [Fact]
        public async Task PascalCaseEnum_OnePerLine_GetsADocumentedLegacyFullMember()
        {
            const string source = """
                public enum {|#0:KeyPermission|}
                {
                    Full,
                    CallOnly,
                    SmsOnly,
                    ReadOnly
                }
                """;
            const string fixedSource = """
                public enum KeyPermission
                {
                    Full,
                    CallOnly,
                    SmsOnly,
                    ReadOnly,
                    /// <summary>Response-only: keys minted before v0.5.7.0. Cannot be sent on POST/PATCH.</summary>
                    LegacyFull
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap004(0, "Enum 'KeyPermission'"));
        }

        [Fact]
        public async Task SingleLineEnum_StaysOnOneLine()
        {
            const string source = """
                public enum {|#0:KeyPermission|} { Full, CallOnly, SmsOnly, ReadOnly }
                """;
            const string fixedSource = """
                public enum KeyPermission { Full, CallOnly, SmsOnly, ReadOnly, /** <summary>Response-only: keys minted before v0.5.7.0. Cannot be sent on POST/PATCH.</summary> */ LegacyFull }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap004(0, "Enum 'KeyPermission'"));
        }

        [Fact]
        public async Task SnakeCaseEnum_WithTrailingComma_GetsLegacyFullAndKeepsTheComma()
        {
            const string source = """
                public enum {|#0:permissions|}
                {
                    full,
                    call_only,
                    sms_only,
                    read_only,
                }
                """;
            const string fixedSource = """
                public enum permissions
                {
                    full,
                    call_only,
                    sms_only,
                    read_only,
                    /// <summary>Response-only: keys minted before v0.5.7.0. Cannot be sent on POST/PATCH.</summary>
                    legacy_full,
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap004(0, "Enum 'permissions'"));
        }

        [Fact]
        public async Task UpperSnakeEnum_GetsUpperSnakeMember()
        {
            const string source = """
                public enum {|#0:KeyTier|}
                {
                    FULL,
                    CALL_ONLY,
                    SMS_ONLY
                }
                """;
            const string fixedSource = """
                public enum KeyTier
                {
                    FULL,
                    CALL_ONLY,
                    SMS_ONLY,
                    /// <summary>Response-only: keys minted before v0.5.7.0. Cannot be sent on POST/PATCH.</summary>
                    LEGACY_FULL
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap004(0, "Enum 'KeyTier'"));
        }

        [Fact]
        public async Task EnumMemberAttributes_AndExplicitValues_AreFollowed()
        {
            const string source = """
                using System.Runtime.Serialization;

                public enum {|#0:Tier|}
                {
                    [EnumMember(Value = "full")] All = 1,
                    [EnumMember(Value = "call_only")] Voice = 2,
                    [EnumMember(Value = "sms_only")] Text = 3,
                }
                """;
            const string fixedSource = """
                using System.Runtime.Serialization;

                public enum Tier
                {
                    [EnumMember(Value = "full")] All = 1,
                    [EnumMember(Value = "call_only")] Voice = 2,
                    [EnumMember(Value = "sms_only")] Text = 3,
                    /// <summary>Response-only: keys minted before v0.5.7.0. Cannot be sent on POST/PATCH.</summary>
                    [EnumMember(Value = "legacy_full")] LegacyFull = 4,
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap004(0, "Enum 'Tier'"));
        }

        [Fact]
        public async Task JsonStringEnumMemberNameOnItsOwnLine_IsFollowed()
        {
            const string source = """
                using System.Text.Json.Serialization;

                [JsonConverter(typeof(JsonStringEnumConverter<KeyPermission>))]
                public enum {|#0:KeyPermission|}
                {
                    /// <summary>Everything.</summary>
                    [JsonStringEnumMemberName("full")]
                    Full,
                    [JsonStringEnumMemberName("call_only")]
                    CallOnly,
                    [JsonStringEnumMemberName("sms_only")]
                    SmsOnly,
                }

                namespace System.Text.Json.Serialization
                {
                    // .NET 9's attribute, for the .NET 8 reference assemblies the tests compile against.
                    [AttributeUsage(AttributeTargets.Field)]
                    public sealed class JsonStringEnumMemberNameAttribute(string name) : Attribute { public string Name => name; }
                }
                """;
            const string fixedSource = """
                using System.Text.Json.Serialization;

                [JsonConverter(typeof(JsonStringEnumConverter<KeyPermission>))]
                public enum KeyPermission
                {
                    /// <summary>Everything.</summary>
                    [JsonStringEnumMemberName("full")]
                    Full,
                    [JsonStringEnumMemberName("call_only")]
                    CallOnly,
                    [JsonStringEnumMemberName("sms_only")]
                    SmsOnly,
                    /// <summary>Response-only: keys minted before v0.5.7.0. Cannot be sent on POST/PATCH.</summary>
                    [JsonStringEnumMemberName("legacy_full")]
                    LegacyFull,
                }

                namespace System.Text.Json.Serialization
                {
                    // .NET 9's attribute, for the .NET 8 reference assemblies the tests compile against.
                    [AttributeUsage(AttributeTargets.Field)]
                    public sealed class JsonStringEnumMemberNameAttribute(string name) : Attribute { public string Name => name; }
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap004(0, "Enum 'KeyPermission'"));
        }

        [Fact]
        public async Task JsonPropertyNameStyle_IsFollowed()
        {
            const string source = """
                using System.Text.Json.Serialization;

                public enum {|#0:KeyScope|}
                {
                    [JsonPropertyName("call_only")] A,
                    [JsonPropertyName("sms_only")] B,
                    [JsonPropertyName("read_only")] C
                }
                """;
            const string fixedSource = """
                using System.Text.Json.Serialization;

                public enum KeyScope
                {
                    [JsonPropertyName("call_only")] A,
                    [JsonPropertyName("sms_only")] B,
                    [JsonPropertyName("read_only")] C,
                    /// <summary>Response-only: keys minted before v0.5.7.0. Cannot be sent on POST/PATCH.</summary>
                    [JsonPropertyName("legacy_full")] LegacyFull
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap004(0, "Enum 'KeyScope'"));
        }

        [Fact]
        public async Task AllowLists_InEveryCollectionSyntax_GetLegacyFull_FixAll()
        {
            const string source = """
                static class Validation
                {
                    static readonly HashSet<string> AllowedPermissions = new() {|#0:{ "full", "call_only", "sms_only", "read_only" }|};
                    static readonly string[] Known = {|#1:{ "full", "call_only", "sms_only", "read_only" }|};
                    static readonly IReadOnlyList<string> Tiers = {|#2:["call_only", "sms_only", "full"]|};
                    static readonly string[] PerLine = {|#3:new[]
                    {
                        "full",
                        "call_only",
                        "sms_only",
                    }|};
                }
                """;
            const string fixedSource = """
                static class Validation
                {
                    static readonly HashSet<string> AllowedPermissions = new() { "full", "call_only", "sms_only", "read_only", "legacy_full" };
                    static readonly string[] Known = { "full", "call_only", "sms_only", "read_only", "legacy_full" };
                    static readonly IReadOnlyList<string> Tiers = ["call_only", "sms_only", "full", "legacy_full"];
                    static readonly string[] PerLine = new[]
                    {
                        "full",
                        "call_only",
                        "sms_only",
                        "legacy_full",
                    };
                }
                """;
            var marked = source.Replace("{|#3:new[]\n    {", "new[]\n    {|#3:{").Replace("    }|};", "    }|};");
            await VerifyCS.VerifyAsync(marked, fixedSource,
                Sap004(0, "Allow-list 'AllowedPermissions'"),
                Sap004(1, "Allow-list 'Known'"),
                Sap004(2, "Allow-list 'Tiers'"),
                Sap004(3, "Allow-list 'PerLine'"));
        }

        [Fact]
        public async Task JsonSchemaStrings_GetLegacyFull_InTheirOwnEscaping()
        {
            const string source = """"
                static class Schemas
                {
                    public const string KeyRecord = {|#0:"""
                        { "type": "object", "properties": { "permissions": { "type": "string", "enum": ["full", "call_only", "sms_only", "read_only"] } } }
                        """|};
                    public const string Escaped = {|#1:"{\"properties\":{\"permissions\":{\"enum\":[\"full\",\"call_only\",\"sms_only\"]}}}"|};
                    public const string Verbatim = {|#2:@"{ ""properties"": { ""permissions"": { ""enum"": [""full"", ""call_only"", ""sms_only"", ""read_only""] } } }"|};
                }
                """";
            const string fixedSource = """"
                static class Schemas
                {
                    public const string KeyRecord = """
                        { "type": "object", "properties": { "permissions": { "type": "string", "enum": ["full", "call_only", "sms_only", "read_only", "legacy_full"] } } }
                        """;
                    public const string Escaped = "{\"properties\":{\"permissions\":{\"enum\":[\"full\",\"call_only\",\"sms_only\",\"legacy_full\"]}}}";
                    public const string Verbatim = @"{ ""properties"": { ""permissions"": { ""enum"": [""full"", ""call_only"", ""sms_only"", ""read_only"", ""legacy_full""] } } }";
                }
                """";
            await VerifyCS.VerifyAsync(source, fixedSource,
                Sap004(0, "JSON schema 'KeyRecord'"),
                Sap004(1, "JSON schema 'Escaped'"),
                Sap004(2, "JSON schema 'Verbatim'"));
        }

        [Fact]
        public async Task CrlfSource_StaysCrlf()
        {
            var source = """
                public enum {|#0:KeyPermission|}
                {
                    Full,
                    CallOnly,
                    SmsOnly,
                    ReadOnly
                }
                """.ReplaceLineEndings("\r\n");
            var fixedSource = """
                public enum KeyPermission
                {
                    Full,
                    CallOnly,
                    SmsOnly,
                    ReadOnly,
                    /// <summary>Response-only: keys minted before v0.5.7.0. Cannot be sent on POST/PATCH.</summary>
                    LegacyFull
                }
                """.ReplaceLineEndings("\r\n");
            Assert.DoesNotContain("\n", fixedSource.Replace("\r\n", ""));
            await VerifyCS.VerifyAsync(source, fixedSource, Sap004(0, "Enum 'KeyPermission'"));
        }

        [Fact]
        public async Task FixAll_InDocument_FixesEnumsListsAndSchemasTogether()
        {
            const string source = """
                public enum {|#0:KeyPermission|} { Full, CallOnly, SmsOnly, ReadOnly }
                public enum {|#1:Tier|} { full = 0, call_only = 1, sms_only = 2 }
                static class V
                {
                    static readonly string[] Allowed = {|#2:{ "full", "call_only", "sms_only" }|};
                    const string Schema = {|#3:"{\"enum\":[\"full\", \"call_only\", \"sms_only\"]}"|};
                }
                """;
            const string fixedSource = """
                public enum KeyPermission { Full, CallOnly, SmsOnly, ReadOnly, /** <summary>Response-only: keys minted before v0.5.7.0. Cannot be sent on POST/PATCH.</summary> */ LegacyFull }
                public enum Tier { full = 0, call_only = 1, sms_only = 2, /** <summary>Response-only: keys minted before v0.5.7.0. Cannot be sent on POST/PATCH.</summary> */ legacy_full = 3 }
                static class V
                {
                    static readonly string[] Allowed = { "full", "call_only", "sms_only", "legacy_full" };
                    const string Schema = "{\"enum\":[\"full\", \"call_only\", \"sms_only\", \"legacy_full\"]}";
                }
                """;
            var test = VerifyCS.Create(source, fixedSource);
            test.ExpectedDiagnostics.AddRange(new[]
            {
                Sap004(0, "Enum 'KeyPermission'"), Sap004(1, "Enum 'Tier'"), Sap004(2, "Allow-list 'Allowed'"), Sap004(3, "JSON schema 'Schema'"),
            });
            test.CodeActionEquivalenceKey = RuleIds.PermissionModelMissingLegacyFull;
            test.NumberOfFixAllInDocumentIterations = 1;
            test.NumberOfIncrementalIterations = 4;
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task GeneratedEnum_IsNeverTouched()
        {
            const string source = """
                // <auto-generated/>
                public enum KeyPermission { Full, CallOnly, SmsOnly, ReadOnly }
                """;
            await VerifyCS.VerifyAsync(source, source);
        }
    }
}

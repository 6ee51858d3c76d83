using System.Threading.Tasks;
using Saperly.Migration.Analyzers.Rules;
using VerifyCS = Saperly.Migration.Tests.Verifiers.AnalyzerVerifier<Saperly.Migration.Analyzers.Rules.PermissionModelMissingLegacyFullAnalyzer>;

namespace Saperly.Migration.Tests
{
    public class SAP004_PermissionModelMissingLegacyFullTests
    {
        [Fact]
        public async Task PascalCaseEnum_IsReported()
        {
            const string source = """
                public enum {|#0:KeyPermission|} { Full, CallOnly, SmsOnly, ReadOnly }
                """;
            await VerifyCS.VerifyAsync(source, VerifyCS.Diagnostic(RuleIds.PermissionModelMissingLegacyFull).WithLocation(0).WithArguments("Enum 'KeyPermission'"));
        }

        [Fact]
        public async Task SnakeCaseEnum_AndAttributeStyles_AreReported()
        {
            const string source = """
                using System.Runtime.Serialization;
                using System.Text.Json.Serialization;

                public enum {|#0:permissions|} { full, call_only, sms_only, read_only }

                public enum {|#1:Tier|}
                {
                    [EnumMember(Value = "full")] All = 1,
                    [EnumMember(Value = "call_only")] Voice = 2,
                    [EnumMember(Value = "sms_only")] Text = 3,
                }

                [JsonConverter(typeof(JsonStringEnumConverter))]
                public enum {|#2:KeyScope|}
                {
                    [JsonPropertyName("call_only")] A,
                    [JsonPropertyName("sms_only")] B,
                    [JsonPropertyName("read_only")] C,
                }
                """;
            await VerifyCS.VerifyAsync(source,
                VerifyCS.Diagnostic(RuleIds.PermissionModelMissingLegacyFull).WithLocation(0).WithArguments("Enum 'permissions'"),
                VerifyCS.Diagnostic(RuleIds.PermissionModelMissingLegacyFull).WithLocation(1).WithArguments("Enum 'Tier'"),
                VerifyCS.Diagnostic(RuleIds.PermissionModelMissingLegacyFull).WithLocation(2).WithArguments("Enum 'KeyScope'"));
        }

        [Fact]
        public async Task EnumsNestedInNamespacesAndTypes_AreReported_WhereverTheFileSaysCallOnly()
        {
            // The file-level walk enters namespaces and types for enums (and member bodies only for
            // allow-lists and schemas): a nested enum is found with or without a wire value in the text.
            const string nested = """
                namespace Agents.Keys
                {
                    public sealed class ChildKey
                    {
                        public enum {|#0:Permission|} { Full, CallOnly, SmsOnly, ReadOnly }

                        public record struct Scoped(string Id)
                        {
                            internal enum {|#1:Tier|} { CallOnly, SmsOnly, ReadOnly }
                        }

                        public int Count() { var n = 0; foreach (var p in new[] { 1, 2 }) { n += p; } return n; }
                    }
                }

                public interface IKeys
                {
                    enum {|#2:Scope|} { CallOnly, SmsOnly, Full }
                }
                """;
            await VerifyCS.VerifyAsync(nested,
                VerifyCS.Diagnostic(RuleIds.PermissionModelMissingLegacyFull).WithLocation(0).WithArguments("Enum 'Permission'"),
                VerifyCS.Diagnostic(RuleIds.PermissionModelMissingLegacyFull).WithLocation(1).WithArguments("Enum 'Tier'"),
                VerifyCS.Diagnostic(RuleIds.PermissionModelMissingLegacyFull).WithLocation(2).WithArguments("Enum 'Scope'"));

            var withWireValue = nested + """

                static class Docs
                {
                    public const string Note = "call_only keys place calls";
                }
                """;
            await VerifyCS.VerifyAsync(withWireValue,
                VerifyCS.Diagnostic(RuleIds.PermissionModelMissingLegacyFull).WithLocation(0).WithArguments("Enum 'Permission'"),
                VerifyCS.Diagnostic(RuleIds.PermissionModelMissingLegacyFull).WithLocation(1).WithArguments("Enum 'Tier'"),
                VerifyCS.Diagnostic(RuleIds.PermissionModelMissingLegacyFull).WithLocation(2).WithArguments("Enum 'Scope'"));
        }

        [Fact]
        public async Task AllowLists_InEveryCollectionSyntax_AreReported()
        {
            const string source = """
                static class Validation
                {
                    static readonly HashSet<string> AllowedPermissions = {|#0:new() { "full", "call_only", "sms_only", "read_only" }|};
                    static readonly string[] Known = {|#1:{ "full", "call_only", "sms_only", "read_only" }|};
                    static readonly IReadOnlyList<string> Tiers = {|#2:["call_only", "sms_only", "full"]|};
                }
                """;
            // Markers sit on the initializer / collection expression, not the whole declaration.
            var marked = source
                .Replace("{|#0:new() { \"full\", \"call_only\", \"sms_only\", \"read_only\" }|}", "new() {|#0:{ \"full\", \"call_only\", \"sms_only\", \"read_only\" }|}");
            await VerifyCS.VerifyAsync(marked,
                VerifyCS.Diagnostic(RuleIds.PermissionModelMissingLegacyFull).WithLocation(0).WithArguments("Allow-list 'AllowedPermissions'"),
                VerifyCS.Diagnostic(RuleIds.PermissionModelMissingLegacyFull).WithLocation(1).WithArguments("Allow-list 'Known'"),
                VerifyCS.Diagnostic(RuleIds.PermissionModelMissingLegacyFull).WithLocation(2).WithArguments("Allow-list 'Tiers'"));
        }

        [Fact]
        public async Task AllowListsSpelledThroughEscapes_AreStillReported()
        {
            // No plain "call_only" in the file: the per-file text filter must let escaped values through.
            const string source = """
                static class Validation
                {
                    static readonly string[] Known = {|#0:{ "full", "\u0063all_only", "sms_only", "read_only" }|};
                    static readonly string[] Hex = {|#1:{ "full", "\x0063all_only", "sms_only" }|};
                }
                """;
            await VerifyCS.VerifyAsync(source,
                VerifyCS.Diagnostic(RuleIds.PermissionModelMissingLegacyFull).WithLocation(0).WithArguments("Allow-list 'Known'"),
                VerifyCS.Diagnostic(RuleIds.PermissionModelMissingLegacyFull).WithLocation(1).WithArguments("Allow-list 'Hex'"));
        }

        [Fact]
        public async Task JsonSchemaEnum_InAStringLiteral_IsReported()
        {
            const string source = """"
                static class Schemas
                {
                    public const string KeyRecord = {|#0:"""
                        { "type": "object", "properties": { "permissions": { "type": "string", "enum": ["full", "call_only", "sms_only", "read_only"] } } }
                        """|};
                    public const string Escaped = {|#1:"{\"properties\":{\"permissions\":{\"enum\":[\"full\",\"call_only\",\"sms_only\"]}}}"|};
                }
                """";
            await VerifyCS.VerifyAsync(source,
                VerifyCS.Diagnostic(RuleIds.PermissionModelMissingLegacyFull).WithLocation(0).WithArguments("JSON schema 'KeyRecord'"),
                VerifyCS.Diagnostic(RuleIds.PermissionModelMissingLegacyFull).WithLocation(1).WithArguments("JSON schema 'Escaped'"));
        }

        [Fact]
        public async Task WireValuesTheSyntaxCannotRead_AreReadFromTheSymbols()
        {
            // A constant for the value, or an alias for the attribute: the declaration alone cannot say which
            // values go on the wire, so the rule reads the members' attributes. The same shapes with legacy_full
            // stay quiet, and so does an enum whose unrelated attributes name nothing.
            const string source = """
                using System;
                using System.Runtime.Serialization;
                using Wire = System.Text.Json.Serialization.JsonPropertyNameAttribute;

                static class Tiers
                {
                    public const string Full = "full", CallOnly = "call_only", SmsOnly = "sms_only", LegacyFull = "legacy_full";
                }

                public enum {|#0:ByConstant|}
                {
                    [EnumMember(Value = Tiers.Full)] A,
                    [EnumMember(Value = Tiers.CallOnly)] B,
                    [EnumMember(Value = Tiers.SmsOnly)] C,
                }

                public enum {|#1:ByAlias|}
                {
                    [Wire("full")] A,
                    [Wire("call_only")] B,
                    [Wire("sms_only")] C,
                }

                public enum AcceptsLegacyByConstant
                {
                    [EnumMember(Value = Tiers.Full)] A,
                    [EnumMember(Value = Tiers.CallOnly)] B,
                    [EnumMember(Value = Tiers.SmsOnly)] C,
                    [EnumMember(Value = Tiers.LegacyFull)] D,
                }

                public enum Colour { [Obsolete] Red, Green, Blue }
                """;
            await VerifyCS.VerifyAsync(source,
                VerifyCS.Diagnostic(RuleIds.PermissionModelMissingLegacyFull).WithLocation(0).WithArguments("Enum 'ByConstant'"),
                VerifyCS.Diagnostic(RuleIds.PermissionModelMissingLegacyFull).WithLocation(1).WithArguments("Enum 'ByAlias'"));
        }

        [Fact]
        public async Task ModelsThatAcceptLegacyFull_AreQuiet()
        {
            const string source = """
                public enum KeyPermission { Full, CallOnly, SmsOnly, ReadOnly, LegacyFull }
                static class V
                {
                    static readonly HashSet<string> Allowed = new() { "full", "call_only", "sms_only", "read_only", "legacy_full" };
                    const string Schema = "{\"enum\":[\"full\",\"call_only\",\"sms_only\",\"read_only\",\"legacy_full\"]}";
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task RequestSideModels_AreQuiet()
        {
            const string source = """
                public enum SettablePermission { Full, CallOnly, SmsOnly, ReadOnly }
                public enum CreateKeyRequestPermission { full, call_only, sms_only, read_only }
                static class V
                {
                    static readonly string[] SettablePermissions = { "full", "call_only", "sms_only", "read_only" };
                    static readonly HashSet<string> RequestTiers = new() { "full", "call_only", "sms_only" };
                }
                class CreateKeyRequest
                {
                    static readonly string[] Permissions = { "full", "call_only", "sms_only", "read_only" };
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task LookAlikes_AreQuiet()
        {
            const string source = """
                public enum FileAccess { ReadOnly, Full, WriteOnly }
                public enum Channel { CallOnly, Email }
                static class V
                {
                    static readonly string[] Modes = { "full", "read_only", "write_only" };
                    static readonly string[] Mixed = { "full", "call_only", "sms_only", "admin" };
                    const string Schema = "{\"enum\":[\"full\",\"partial\"]}";
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task GeneratedEnum_IsIgnored()
        {
            const string source = """
                // <auto-generated/>
                public enum KeyPermission { Full, CallOnly, SmsOnly, ReadOnly }
                """;
            await VerifyCS.VerifyAsync(source);
        }

        [Theory]
        [InlineData("Full|CallOnly|SmsOnly", true, false)]
        [InlineData("full|call_only|sms-only|LEGACY_FULL", true, true)]
        [InlineData("read only|Call Only|SMS_ONLY", true, false)]
        [InlineData("CallOnly|SmsOnly", false, false)]
        [InlineData("Fullness|CallOnly|SmsOnly|LegacyFully", false, false)]
        [InlineData("Ful|CallOnly|SmsOnly|Legacy", false, false)]
        public void TierSet_ReadsValuesAsTheirNormalizedNames(string values, bool isTierSet, bool hasLegacyFull)
        {
            var split = values.Split('|');
            Assert.Equal(isTierSet, Saperly.Migration.Analyzers.Recognition.PermissionModels.IsTierSet(split, out var legacy));
            Assert.Equal(hasLegacyFull, legacy);

            // The same answer as comparing the normalized strings.
            foreach (var value in split)
            {
                foreach (var name in new[] { "full", "callonly", "smsonly", "readonly", "legacyfull" })
                {
                    Assert.Equal(Saperly.Migration.Analyzers.Recognition.PermissionModels.Normalize(value) == name, Saperly.Migration.Analyzers.Recognition.PermissionModels.NormalizesTo(value, name));
                }
            }
        }
    }
}

using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.Tests.Verifiers;
using VerifyCS = Saperly.Migration.Tests.Verifiers.CodeFixVerifier<
    Saperly.Migration.Analyzers.Rules.PermissionModelMissingLegacyFullAnalyzer,
    Saperly.Migration.CodeFixes.PermissionModelMissingLegacyFullCodeFix>;
using VerifyAnalyzer = Saperly.Migration.Tests.Verifiers.AnalyzerVerifier<Saperly.Migration.Analyzers.Rules.PermissionModelMissingLegacyFullAnalyzer>;

namespace Saperly.Migration.Tests
{
    /// <summary>
    /// SAP004 on code that rejects a tier it does not list (switches with a throwing default, if-chains ending in a
    /// throw, validation predicates, regular expressions, Enum.Parse into an enum that cannot take legacy_full), and
    /// its fixes: the legacy_full branch maps to the enum's legacy member, to the "legacy_full" string, or does what full does.
    /// </summary>
    public class SAP004_TierChecksTests
    {
        private const string Enum = """
            public enum KeyPermission { Full, CallOnly, SmsOnly, ReadOnly, LegacyFull }
            """;

        private static DiagnosticResult Sap004(int location, string model) =>
            VerifyCS.Diagnostic(RuleIds.PermissionModelMissingLegacyFull).WithLocation(location).WithArguments(model);

        private static Task VerifyFixAsync(string source, string fixedSource, ImmutableArray<MetadataReference>? libraries, params DiagnosticResult[] expected)
        {
            var test = VerifyCS.Create(source, fixedSource);
            if (libraries != null)
            {
                test.TestState.AdditionalReferences.AddRange(libraries.Value);
            }

            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task SwitchExpression_WithAThrowingDefault_GetsALegacyFullArm_MappedToTheEnumsLegacyMember()
        {
            const string source = Enum + """

                public static class Tiers
                {
                    public static KeyPermission Parse(string value) => value {|#0:switch|}
                    {
                        "full" => KeyPermission.Full,
                        "call_only" => KeyPermission.CallOnly,
                        "sms_only" => KeyPermission.SmsOnly,
                        "read_only" => KeyPermission.ReadOnly,
                        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "unknown permission"),
                    };
                }
                """;
            const string fixedSource = Enum + """

                public static class Tiers
                {
                    public static KeyPermission Parse(string value) => value switch
                    {
                        "full" => KeyPermission.Full,
                        "call_only" => KeyPermission.CallOnly,
                        "sms_only" => KeyPermission.SmsOnly,
                        "read_only" => KeyPermission.ReadOnly,
                        "legacy_full" => KeyPermission.LegacyFull,
                        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "unknown permission"),
                    };
                }
                """;
            await VerifyFixAsync(source, fixedSource, null, Sap004(0, "The switch on 'value'"));
        }

        [Fact]
        public async Task SwitchExpression_ToLabels_LegacyFullGetsWhatFullGets_ToTheSameString_ItGetsLegacyFull()
        {
            const string source = """
                public static class Labels
                {
                    public static string Describe(string p) => p {|#0:switch|} { "full" => "Everything", "call_only" => "Calls", "sms_only" => "Texts", _ => throw new InvalidOperationException() };

                    public static string Canonical(string p) => p.ToLowerInvariant() {|#1:switch|}
                    {
                        "full" => "full",
                        "call_only" => "call_only",
                        "sms_only" => "sms_only",
                        var other => throw new FormatException(other)
                    };
                }
                """;
            const string fixedSource = """
                public static class Labels
                {
                    public static string Describe(string p) => p switch { "full" => "Everything", "call_only" => "Calls", "sms_only" => "Texts", "legacy_full" => "Everything", _ => throw new InvalidOperationException() };

                    public static string Canonical(string p) => p.ToLowerInvariant() switch
                    {
                        "full" => "full",
                        "call_only" => "call_only",
                        "sms_only" => "sms_only",
                        "legacy_full" => "legacy_full",
                        var other => throw new FormatException(other)
                    };
                }
                """;
            await VerifyFixAsync(source, fixedSource, null, Sap004(0, "The switch on 'p'"), Sap004(1, "The switch on 'p.ToLowerInvariant()'"));
        }

        [Fact]
        public async Task SwitchStatement_WithAThrowingDefault_GetsALegacyFullSection_BeforeTheDefault()
        {
            const string source = Enum + """

                public static class Tiers
                {
                    public static KeyPermission Parse(string value)
                    {
                        {|#0:switch|} (value)
                        {
                            case "full":
                                return KeyPermission.Full;
                            case "call_only":
                                return KeyPermission.CallOnly;
                            case "sms_only":
                            case "read_only":
                                return KeyPermission.ReadOnly;
                            default:
                                throw new NotSupportedException(value);
                        }
                    }
                }
                """;
            const string fixedSource = Enum + """

                public static class Tiers
                {
                    public static KeyPermission Parse(string value)
                    {
                        switch (value)
                        {
                            case "full":
                                return KeyPermission.Full;
                            case "call_only":
                                return KeyPermission.CallOnly;
                            case "sms_only":
                            case "read_only":
                                return KeyPermission.ReadOnly;
                            case "legacy_full":
                                return KeyPermission.LegacyFull;
                            default:
                                throw new NotSupportedException(value);
                        }
                    }
                }
                """;
            await VerifyFixAsync(source, fixedSource, null, Sap004(0, "The switch on 'value'"));
        }

        [Fact]
        public async Task JsonConverterRead_IfChainEndingInAThrow_GetsALegacyFullIf()
        {
            const string source = Enum + """

                public sealed class KeyPermissionConverter : System.Text.Json.Serialization.JsonConverter<KeyPermission>
                {
                    public override KeyPermission Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
                    {
                        var value = reader.GetString();
                        {|#0:if|} (value == "full") return KeyPermission.Full;
                        if (value == "call_only") return KeyPermission.CallOnly;
                        if (value == "sms_only") return KeyPermission.SmsOnly;
                        if (value == "read_only") return KeyPermission.ReadOnly;

                        throw new System.Text.Json.JsonException($"Unknown permission '{value}'");
                    }

                    public override void Write(System.Text.Json.Utf8JsonWriter writer, KeyPermission value, System.Text.Json.JsonSerializerOptions options) =>
                        writer.WriteStringValue(value.ToString());
                }
                """;
            const string fixedSource = Enum + """

                public sealed class KeyPermissionConverter : System.Text.Json.Serialization.JsonConverter<KeyPermission>
                {
                    public override KeyPermission Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
                    {
                        var value = reader.GetString();
                        if (value == "full") return KeyPermission.Full;
                        if (value == "call_only") return KeyPermission.CallOnly;
                        if (value == "sms_only") return KeyPermission.SmsOnly;
                        if (value == "read_only") return KeyPermission.ReadOnly;
                        if (value == "legacy_full") return KeyPermission.LegacyFull;

                        throw new System.Text.Json.JsonException($"Unknown permission '{value}'");
                    }

                    public override void Write(System.Text.Json.Utf8JsonWriter writer, KeyPermission value, System.Text.Json.JsonSerializerOptions options) =>
                        writer.WriteStringValue(value.ToString());
                }
                """;
            await VerifyFixAsync(source, fixedSource, null, Sap004(0, "The if-chain on 'value'"));
        }

        [Fact]
        public async Task ConverterSwitch_OnAnEnumWithoutLegacyFull_TheEnumIsFixedFirst_ThenTheArmMapsToItsNewMember()
        {
            const string source = """
                public enum {|#0:Tier|} { Full, CallOnly, SmsOnly }

                public sealed class TierConverter : System.Text.Json.Serialization.JsonConverter<Tier>
                {
                    public override Tier Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
                        reader.GetString() {|#1:switch|}
                        {
                            "full" => Tier.Full,
                            "call_only" => Tier.CallOnly,
                            "sms_only" => Tier.SmsOnly,
                            _ => throw new System.Text.Json.JsonException(),
                        };

                    public override void Write(System.Text.Json.Utf8JsonWriter writer, Tier value, System.Text.Json.JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
                }
                """;
            const string fixedSource = """
                public enum Tier { Full, CallOnly, SmsOnly, /** <summary>Response-only: keys minted before v0.5.7.0. Cannot be sent on POST/PATCH.</summary> */ LegacyFull }

                public sealed class TierConverter : System.Text.Json.Serialization.JsonConverter<Tier>
                {
                    public override Tier Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
                        reader.GetString() switch
                        {
                            "full" => Tier.Full,
                            "call_only" => Tier.CallOnly,
                            "sms_only" => Tier.SmsOnly,
                            "legacy_full" => Tier.LegacyFull,
                            _ => throw new System.Text.Json.JsonException(),
                        };

                    public override void Write(System.Text.Json.Utf8JsonWriter writer, Tier value, System.Text.Json.JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
                }
                """;
            var test = VerifyCS.Create(source, fixedSource);
            test.ExpectedDiagnostics.Add(Sap004(0, "Enum 'Tier'"));
            test.ExpectedDiagnostics.Add(Sap004(1, "The switch on 'reader.GetString()'"));

            // The switch has no fix until the enum has its member: the second pass (the tool's fixed point, a second
            // dotnet format run) maps it.
            test.NumberOfIncrementalIterations = 2;
            test.NumberOfFixAllIterations = 2;
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task RegularExpressionAllowList_OnAResponseModel_GetsLegacyFullInItsAlternation()
        {
            const string source = """
                using System.ComponentModel.DataAnnotations;

                public sealed class KeyRecord
                {
                    [RegularExpression({|#0:"^(full|call_only|sms_only|read_only)$"|})]
                    public string Permissions { get; set; } = "";

                    public static bool IsTier(string value) => System.Text.RegularExpressions.Regex.IsMatch(value, {|#1:@"^(?:full|call_only|sms_only)$"|});
                }
                """;
            const string fixedSource = """
                using System.ComponentModel.DataAnnotations;

                public sealed class KeyRecord
                {
                    [RegularExpression("^(full|call_only|sms_only|read_only|legacy_full)$")]
                    public string Permissions { get; set; } = "";

                    public static bool IsTier(string value) => System.Text.RegularExpressions.Regex.IsMatch(value, @"^(?:full|call_only|sms_only|legacy_full)$");
                }
                """;
            await VerifyFixAsync(source, fixedSource, null,
                Sap004(0, "Regular expression '^(full|call_only|sms_only|read_only)$'"),
                Sap004(1, "Regular expression '^(?:full|call_only|sms_only)$'"));
        }

        [Fact]
        public async Task FluentValidationMust_AndAThrowingGuard_GetLegacyFullInTheirPredicate()
        {
            const string source = """
                using FluentValidation;

                public sealed class KeyRecord { public string Permissions { get; set; } = ""; public string Tier { get; set; } = ""; }

                public sealed class KeyRecordValidator : AbstractValidator<KeyRecord>
                {
                    public KeyRecordValidator()
                    {
                        RuleFor(k => k.Permissions).Must(p => {|#0:p is "full" or "call_only" or "sms_only" or "read_only"|});
                        RuleFor(k => k.Tier).Must(t => {|#1:t == "full"
                            || t == "call_only"
                            || t == "sms_only"|});
                    }

                    public static void Check(KeyRecord record)
                    {
                        if ({|#2:record.Permissions is not ("full" or "call_only" or "sms_only")|})
                        {
                            throw new ValidationException("bad permissions");
                        }
                    }
                }
                """;
            const string fixedSource = """
                using FluentValidation;

                public sealed class KeyRecord { public string Permissions { get; set; } = ""; public string Tier { get; set; } = ""; }

                public sealed class KeyRecordValidator : AbstractValidator<KeyRecord>
                {
                    public KeyRecordValidator()
                    {
                        RuleFor(k => k.Permissions).Must(p => p is "full" or "call_only" or "sms_only" or "read_only" or "legacy_full");
                        RuleFor(k => k.Tier).Must(t => t == "full"
                            || t == "call_only"
                            || t == "sms_only"
                            || t == "legacy_full");
                    }

                    public static void Check(KeyRecord record)
                    {
                        if (record.Permissions is not ("full" or "call_only" or "sms_only" or "legacy_full"))
                        {
                            throw new ValidationException("bad permissions");
                        }
                    }
                }
                """;
            await VerifyFixAsync(source, fixedSource, TestReferences.FluentValidation,
                Sap004(0, "The check of 'p'"), Sap004(1, "The check of 't'"), Sap004(2, "The check of 'record.Permissions'"));
        }

        [Fact]
        public async Task EnumParse_IntoARequestSideEnum_IsReportedWithoutAFix_AnEnumOfTheProjectOnlyWhereDeclared()
        {
            const string source = """
                using FluentValidation;

                public enum CreatePermission { Full, CallOnly, SmsOnly, ReadOnly }
                public enum {|#0:KeyTier|} { Full, CallOnly, SmsOnly, ReadOnly }

                public sealed class KeyRecord { public string Permissions { get; set; } = ""; }

                public static class Reader
                {
                    public static CreatePermission Of(KeyRecord record) => System.Enum.{|#1:Parse|}<CreatePermission>(record.Permissions.Replace("_", ""), ignoreCase: true);

                    public static KeyTier TierOf(KeyRecord record) =>
                        System.Enum.TryParse<KeyTier>(record.Permissions.Replace("_", ""), true, out var tier) ? tier : throw new FormatException();
                }

                public sealed class KeyRecordValidator : AbstractValidator<KeyRecord>
                {
                    public KeyRecordValidator() => RuleFor(k => k.Permissions).{|#2:IsEnumName|}(typeof(CreatePermission), caseSensitive: false);
                }
                """;
            await VerifyAnalyzer.VerifyAsync(new[] { source }, null, TestReferences.FluentValidation,
                Sap004(0, "Enum 'KeyTier'"),
                Sap004(1, "Enum 'CreatePermission', parsed here from a key record,"),
                Sap004(2, "Enum 'CreatePermission', parsed here from a key record,"));
        }

        [Fact]
        public async Task Fixes_AreBatched_TwoChecksInOneFile()
        {
            const string source = Enum + """

                public static class Tiers
                {
                    public static KeyPermission A(string v) => v {|#0:switch|} { "full" => KeyPermission.Full, "call_only" => KeyPermission.CallOnly, "sms_only" => KeyPermission.SmsOnly, _ => throw new FormatException() };
                    public static bool B(string v) => {|#1:v is "full" or "call_only" or "sms_only"|} ? true : throw new FormatException();
                }
                """;
            const string fixedSource = Enum + """

                public static class Tiers
                {
                    public static KeyPermission A(string v) => v switch { "full" => KeyPermission.Full, "call_only" => KeyPermission.CallOnly, "sms_only" => KeyPermission.SmsOnly, "legacy_full" => KeyPermission.LegacyFull, _ => throw new FormatException() };
                    public static bool B(string v) => v is "full" or "call_only" or "sms_only" or "legacy_full" ? true : throw new FormatException();
                }
                """;
            await VerifyFixAsync(source, fixedSource, null, Sap004(0, "The switch on 'v'"), Sap004(1, "The check of 'v'"));
        }

        [Fact]
        public async Task RequestSide_NonRejecting_AndAlreadyAccepting_Checks_StayQuiet()
        {
            const string source = """
                using System.ComponentModel.DataAnnotations;
                using FluentValidation;

                public enum KeyPermission { Full, CallOnly, SmsOnly, ReadOnly, LegacyFull, Unknown }

                public sealed class CreateKeyRequest
                {
                    [RegularExpression("^(full|call_only|sms_only|read_only)$")]
                    public string Permissions { get; set; } = "full";
                }

                public sealed class CreateKeyRequestValidator : AbstractValidator<CreateKeyRequest>
                {
                    public CreateKeyRequestValidator() => RuleFor(r => r.Permissions).Must(p => p is "full" or "call_only" or "sms_only" or "read_only");
                }

                public sealed class KeyValidator : AbstractValidator<CreateKeyRequest>
                {
                    public KeyValidator() => RuleFor(r => r.Permissions).IsEnumName(typeof(KeyPermission));
                }

                public static class Tiers
                {
                    // Not rejecting: an unknown tier maps to Unknown.
                    public static KeyPermission Lenient(string v) => v switch { "full" => KeyPermission.Full, "call_only" => KeyPermission.CallOnly, "sms_only" => KeyPermission.SmsOnly, _ => KeyPermission.Unknown };

                    // Request side: what a POST may send.
                    public static string ToCreateRequest(string v) => v switch { "full" => "full", "call_only" => "call_only", "sms_only" => "sms_only", _ => throw new ArgumentException(v) };

                    // Already accepting legacy_full.
                    public static KeyPermission Strict(string v) => v switch { "full" => KeyPermission.Full, "call_only" => KeyPermission.CallOnly, "sms_only" => KeyPermission.SmsOnly, "legacy_full" => KeyPermission.LegacyFull, _ => throw new FormatException() };

                    // A question, not a rejection: restricted keys.
                    public static bool IsRestricted(string v) => v is "call_only" or "sms_only" or "read_only";

                    // Not the tiers: file modes.
                    public static int Mode(string v) => v switch { "full" => 1, "read_only" => 2, "write_only" => 3, _ => throw new FormatException() };

                    public static bool Allowed(string v) => System.Text.RegularExpressions.Regex.IsMatch(v, "^(full|call_only|sms_only|legacy_full)$");

                    // An enum with legacy_full parses legacy keys.
                    public static KeyPermission Parse(string v) => System.Enum.Parse<KeyPermission>(v.Replace("_", ""), true);
                }
                """;
            await VerifyAnalyzer.VerifyAsync(new[] { source }, null, TestReferences.FluentValidation);
        }
    }
}

using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.Tests.Robustness;

namespace Saperly.Migration.Tests
{
    /// <summary>
    /// RuleReach says which files the rules can report in. The tool re-analyzes only those after an edit, so a
    /// file it rules out must never hold a finding (the fuzz tests check that on every mutant), and ordinary
    /// code must be ruled out, or the tool saves nothing.
    /// </summary>
    public class RuleReachTests
    {
        private static bool MayReport(string source) => RuleReach.MayReport(CSharpSyntaxTree.ParseText(source), default);

        [Theory]
        [InlineData("class A { System.Threading.Tasks.Task M(System.Net.Http.HttpClient h) => h.PostAsync(\"x\", null); }")]
        [InlineData("class A { object M(dynamic client) => client.Keys.CreateAsync(); }")]
        [InlineData("class A { const string K = \"sk_svc_0000\"; }")]
        [InlineData("class A { string[] Allowed = { \"full\", \"call_only\", \"sms_only\" }; }")]
        [InlineData("public enum KeyPermission { Full, CallOnly, SmsOnly, ReadOnly }")]
        [InlineData("namespace N { public class Outer { public enum Tier { full, call_only, sms_only } } }")]
        [InlineData("class A { object Tier(string v) => System.Enum.Parse<CreatePermission>(v); }")]
        [InlineData("class A { string M() => \"\\u0073k_live\"; }")]
        public void A_file_a_rule_can_report_in_is_within_reach(string source) => Assert.True(MayReport(source));

        [Theory]
        [InlineData("class A { int Twice(int x) => x * 2; }")]
        [InlineData("public enum Color { Red, Green, Blue }")]
        [InlineData("public enum KeyPermission { Full, CallOnly, SmsOnly, ReadOnly, LegacyFull }")]
        [InlineData("public enum CreateKeyRequestPermission { Full, CallOnly, SmsOnly, ReadOnly }")]
        [InlineData("class Monkeys { string AppSettingsJson => \"monkeysettings\"; void PostAsyncLater() { } }")]
        public void Ordinary_code_is_out_of_reach(string source) => Assert.False(MayReport(source));

        [Fact]
        public void An_enum_whose_values_only_symbols_can_read_is_within_reach()
        {
            // A constant for a wire value: SAP004 settles such an enum on its symbols, so its syntax rules nothing out.
            const string source = """
                using System.Runtime.Serialization;
                static class Wire { public const string Calls = "call_" + "only"; }
                public enum Scope { [EnumMember(Value = Wire.Calls)] A, [EnumMember(Value = "sms_only")] B, [EnumMember(Value = "full")] C }
                """;
            Assert.True(MayReport(source));
        }

        [Fact]
        public async Task Every_sample_finding_is_in_a_file_within_reach_and_some_sample_files_are_not()
        {
            var references = await RobustnessHarness.ReferencesAsync();
            var samples = RobustnessHarness.SourcesUnder("samples/AgentFleet").GroupBy(f => f.Path.Split('/')[2]).ToList();
            var findings = 0;
            var outOfReach = 0;
            foreach (var sample in samples)
            {
                var project = RobustnessHarness.CreateProject(sample.Append(("GlobalUsings.g.cs", RobustnessHarness.ImplicitUsings)), references, sample.Key);
                var analysis = await RobustnessHarness.AnalyzeAsync(project);
                Assert.Empty(analysis.AnalyzerExceptions);
                foreach (var diagnostic in analysis.Diagnostics)
                {
                    findings++;
                    Assert.True(RuleReach.MayReport(diagnostic.Location.SourceTree!, default), RobustnessHarness.Describe(diagnostic));
                }

                foreach (var document in project.Documents)
                {
                    outOfReach += RuleReach.MayReport((await document.GetSyntaxTreeAsync())!, default) ? 0 : 1;
                }
            }

            Assert.True(findings >= 10, $"only {findings} findings in the samples: the test is not reaching the rules");
            Assert.True(outOfReach >= 2, $"{outOfReach} sample files out of reach: the filter rules nothing out");
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace Saperly.Migration.Tests.Robustness
{
    /// <summary>
    /// Issue 8, analyzer side of "secrets stay secret": with full key literals in source, no finding's message,
    /// no Diagnostic.Properties value and no code-fix title or equivalence key contains the key or any part of
    /// its secret body; at most the redacted prefix (sk_live_…) appears. The report formats of the tool build on
    /// these strings, so a leak here is a leak everywhere.
    /// </summary>
    public class SecretRedactionTests
    {
        private const string LiveApiKey = "sk_live_Q7rT2xW9pL4mZ8vN3kB6";
        private const string TestApiKey = "sk_test_Hc5Jd8Fg1Ks4Lq7Wp0Xe";
        private const string LiveServiceKey = "sk_svc_live_Ym3Nb6Vc9Xz2As5Df8Gh";
        private const string TestServiceKey = "sk_svc_test_Tu4Io7Pa0Sd3Fg6Hj9Kl";

        private static readonly string[] Keys = { LiveApiKey, TestApiKey, LiveServiceKey, TestServiceKey };

        private readonly ITestOutputHelper _output;

        public SecretRedactionTests(ITestOutputHelper output) => _output = output;

        public static IEnumerable<object[]> Cases() => Sources.Keys.Select(k => new object[] { k });

        private static readonly IReadOnlyDictionary<string, string> Sources = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            // SAP001 (API key on key management) and SAP007, with the key in a Bearer header.
            ["MintWithLiteralApiKey"] = $$"""
                public sealed class Minter
                {
                    public async Task MintAsync()
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "{{LiveApiKey}}");
                        using var response = await http.PostAsJsonAsync("v1/keys", new { name = "agent", permissions = "full" });
                    }
                }
                """,

            // SAP002 (service key on a runtime call), SAP007, SAP009, with the key as a "Bearer …" string.
            ["CallWithLiteralServiceKey"] = $$"""
                public sealed class Caller
                {
                    public Task<HttpResponseMessage> CallAsync()
                    {
                        var http = new HttpClient();
                        http.DefaultRequestHeaders.Add("Authorization", "Bearer {{TestServiceKey}}");
                        return http.PostAsJsonAsync("https://saperly.com/api/v1/calls", new { line_id = "ln_1", to_number = "+15550100" });
                    }
                }
                """,

            // SAP007 on fallbacks of SAPERLY_* reads, both tiers, one a constant.
            ["FallbacksForSecretReads"] = $$"""
                public sealed class Keys
                {
                    private const string ServiceFallback = "{{LiveServiceKey}}";

                    public static string Api(IConfiguration configuration) =>
                        configuration["Saperly:ApiKey"] ?? Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? "{{TestApiKey}}";

                    public static string Service() => Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY") ?? ServiceFallback;

                    public async Task RotateAsync(string id)
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Api(null!));
                        using var response = await http.PostAsync($"v1/keys/{id}/rotate", content: null);
                    }
                }
                """,

            // A key field interpolated into the header, on key management (SAP001/SAP003/SAP007).
            ["InterpolatedKeyField"] = $$"""
                public sealed class Revoker
                {
                    private static readonly string Key = "{{LiveApiKey}}";

                    public async Task RevokeAsync(string id)
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Delete, $"https://saperly.com/api/v1/keys/{id}");
                        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {Key}");
                        using var response = await new HttpClient().SendAsync(request);
                    }

                    public async Task MintAsync()
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, "https://saperly.com/api/v1/keys");
                        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {Key}");
                        request.Content = JsonContent.Create(new { name = "n", permissions = "legacy_full" });
                        using var response = await new HttpClient().SendAsync(request);
                    }
                }
                """,
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public async Task Findings_AndFixTitles_NeverContainAKey(string name)
        {
            var project = RobustnessHarness.CreateProject(
                new[] { (name + ".cs", Sources[name]), ("GlobalUsings.g.cs", RobustnessHarness.ImplicitUsings) },
                await RobustnessHarness.ReferencesAsync(),
                name,
                OutputKind.DynamicallyLinkedLibrary);
            var outcome = await RobustnessHarness.AnalyzeAsync(project);
            Assert.True(outcome.AnalyzerExceptions.IsEmpty, string.Join("\n", outcome.AnalyzerExceptions));

            var findings = outcome.Diagnostics.Where(d => d.Id.StartsWith("SAP", StringComparison.Ordinal)).ToList();
            Assert.True(findings.Any(d => d.Id == "SAP007"), name + ": expected a hard-coded key finding, got: " + string.Join("; ", findings.Select(d => d.Id)));

            var leaks = new List<string>();
            foreach (var diagnostic in findings)
            {
                var strings = new List<(string Where, string Text)> { ("message", diagnostic.GetMessage()) };
                strings.AddRange(diagnostic.Properties.Select(p => ("property " + p.Key, p.Value ?? string.Empty)));

                var document = project.GetDocument(diagnostic.Location.SourceTree)!;
                foreach (var fixer in RobustnessHarness.Fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    foreach (var action in await RobustnessHarness.RegisterFixesAsync(fixer, document, diagnostic))
                    {
                        strings.Add(("fix title of " + fixer.GetType().Name, action.Title));
                        strings.Add(("fix equivalence key of " + fixer.GetType().Name, action.EquivalenceKey ?? string.Empty));
                    }
                }

                foreach (var (where, text) in strings)
                {
                    _output.WriteLine($"{diagnostic.Id} {where}: {text}");
                    var leaked = Keys.FirstOrDefault(k => text.Contains(SecretBody(k).Substring(0, 6), StringComparison.Ordinal));
                    if (leaked != null)
                    {
                        leaks.Add($"{RobustnessHarness.Describe(diagnostic)}\n  {where} contains (part of) {leaked}: {text}");
                    }
                }
            }

            Assert.True(leaks.Count == 0, name + ": a key leaked:\n" + string.Join("\n", leaks));
        }

        /// <summary>The secret part of a key: what follows its public prefix.</summary>
        private static string SecretBody(string key)
        {
            foreach (var prefix in new[] { "sk_svc_live_", "sk_svc_test_", "sk_live_", "sk_test_" })
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return key.Substring(prefix.Length);
                }
            }

            throw new ArgumentException("not a key: " + key);
        }
    }
}

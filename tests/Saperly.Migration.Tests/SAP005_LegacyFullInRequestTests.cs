using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Saperly.Migration.Analyzers.Rules;
using VerifyCS = Saperly.Migration.Tests.Verifiers.AnalyzerVerifier<Saperly.Migration.Analyzers.Rules.LegacyFullInRequestAnalyzer>;

namespace Saperly.Migration.Tests
{
    public class SAP005_LegacyFullInRequestTests
    {
        private const string KeysClient = """
            class SaperlyKeys
            {
                protected readonly HttpClient Http = new() { BaseAddress = new Uri("https://saperly.com/api/") };
            }
            """;

        private static DiagnosticResult Sap005(int location, string endpoint = "POST /v1/keys") =>
            VerifyCS.Diagnostic(RuleIds.LegacyFullInRequest).WithLocation(location).WithArguments(endpoint);

        [Fact]
        public async Task AnonymousObjects_OnMintAndUpdate_AreReported()
        {
            const string source = """
                class Keys : SaperlyKeys
                {
                    async Task Run(string id)
                    {
                        await Http.PostAsJsonAsync("v1/keys", new { name = "a", permissions = {|#0:"legacy_full"|} });
                        await Http.PatchAsJsonAsync($"v1/keys/{id}", new { permissions = {|#1:"legacy_full"|} });
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, KeysClient }, null, Sap005(0), Sap005(1, "PATCH /v1/keys/{id}"));
        }

        [Fact]
        public async Task EnumMember_InTypedClientRequest_AndPositionalRecord_AreReported()
        {
            const string source = """
                using System.Runtime.Serialization;

                enum KeyPermission { Full, CallOnly, SmsOnly, ReadOnly, [EnumMember(Value = "legacy_full")] Legacy }
                class CreateKeyRequest { public string Name { get; set; } = ""; public KeyPermission Permissions { get; set; } }
                record UpdateKeyRequest(string? Name, string? Permissions);

                class KeysResource
                {
                    public Task<object> CreateAsync(CreateKeyRequest request, string? idempotencyKey = null) => Task.FromResult<object>(request);
                    public Task<object> UpdateAsync(string id, UpdateKeyRequest request) => Task.FromResult<object>(request);
                }
                class SaperlyClient
                {
                    public SaperlyClient(string key) { }
                    public KeysResource Keys { get; } = new();
                }

                class Program
                {
                    async Task Run()
                    {
                        var svc = new SaperlyClient(Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY")!);
                        await svc.Keys.CreateAsync(new CreateKeyRequest { Name = "a", Permissions = {|#0:KeyPermission.Legacy|} }, "k1");
                        var update = new UpdateKeyRequest(null, {|#1:"legacy_full"|});
                        await svc.Keys.UpdateAsync("key_1", update);
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source,
                Sap005(0, "Keys.CreateAsync (POST /v1/keys)"),
                Sap005(1, "Keys.UpdateAsync (PATCH /v1/keys/{id})"));
        }

        [Fact]
        public async Task Dictionaries_AndDtoWrittenAfterCreation_AreReported()
        {
            const string source = """
                class CreateKey { public string? Name { get; set; } public string? Permissions { get; set; } }

                class Keys : SaperlyKeys
                {
                    async Task Run()
                    {
                        var a = new Dictionary<string, object> { ["name"] = "a", ["permissions"] = {|#0:"legacy_full"|} };
                        await Http.PostAsJsonAsync("v1/keys", a);

                        var b = new Dictionary<string, string>();
                        b.Add("name", "b");
                        b.Add("permissions", {|#1:"legacy_full"|});
                        await Http.PostAsJsonAsync("v1/keys", b);

                        var c = new CreateKey { Name = "c" };
                        c.Permissions = {|#2:"legacy_full"|};
                        await Http.PostAsJsonAsync("v1/keys", c);
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, KeysClient }, null, Sap005(0), Sap005(1), Sap005(2));
        }

        [Fact]
        public async Task JsonContent_StringContent_AndJsonLiteral_AreFollowed()
        {
            const string source = """
                using System.Text;
                using System.Text.Json;

                class Keys : SaperlyKeys
                {
                    async Task Run()
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(new { name = "a", permissions = {|#0:"legacy_full"|} }) };
                        await Http.SendAsync(request);

                        var body = new { name = "b", permissions = {|#1:"legacy_full"|} };
                        var json = JsonSerializer.Serialize(body);
                        await Http.PostAsync("v1/keys", new StringContent(json, Encoding.UTF8, "application/json"));

                        await Http.PostAsync("v1/keys", new StringContent({|#2:"{\"name\":\"c\",\"permissions\":\"legacy_full\"}"|}, Encoding.UTF8, "application/json"));
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, KeysClient }, null, Sap005(0), Sap005(1), Sap005(2));
        }

        [Fact]
        public async Task SettableTiers_AndMappingLegacyToFull_AreQuiet()
        {
            const string source = """
                class KeyRecord { public string Permissions { get; set; } = ""; }

                class Keys : SaperlyKeys
                {
                    async Task Run(KeyRecord existing, string id)
                    {
                        await Http.PostAsJsonAsync("v1/keys", new { name = "a", permissions = "call_only" });
                        // The migration idiom: a legacy key is re-minted with an explicit tier.
                        var tier = existing.Permissions == "legacy_full" ? "full" : existing.Permissions;
                        await Http.PatchAsJsonAsync($"v1/keys/{id}", new { permissions = tier });
                        await Http.PostAsJsonAsync("v1/keys", new { name = "legacy_full", description = "was legacy_full" });
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, KeysClient }, null);
        }

        [Fact]
        public async Task OtherEndpoints_OtherHosts_AndResponseModels_AreQuiet()
        {
            const string source = """
                class KeyRecord { public string Permissions { get; set; } = "legacy_full"; }

                class Keys : SaperlyKeys
                {
                    async Task Run(string id)
                    {
                        await Http.PostAsJsonAsync("v1/calls", new { to = "+15551234567", permissions = "legacy_full" });
                        await Http.GetAsync("v1/keys?permissions=legacy_full");
                        var github = new HttpClient { BaseAddress = new Uri("https://api.github.com/") };
                        await github.PostAsJsonAsync("v1/keys", new { permissions = "legacy_full" });
                        var record = new KeyRecord { Permissions = "legacy_full" };
                        Console.WriteLine(record.Permissions);
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, KeysClient }, null);
        }

        [Fact]
        public async Task ValuesFromElsewhere_AreNotGuessed()
        {
            const string source = """
                class Keys : SaperlyKeys
                {
                    object FromConfig() => new { permissions = "legacy_full" };

                    async Task Run(object body, string tier)
                    {
                        await Http.PostAsJsonAsync("v1/keys", body);
                        await Http.PostAsJsonAsync("v1/keys", FromConfig());
                        await Http.PostAsJsonAsync("v1/keys", new { name = "a", permissions = tier });
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, KeysClient }, null);
        }

        [Fact]
        public async Task BrokenCode_DoesNotThrow()
        {
            const string source = """
                class Keys : SaperlyKeys
                {
                    async Task Run()
                    {
                        await Http.PostAsJsonAsync("v1/keys", new { permissions = {|CS0103:Unknown|}.LegacyFull });
                        await Http.PostAsJsonAsync("v1/keys", new {|CS0246:Missing|} { Permissions = "legacy_full" });
                        var d = new Dictionary<string, string> { ["permissions"] = {|CS0103:nope|} };
                        await Http.PostAsJsonAsync("v1/keys", d{|CS1026:|}{|CS1002:|}
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, KeysClient }, null);
        }

        [Fact]
        public async Task GeneratedCode_IsIgnored()
        {
            const string source = """
                // <auto-generated/>
                class Keys : SaperlyKeys
                {
                    async Task Run() => await Http.PostAsJsonAsync("v1/keys", new { name = "a", permissions = "legacy_full" });
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, KeysClient }, null);
        }
    }
}

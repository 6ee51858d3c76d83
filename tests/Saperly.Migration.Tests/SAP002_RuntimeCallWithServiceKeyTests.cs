using System.Threading.Tasks;
using Saperly.Migration.Analyzers.Rules;
using VerifyCS = Saperly.Migration.Tests.Verifiers.AnalyzerVerifier<Saperly.Migration.Analyzers.Rules.RuntimeCallWithServiceKeyAnalyzer>;

namespace Saperly.Migration.Tests
{
    public class SAP002_RuntimeCallWithServiceKeyTests
    {
        [Fact]
        public async Task ServiceKeyClient_PlacingCallsAndReadingAudit_IsReported()
        {
            const string source = """
                class Agent
                {
                    private readonly HttpClient _http;

                    public Agent()
                    {
                        _http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                    }

                    public async Task Run()
                    {
                        await {|#0:_http.PostAsJsonAsync("v1/calls", new { line_id = "l", to_number = "+14155551234" })|};
                        await {|#1:_http.GetStringAsync("v1/audit?limit=10")|};
                        await _http.GetAsync("v1/keys");
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source,
                VerifyCS.Diagnostic(RuleIds.RuntimeCallWithServiceKey).WithLocation(0).WithArguments("POST /v1/calls", "SAPERLY_SERVICE_KEY", "SAPERLY_API_KEY"),
                VerifyCS.Diagnostic(RuleIds.RuntimeCallWithServiceKey).WithLocation(1).WithArguments("GET /v1/audit", "SAPERLY_SERVICE_KEY", "SAPERLY_API_KEY"));
        }

        [Fact]
        public async Task ServiceKeyLiteral_OnLines_IsReported_AndNeedsNoOtherEvidence()
        {
            const string source = """
                class C
                {
                    async Task Run(string lineId)
                    {
                        var http = new HttpClient();
                        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/lines/{lineId}");
                        request.Headers.Add("Authorization", "Bearer sk_svc_live_9fQ2mX7TqL");
                        await {|#0:http.SendAsync(request)|};
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source,
                VerifyCS.Diagnostic(RuleIds.RuntimeCallWithServiceKey).WithLocation(0).WithArguments("PATCH /v1/lines/{id}", "a hard-coded sk_svc_live_… key", "SAPERLY_API_KEY"));
        }

        [Fact]
        public async Task SdkStyleClient_ServiceKey_Calls_IsReported_ButKeysIsNot()
        {
            const string source = """
                class KeysResource { public Task<object> ListAsync() => Task.FromResult<object>(1); }
                class CallsResource { public Task<object> CreateAsync(object request) => Task.FromResult(request); }
                class SaperlyClient
                {
                    public SaperlyClient(string apiKey) { }
                    public KeysResource Keys { get; } = new();
                    public CallsResource Calls { get; } = new();
                }

                class Program
                {
                    private readonly SaperlyClient _svc = new SaperlyClient(Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY")!);

                    async Task Run()
                    {
                        await _svc.Keys.ListAsync();
                        await {|#0:_svc.Calls.CreateAsync(new { to = "+14155551234" })|};
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source,
                VerifyCS.Diagnostic(RuleIds.RuntimeCallWithServiceKey).WithLocation(0).WithArguments("Calls.CreateAsync (POST /v1/calls)", "SAPERLY_SERVICE_KEY", "SAPERLY_API_KEY"));
        }

        [Fact]
        public async Task ConfigurationServiceKey_SuggestsConfigurationTwin()
        {
            const string source = """
                class C(IConfiguration config)
                {
                    async Task Run()
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", config["Saperly:ServiceKey"]);
                        await {|#0:http.PostAsync("v1/messages", null)|};
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source,
                VerifyCS.Diagnostic(RuleIds.RuntimeCallWithServiceKey).WithLocation(0).WithArguments("POST /v1/messages", "configuration key \"Saperly:ServiceKey\"", "Saperly:ApiKey"));
        }

        [Fact]
        public async Task ConfiguredServiceKeyName_FromEditorConfig()
        {
            const string source = """
                class C
                {
                    async Task Run()
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("FLEET_ROOT_CREDENTIAL"));
                        await {|#0:http.GetAsync("v1/calls")|};
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source }, "saperly_migration.service_key_names = FLEET_ROOT_CREDENTIAL",
                VerifyCS.Diagnostic(RuleIds.RuntimeCallWithServiceKey).WithLocation(0).WithArguments("GET /v1/calls", "FLEET_ROOT_CREDENTIAL", "SAPERLY_API_KEY"));
        }

        [Fact]
        public async Task ApiKeyAndChildKey_OnDataPlane_AreQuiet()
        {
            const string source = """
                record MintedKey(string PlaintextKey);

                class C
                {
                    async Task Run(MintedKey child)
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                        await http.PostAsync("v1/calls", null);
                        var agent = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        agent.DefaultRequestHeaders.Authorization = new("Bearer", child.PlaintextKey);
                        await agent.GetAsync("v1/audit");
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task ServiceKey_OnSomeoneElsesHost_IsQuiet()
        {
            const string source = """
                class C
                {
                    async Task Run()
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://api.twilio.com/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                        await http.GetAsync("v1/calls");
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }
    }
}

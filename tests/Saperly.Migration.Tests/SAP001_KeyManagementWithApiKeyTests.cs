using System.Threading.Tasks;
using Saperly.Migration.Analyzers.Rules;
using VerifyCS = Saperly.Migration.Tests.Verifiers.AnalyzerVerifier<Saperly.Migration.Analyzers.Rules.KeyManagementWithApiKeyAnalyzer>;

namespace Saperly.Migration.Tests
{
    public class SAP001_KeyManagementWithApiKeyTests
    {
        [Fact]
        public async Task SharedClient_EnvironmentApiKey_PostKeys_IsReported()
        {
            const string source = """
                class KeyAdmin
                {
                    private readonly HttpClient _http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };

                    public KeyAdmin()
                    {
                        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                    }

                    public Task<HttpResponseMessage> Mint(HttpContent body) => {|#0:_http.PostAsync("v1/keys", body)|};
                    public Task<HttpResponseMessage> Calls(HttpContent body) => _http.PostAsync("v1/calls", body);
                }
                """;
            await VerifyCS.VerifyAsync(source, VerifyCS.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0)
                .WithArguments("POST /v1/keys", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
        }

        [Theory]
        [InlineData("await http.GetAsync(\"https://saperly.com/api/v1/keys?limit=10\")", "GET /v1/keys")]
        [InlineData("await http.GetFromJsonAsync<object>($\"https://saperly.com/api/v1/keys/{id}\")", "GET /v1/keys/{id}")]
        [InlineData("await http.DeleteAsync(\"https://saperly.com/api/v1/keys/\" + id)", "DELETE /v1/keys/{id}")]
        [InlineData("await http.PatchAsJsonAsync($\"https://saperly.com/v1/keys/{id}\", new { name = \"x\" })", "PATCH /v1/keys/{id}")]
        [InlineData("await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $\"https://saperly.com/api/v1/keys/{id}/rotate\") { Headers = { { \"Idempotency-Key\", Guid.NewGuid().ToString() } } })", "POST /v1/keys/{id}/rotate")]
        public async Task EveryKeyEndpoint_IsReported(string call, string endpoint)
        {
            var source = $$"""
                class C
                {
                    async Task Run(string id)
                    {
                        var http = new HttpClient();
                        http.DefaultRequestHeaders.Add("Authorization", "Bearer " + Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                        {|#0:{{call}}|};
                    }
                }
                """;
            // The await is part of the marked span for readability; the diagnostic sits on the invocation.
            source = source.Replace("{|#0:await ", "await {|#0:");
            await VerifyCS.VerifyAsync(source, VerifyCS.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0)
                .WithArguments(endpoint, "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task RequestMessage_PerRequestHeader_FromConfiguration_IsReported()
        {
            const string source = """
                class Rotator(IConfiguration config)
                {
                    private static readonly HttpClient Http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task Rotate(string keyId)
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/keys/{keyId}/rotate");
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", config["Saperly:ApiKey"]);
                        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                        using var response = await {|#0:Http.SendAsync(request)|};
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, VerifyCS.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0)
                .WithArguments("POST /v1/keys/{id}/rotate", "configuration key \"Saperly:ApiKey\"", "Saperly:ServiceKey"));
        }

        [Fact]
        public async Task ConfigurationSectionChain_AndGetValue_AreFollowed()
        {
            const string source = """
                class C
                {
                    async Task Run(IConfiguration config, HttpContent body)
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        var key = config.GetSection("Saperly")["ApiKey"];
                        http.DefaultRequestHeaders.Authorization = new("Bearer", key);
                        await {|#0:http.PostAsync("v1/keys", body)|};

                        var other = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        other.DefaultRequestHeaders.Authorization = new("Bearer", config.GetValue<string>("SAPERLY_API_KEY"));
                        await {|#1:other.DeleteAsync("v1/keys/k_1")|};
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source,
                VerifyCS.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("POST /v1/keys", "configuration key \"Saperly:ApiKey\"", "Saperly:ServiceKey"),
                VerifyCS.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(1).WithArguments("DELETE /v1/keys/{id}", "configuration key \"SAPERLY_API_KEY\"", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task NamedClient_RegisteredInAnotherFile_IsReported()
        {
            const string program = """
                static class Registration
                {
                    public static void Add(IServiceCollection services, IConfiguration config)
                    {
                        services.AddHttpClient("saperly", c =>
                        {
                            c.BaseAddress = new Uri("https://saperly.com/api/");
                            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config["SAPERLY_API_KEY"]);
                        });
                    }
                }
                """;
            const string rotator = """
                class KeyRotator(IHttpClientFactory factory)
                {
                    public async Task Revoke(string id)
                    {
                        var http = factory.CreateClient("saperly");
                        await {|#0:http.DeleteAsync($"v1/keys/{id}")|};
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { program, rotator }, null,
                VerifyCS.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("DELETE /v1/keys/{id}", "configuration key \"SAPERLY_API_KEY\"", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task TypedClient_PrimaryConstructor_ConfiguredInRegistration_IsReported()
        {
            const string program = """
                static class Registration
                {
                    public static void Add(IServiceCollection services)
                    {
                        services.AddHttpClient<KeysClient>(c =>
                        {
                            c.BaseAddress = new Uri(Environment.GetEnvironmentVariable("SAPERLY_BASE_URL") ?? "https://saperly.com/api/");
                            c.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                        });
                    }
                }
                """;
            const string client = """
                class KeysClient(HttpClient http)
                {
                    public Task<HttpResponseMessage> List() => {|#0:http.GetAsync("v1/keys")|};
                }
                """;
            await VerifyCS.VerifyAsync(new[] { program, client }, null,
                VerifyCS.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("GET /v1/keys", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task TypedClient_ClassicConstructor_FieldAssignment_IsReported()
        {
            const string source = """
                static class Registration
                {
                    public static void Add(IServiceCollection services) =>
                        services.AddHttpClient<SaperlyKeys>((sp, c) => c.DefaultRequestHeaders.Add("Authorization", $"Bearer {Environment.GetEnvironmentVariable("SAPERLY_API_KEY")}"));
                }

                class SaperlyKeys
                {
                    private readonly HttpClient _http;
                    public SaperlyKeys(HttpClient http)
                    {
                        _http = http;
                        _http.BaseAddress = new Uri("https://saperly.com/api/");
                    }

                    public Task<HttpResponseMessage> Mint(object body) => {|#0:_http.PostAsJsonAsync("v1/keys", body)|};
                }
                """;
            await VerifyCS.VerifyAsync(source,
                VerifyCS.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("POST /v1/keys", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task SdkStyleClient_ConstructedWithApiKey_KeysCall_IsReported()
        {
            const string source = """
                class SaperlyClientOptions { public string? ApiKey { get; set; } public string? BaseUrl { get; set; } }
                class KeysResource { public Task<object> CreateAsync(object request, string? idempotencyKey = null) => Task.FromResult(request); }
                class CallsResource { public Task<object> CreateAsync(object request) => Task.FromResult(request); }
                class SaperlyClient
                {
                    public SaperlyClient(SaperlyClientOptions options) { }
                    public KeysResource Keys { get; } = new();
                    public CallsResource Calls { get; } = new();
                }

                class Program
                {
                    async Task Run()
                    {
                        var client = new SaperlyClient(new SaperlyClientOptions { ApiKey = Environment.GetEnvironmentVariable("SAPERLY_API_KEY") });
                        await {|#0:client.Keys.CreateAsync(new { name = "agent" }, Guid.NewGuid().ToString())|};
                        await client.Calls.CreateAsync(new { to = "+14155551234" });
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source,
                VerifyCS.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("Keys.CreateAsync (POST /v1/keys)", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task KeyLiteral_AndOptionsProperty_AreCredentials()
        {
            const string source = """
                class SaperlyOptions { public string ApiKey { get; set; } = ""; }

                class C(Microsoft.Extensions.Options.IOptions<SaperlyOptions> options)
                {
                    async Task Run()
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", options.Value.ApiKey);
                        await {|#0:http.GetAsync("v1/keys")|};

                        var literal = new HttpClient();
                        literal.DefaultRequestHeaders.Add("Authorization", "Bearer sk_live_4eC39HqLyjWDarjtT1zdp7dc");
                        await {|#1:literal.GetAsync("https://saperly.com/api/v1/keys")|};
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source,
                VerifyCS.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("GET /v1/keys", "SaperlyOptions.ApiKey", "SaperlyOptions.ServiceKey"),
                VerifyCS.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(1).WithArguments("GET /v1/keys", "a hard-coded sk_live_… key", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task ConfiguredSecretName_FromEditorConfig_IsACredential()
        {
            const string source = """
                class C
                {
                    async Task Run()
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("VOICE_AGENT_TOKEN"));
                        await {|#0:http.GetAsync("v1/keys")|};
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source }, "saperly_migration.api_key_names = VOICE_AGENT_TOKEN",
                VerifyCS.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("GET /v1/keys", "VOICE_AGENT_TOKEN", "SAPERLY_SERVICE_KEY"));
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task ServiceKey_OnKeyManagement_IsQuiet()
        {
            const string source = """
                class C
                {
                    async Task Run(HttpContent body)
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = body };
                        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                        await http.SendAsync(request);
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task SomeoneElsesApi_IsQuiet()
        {
            const string source = """
                class C
                {
                    async Task Run(HttpContent body)
                    {
                        // Another vendor's /v1/keys with a Stripe-shaped key: not Saperly.
                        var stripe = new HttpClient { BaseAddress = new Uri("https://api.stripe.com/") };
                        stripe.DefaultRequestHeaders.Authorization = new("Bearer", "sk_live_51HqLyjWDarjtT1zdp7dc");
                        await stripe.PostAsync("v1/keys", body);

                        var other = new HttpClient();
                        other.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                        await other.GetAsync("https://api.example.com/v1/keys");

                        // A Stripe-shaped key, unknown host, nothing says Saperly.
                        var unknown = new HttpClient();
                        unknown.DefaultRequestHeaders.Authorization = new("Bearer", "sk_test_4eC39HqLyjWDarjtT1zdp7dc");
                        await unknown.GetAsync("/v1/keys");
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task UnknownCredentialOrPath_IsQuiet()
        {
            const string source = """
                class C
                {
                    async Task Run(HttpClient injected, string token, string resource, string url)
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
                        await http.GetAsync("v1/keys");          // credential cannot be established
                        await injected.GetAsync("v1/keys");      // client configured elsewhere
                        var http2 = new HttpClient();
                        http2.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                        await http2.GetAsync($"https://saperly.com/api/v1/{resource}"); // path unknown
                        await http2.GetAsync(url);
                        await http2.PostAsync("https://saperly.com/api/v1/auth/keys", null); // portal cookie endpoint
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task BrokenCode_DoesNotThrow()
        {
            const string source = """
                class C
                {
                    async Task Run()
                    {
                        var http = new HttpClient { BaseAddress = new Uri(
                        http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable(
                        await http.PostAsync("v1/keys", );
                        await {|CS0103:missing|}.Keys.CreateAsync();
                    }
                }
                """;
            var test = Verifiers.TestReferences.Use(new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<Saperly.Migration.Analyzers.Rules.KeyManagementWithApiKeyAnalyzer, Microsoft.CodeAnalysis.Testing.DefaultVerifier>
            {
                CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None,
            });
            test.TestState.Sources.Add(source.Replace("{|CS0103:missing|}", "missing"));
            test.TestState.Sources.Add(Verifiers.TestReferences.GlobalUsings);
            await test.RunAsync();
        }

        [Fact]
        public async Task GeneratedCode_IsIgnored()
        {
            const string source = """
                // <auto-generated/>
                class C
                {
                    async Task Run()
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                        await http.GetAsync("v1/keys");
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task GeneratedCodeType_InAHandWrittenFile_IsIgnored_ItsNeighbourIsNot()
        {
            // The rules walk whole files; a call inside a [GeneratedCode] type is still not reported.
            const string source = """
                [System.CodeDom.Compiler.GeneratedCode("client-generator", "1.0")]
                class GeneratedKeys
                {
                    async Task Run()
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                        await http.GetAsync("v1/keys");
                    }
                }

                class HandWrittenKeys
                {
                    async Task Run()
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                        await {|#0:http.GetAsync("v1/keys")|};
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, VerifyCS.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("GET /v1/keys", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task GeneratedCodeMembers_InAHandWrittenFile_AreIgnored_TheirNeighboursAreNot()
        {
            // A marked method, a marked nested type and a marked property; the unmarked method beside them is reported.
            const string source = """
                using System.CodeDom.Compiler;

                class Keys
                {
                    private readonly HttpClient _http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };

                    public Keys() => _http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    [GeneratedCode("client-generator", "1.0")]
                    public Task<HttpResponseMessage> ListGenerated() => _http.GetAsync("v1/keys");

                    [GeneratedCodeAttribute("client-generator", "1.0")]
                    public Task<HttpResponseMessage> Revoke => _http.DeleteAsync("v1/keys/k1");

                    [GeneratedCode("client-generator", "1.0")]
                    class Nested
                    {
                        Task<HttpResponseMessage> Run(HttpClient http)
                        {
                            http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                            return http.GetAsync("https://saperly.com/api/v1/keys");
                        }
                    }

                    public Task<HttpResponseMessage> List() => {|#0:_http.GetAsync("v1/keys")|};
                }
                """;
            await VerifyCS.VerifyAsync(source, VerifyCS.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("GET /v1/keys", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task ConfiguredClientType_FromEditorConfig_IsAnSdkStyleClient()
        {
            const string source = """
                class KeysResource { public Task<object> ListAsync() => Task.FromResult<object>(1); }
                class TelephonyClient
                {
                    public TelephonyClient(string apiKey) { }
                    public KeysResource Keys { get; } = new();
                }

                class Program
                {
                    async Task Run()
                    {
                        var client = new TelephonyClient(Environment.GetEnvironmentVariable("SAPERLY_API_KEY")!);
                        await {|#0:client.Keys.ListAsync()|};
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source }, "saperly_migration.client_types = Telephony",
                VerifyCS.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("Keys.ListAsync (GET /v1/keys)", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task ConfiguredNamesOnly_NoDefaultMarkerInTheSources_AreStillAnalyzed()
        {
            // Nothing here says v1/, Saperly or sk_svc_: only .editorconfig names make it a Saperly call,
            // so the compilation-level bail-out must not skip it.
            const string source = """
                class KeysResource { public Task<object> ListAsync() => Task.FromResult<object>(1); }
                class TelephonyClient
                {
                    public TelephonyClient(string apiKey) { }
                    public KeysResource Keys { get; } = new();
                }

                class Program
                {
                    async Task Run()
                    {
                        var client = new TelephonyClient(Environment.GetEnvironmentVariable("AGENT_PHONE_KEY")!);
                        await {|#0:client.Keys.ListAsync()|};
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source }, "saperly_migration.client_types = Telephony\nsaperly_migration.api_key_names = AGENT_PHONE_KEY",
                VerifyCS.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("Keys.ListAsync (GET /v1/keys)", "AGENT_PHONE_KEY", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task ConfiguredHost_FromEditorConfig_IsSaperlys()
        {
            // A gateway in front of Saperly, a Stripe-shaped literal: only the configured host makes it Saperly.
            const string source = """
                class C
                {
                    async Task Run()
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://telephony.internal.example/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", "sk_test_4eC39HqLyjWDarjtT1zdp7dc");
                        await {|#0:http.GetAsync("v1/keys")|};
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source }, "saperly_migration.hosts = telephony.internal.example",
                VerifyCS.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("GET /v1/keys", "a hard-coded sk_test_… key", "SAPERLY_SERVICE_KEY"));
            await VerifyCS.VerifyAsync(source);
        }
    }
}

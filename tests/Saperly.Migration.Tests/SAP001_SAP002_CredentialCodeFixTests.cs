using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Saperly.Migration.Analyzers.Rules;
using Sap001 = Saperly.Migration.Tests.Verifiers.CodeFixVerifier<Saperly.Migration.Analyzers.Rules.KeyManagementWithApiKeyAnalyzer, Saperly.Migration.CodeFixes.KeyManagementWithApiKeyCodeFix>;
using Sap002 = Saperly.Migration.Tests.Verifiers.CodeFixVerifier<Saperly.Migration.Analyzers.Rules.RuntimeCallWithServiceKeyAnalyzer, Saperly.Migration.CodeFixes.RuntimeCallWithServiceKeyCodeFix>;

namespace Saperly.Migration.Tests
{
    public class SAP001_SAP002_CredentialCodeFixTests
    {
        [Fact]
        public async Task DedicatedKeysClient_SwitchesTheEnvironmentVariable()
        {
            const string source = """
                class KeyManager
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public KeyManager() =>
                        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public Task<HttpResponseMessage> List() => {|#0:_http.GetAsync("v1/keys")|};
                    public Task<HttpResponseMessage> Revoke(string id) => {|#1:_http.DeleteAsync($"v1/keys/{id}")|};
                }
                """;
            const string fixedSource = """
                class KeyManager
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public KeyManager() =>
                        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));

                    public Task<HttpResponseMessage> List() => _http.GetAsync("v1/keys");
                    public Task<HttpResponseMessage> Revoke(string id) => _http.DeleteAsync($"v1/keys/{id}");
                }
                """;
            await Sap001.VerifyAsync(source, fixedSource,
                Sap001.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("GET /v1/keys", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"),
                Sap001.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(1).WithArguments("DELETE /v1/keys/{id}", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task DedicatedConfigurationKey_KeepsItsSpelling()
        {
            const string source = """
                class Rotator(IConfiguration config)
                {
                    public async Task Revoke(string id)
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", config["Saperly:ApiKey"]);
                        await {|#0:http.DeleteAsync($"v1/keys/{id}")|};
                    }
                }
                """;
            const string fixedSource = """
                class Rotator(IConfiguration config)
                {
                    public async Task Revoke(string id)
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", config["Saperly:ServiceKey"]);
                        await http.DeleteAsync($"v1/keys/{id}");
                    }
                }
                """;
            await Sap001.VerifyAsync(source, fixedSource, Sap001.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("DELETE /v1/keys/{id}", "configuration key \"Saperly:ApiKey\"", "Saperly:ServiceKey"));
        }

        [Fact]
        public async Task SharedClient_SplitsTheKeyCall_AndLeavesRuntimeCallsAlone()
        {
            const string source = """
                class Fleet
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public Fleet() =>
                        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public async Task Run(CancellationToken ct)
                    {
                        await _http.PostAsJsonAsync("v1/calls", new { to_number = "+14155551234" }, ct);
                        var minted = await {|#0:_http.PostAsJsonAsync("v1/keys", new { name = "agent" }, ct)|};
                    }
                }
                """;
            const string fixedSource = """
                class Fleet
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public Fleet() =>
                        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public async Task Run(CancellationToken ct)
                    {
                        await _http.PostAsJsonAsync("v1/calls", new { to_number = "+14155551234" }, ct);
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(new { name = "agent" }) };
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                        var minted = await _http.SendAsync(request, ct);
                    }
                }
                """;
            await Sap001.VerifyAsync(source, fixedSource, Sap001.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("POST /v1/keys", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task SharedClient_NamesShadowedAtTheCall_AreQualifiedSoTheFixStillBinds()
        {
            // Inserted names are spelled simply only where they mean the framework type at the call. Here the class
            // has a property named Environment and its namespace a type named HttpMethod: those two stay qualified.
            const string source = """
                namespace Fleet.Ops
                {
                    enum HttpMethod { Get, Post }

                    class Fleet
                    {
                        private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                        public string Environment => "production";

                        public Fleet() =>
                            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", System.Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                        public async Task Run(CancellationToken ct)
                        {
                            await _http.PostAsJsonAsync("v1/calls", new { to_number = "+14155551234" }, ct);
                            var minted = await {|#0:_http.PostAsJsonAsync("v1/keys", new { name = "agent" }, ct)|};
                        }
                    }
                }
                """;
            const string fixedSource = """
                namespace Fleet.Ops
                {
                    enum HttpMethod { Get, Post }

                    class Fleet
                    {
                        private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                        public string Environment => "production";

                        public Fleet() =>
                            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", System.Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                        public async Task Run(CancellationToken ct)
                        {
                            await _http.PostAsJsonAsync("v1/calls", new { to_number = "+14155551234" }, ct);
                            using var request = new HttpRequestMessage(System.Net.Http.HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(new { name = "agent" }) };
                            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", System.Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                            var minted = await _http.SendAsync(request, ct);
                        }
                    }
                }
                """;
            await Sap001.VerifyAsync(source, fixedSource, Sap001.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("POST /v1/keys", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task SharedClient_RequestMessage_GetsItsOwnAuthorization()
        {
            const string source = """
                class Fleet
                {
                    private static readonly HttpClient Http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    static Fleet() => Http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public async Task Rotate(string id)
                    {
                        await Http.GetAsync("v1/audit?limit=10");
                        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/keys/{id}/rotate");
                        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                        await {|#0:Http.SendAsync(request)|};
                    }
                }
                """;
            const string fixedSource = """
                class Fleet
                {
                    private static readonly HttpClient Http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    static Fleet() => Http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public async Task Rotate(string id)
                    {
                        await Http.GetAsync("v1/audit?limit=10");
                        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/keys/{id}/rotate");
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                        await Http.SendAsync(request);
                    }
                }
                """;
            await Sap001.VerifyAsync(source, fixedSource, Sap001.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("POST /v1/keys/{id}/rotate", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task SharedClient_FixAll_TwoKeyCallsInOneMethod_GetDistinctRequests_AndCrlfStays()
        {
            var source = """
                class Fleet
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public Fleet() =>
                        _http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public async Task Run(string id)
                    {
                        await _http.GetAsync("v1/calls");
                        var list = await {|#0:_http.GetFromJsonAsync<object>("v1/keys")|};
                        await {|#1:_http.DeleteAsync($"v1/keys/{id}")|};
                    }
                }
                """.Replace("\n", "\r\n");
            var fixedSource = """
                class Fleet
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public Fleet() =>
                        _http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public async Task Run(string id)
                    {
                        await _http.GetAsync("v1/calls");
                        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/keys");
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                        var list = await (await _http.SendAsync(request)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<object>();
                        using var request2 = new HttpRequestMessage(HttpMethod.Delete, $"v1/keys/{id}");
                        request2.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                        await _http.SendAsync(request2);
                    }
                }
                """.Replace("\n", "\r\n");
            var test = Sap001.Create(source, fixedSource);
            test.ExpectedDiagnostics.Add(Sap001.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("GET /v1/keys", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
            test.ExpectedDiagnostics.Add(Sap001.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(1).WithArguments("DELETE /v1/keys/{id}", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
            test.BatchFixedState.Sources.Add(("/0/Test0.cs", fixedSource));
            test.BatchFixedState.Sources.Add(("/0/GlobalUsings.cs", Verifiers.TestReferences.GlobalUsings));
            test.CodeActionValidationMode = CodeActionValidationMode.None;
            await test.RunAsync();
        }

        [Fact]
        public async Task NamedClient_UsedOnlyForKeys_ChangesTheRegistrationInAnotherFile()
        {
            const string registration = """
                static class Registration
                {
                    public static void Add(IServiceCollection services, IConfiguration config) =>
                        services.AddHttpClient("saperly-keys", c =>
                        {
                            c.BaseAddress = new Uri("https://saperly.com/api/");
                            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config["SAPERLY_API_KEY"]);
                        });
                }
                """;
            const string usage = """
                class KeyRotator(IHttpClientFactory factory)
                {
                    public Task<HttpResponseMessage> Revoke(string id) => {|#0:factory.CreateClient("saperly-keys").DeleteAsync($"v1/keys/{id}")|};
                }
                """;
            var test = Sap001.Create(usage, usage.Replace("{|#0:", "").Replace("|}", ""));
            test.TestState.Sources.Add(("/0/Registration.cs", registration));
            test.FixedState.Sources.Add(("/0/Registration.cs", registration.Replace("config[\"SAPERLY_API_KEY\"]", "config[\"SAPERLY_SERVICE_KEY\"]")));
            test.ExpectedDiagnostics.Add(Sap001.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("DELETE /v1/keys/{id}", "configuration key \"SAPERLY_API_KEY\"", "SAPERLY_SERVICE_KEY"));
            await test.RunAsync();
        }

        private const string SdkTypes = """
            class SaperlyClientOptions { public string? ApiKey { get; set; } }
            record CreatedKey(string Id, string PlaintextKey);
            class KeysResource { public Task<CreatedKey> CreateAsync(object request, string? idempotencyKey = null) => Task.FromResult(new CreatedKey("k", "sk_test_x")); }
            class CallsResource { public Task<object> CreateAsync(object request) => Task.FromResult(request); }
            class SaperlyClient
            {
                public SaperlyClient(SaperlyClientOptions options) { }
                public KeysResource Keys { get; } = new();
                public CallsResource Calls { get; } = new();
            }
            """;

        [Fact]
        public async Task SdkClient_SharedApiKey_KeysCallGetsAServiceClient()
        {
            var source = SdkTypes + """

                class Program
                {
                    async Task Run()
                    {
                        var client = new SaperlyClient(new SaperlyClientOptions { ApiKey = Environment.GetEnvironmentVariable("SAPERLY_API_KEY") });
                        var child = await {|#0:client.Keys.CreateAsync(new { name = "agent-prod" }, Guid.NewGuid().ToString())|};
                        await client.Calls.CreateAsync(new { to_number = "+14155551234" });
                    }
                }
                """;
            var fixedSource = SdkTypes + """

                class Program
                {
                    async Task Run()
                    {
                        var client = new SaperlyClient(new SaperlyClientOptions { ApiKey = Environment.GetEnvironmentVariable("SAPERLY_API_KEY") });
                        var svc = new SaperlyClient(new SaperlyClientOptions { ApiKey = Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY") });
                        var child = await svc.Keys.CreateAsync(new { name = "agent-prod" }, Guid.NewGuid().ToString());
                        await client.Calls.CreateAsync(new { to_number = "+14155551234" });
                    }
                }
                """;
            await Sap001.VerifyAsync(source, fixedSource, Sap001.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("Keys.CreateAsync (POST /v1/keys)", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task SdkClient_ServiceKeyPlacingCalls_UsesTheMintedChildKey()
        {
            var source = SdkTypes + """

                class Program
                {
                    async Task Run()
                    {
                        var svc = new SaperlyClient(new SaperlyClientOptions { ApiKey = Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY") });
                        var child = await svc.Keys.CreateAsync(new { name = "agent-prod" }, Guid.NewGuid().ToString());
                        await {|#0:svc.Calls.CreateAsync(new { to_number = "+14155551234" })|};
                    }
                }
                """;
            var fixedSource = SdkTypes + """

                class Program
                {
                    async Task Run()
                    {
                        var svc = new SaperlyClient(new SaperlyClientOptions { ApiKey = Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY") });
                        var child = await svc.Keys.CreateAsync(new { name = "agent-prod" }, Guid.NewGuid().ToString());
                        var agent = new SaperlyClient(new SaperlyClientOptions { ApiKey = child.PlaintextKey });
                        await agent.Calls.CreateAsync(new { to_number = "+14155551234" });
                    }
                }
                """;
            await Sap002.VerifyAsync(source, fixedSource, Sap002.Diagnostic(RuleIds.RuntimeCallWithServiceKey).WithLocation(0).WithArguments("Calls.CreateAsync (POST /v1/calls)", "SAPERLY_SERVICE_KEY", "SAPERLY_API_KEY"));
        }

        [Fact]
        public async Task DedicatedRuntimeClient_WithServiceKeyConfiguration_SwitchesToApiKey()
        {
            const string source = """
                class Dialer(IConfiguration config)
                {
                    public async Task Call()
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", config["Saperly:ServiceKey"]);
                        await {|#0:http.PostAsJsonAsync("v1/calls", new { to_number = "+14155551234" })|};
                    }
                }
                """;
            const string fixedSource = """
                class Dialer(IConfiguration config)
                {
                    public async Task Call()
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", config["Saperly:ApiKey"]);
                        await http.PostAsJsonAsync("v1/calls", new { to_number = "+14155551234" });
                    }
                }
                """;
            await Sap002.VerifyAsync(source, fixedSource, Sap002.Diagnostic(RuleIds.RuntimeCallWithServiceKey).WithLocation(0).WithArguments("POST /v1/calls", "configuration key \"Saperly:ServiceKey\"", "Saperly:ApiKey"));
        }

        [Fact]
        public async Task SdkClient_MultiLineConstruction_IsReindentedAtTheCall()
        {
            var source = SdkTypes + """

                class Program
                {
                    private readonly SaperlyClient _client = new SaperlyClient(new SaperlyClientOptions
                    {
                        ApiKey = Environment.GetEnvironmentVariable("SAPERLY_API_KEY"),
                    });

                    async Task Run()
                    {
                        if (DateTime.Now.Year > 2000)
                        {
                            await {|#0:_client.Keys.CreateAsync(new { name = "agent-prod" }, Guid.NewGuid().ToString())|};
                        }

                        await _client.Calls.CreateAsync(new { to_number = "+14155551234" });
                    }
                }
                """;
            var fixedSource = SdkTypes + """

                class Program
                {
                    private readonly SaperlyClient _client = new SaperlyClient(new SaperlyClientOptions
                    {
                        ApiKey = Environment.GetEnvironmentVariable("SAPERLY_API_KEY"),
                    });

                    async Task Run()
                    {
                        if (DateTime.Now.Year > 2000)
                        {
                            var svc = new SaperlyClient(new SaperlyClientOptions
                            {
                                ApiKey = Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"),
                            });
                            await svc.Keys.CreateAsync(new { name = "agent-prod" }, Guid.NewGuid().ToString());
                        }

                        await _client.Calls.CreateAsync(new { to_number = "+14155551234" });
                    }
                }
                """;
            await Sap001.VerifyAsync(source, fixedSource, Sap001.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0)
                .WithArguments("Keys.CreateAsync (POST /v1/keys)", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task SharedClient_ExpressionBodiedKeyMethod_GetsABlockBodyWithItsOwnRequest()
        {
            const string source = """
                class KeyAdmin
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public KeyAdmin() => _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public Task<HttpResponseMessage> Mint() => {|#0:_http.PostAsJsonAsync("v1/keys", new { name = "agent" })|};
                    public Task<HttpResponseMessage> Call() => _http.PostAsJsonAsync("v1/calls", new { to_number = "+14155551234" });
                }
                """;
            const string fixedSource = """
                class KeyAdmin
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public KeyAdmin() => _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public Task<HttpResponseMessage> Mint()
                    {
                        var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(new { name = "agent" }) };
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                        return _http.SendAsync(request);
                    }
                    public Task<HttpResponseMessage> Call() => _http.PostAsJsonAsync("v1/calls", new { to_number = "+14155551234" });
                }
                """;
            await Sap001.VerifyAsync(source, fixedSource, Sap001.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0)
                .WithArguments("POST /v1/keys", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task SourceInGeneratedCode_IsNotEdited_TheCallIsSplitInstead()
        {
            const string registration = """
                // <auto-generated/>
                static class Registration
                {
                    public static void Add(IServiceCollection services, IConfiguration config) =>
                        services.AddHttpClient("saperly-keys", c =>
                        {
                            c.BaseAddress = new Uri("https://saperly.com/api/");
                            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                        });
                }
                """;
            const string usage = """
                class KeyRotator(IHttpClientFactory factory)
                {
                    public async Task Revoke(string id)
                    {
                        var http = factory.CreateClient("saperly-keys");
                        await {|#0:http.DeleteAsync($"v1/keys/{id}")|};
                    }
                }
                """;
            const string fixedUsage = """
                class KeyRotator(IHttpClientFactory factory)
                {
                    public async Task Revoke(string id)
                    {
                        var http = factory.CreateClient("saperly-keys");
                        using var request = new HttpRequestMessage(HttpMethod.Delete, $"v1/keys/{id}");
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                        await http.SendAsync(request);
                    }
                }
                """;
            var test = Sap001.Create(usage, fixedUsage);
            test.TestState.Sources.Add(("/0/Registration.g.cs", registration));
            test.FixedState.Sources.Add(("/0/Registration.g.cs", registration));
            test.ExpectedDiagnostics.Add(Sap001.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0)
                .WithArguments("DELETE /v1/keys/{id}", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
            await test.RunAsync();
        }

        [Fact]
        public async Task SharedClient_RequestCreatedInTheCall_ExpressionBody_BecomesALocalWithItsOwnAuthorization()
        {
            // The shape SAP003's fix leaves on a shorthand call; SAP001 used to offer no fix for it.
            const string source = """
                class AgentKeys
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public AgentKeys() =>
                        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public Task<HttpResponseMessage> MintAsync(string name) => {|#0:_http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(new { name }), Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } } })|};

                    public Task<HttpResponseMessage> GetCallAsync(string id) => _http.GetAsync($"v1/calls/{id}");
                }
                """;
            const string fixedSource = """
                class AgentKeys
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public AgentKeys() =>
                        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public Task<HttpResponseMessage> MintAsync(string name)
                    {
                        var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(new { name }), Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } } };
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                        return _http.SendAsync(request);
                    }

                    public Task<HttpResponseMessage> GetCallAsync(string id) => _http.GetAsync($"v1/calls/{id}");
                }
                """;
            await Sap001.VerifyAsync(source, fixedSource, Sap001.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("POST /v1/keys", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task SharedClient_TargetTypedRequestInTheCall_InABlock_IsDeclaredBeforeTheStatement()
        {
            const string source = """
                class Fleet
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public Fleet() =>
                        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public async Task Revoke(string id, CancellationToken ct)
                    {
                        await _http.GetAsync($"v1/calls/{id}", ct);
                        var response = await {|#0:_http.SendAsync(new(HttpMethod.Delete, $"v1/keys/{id}"), ct)|};
                    }
                }
                """;
            const string fixedSource = """
                class Fleet
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public Fleet() =>
                        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public async Task Revoke(string id, CancellationToken ct)
                    {
                        await _http.GetAsync($"v1/calls/{id}", ct);
                        var request = new HttpRequestMessage(HttpMethod.Delete, $"v1/keys/{id}");
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                        var response = await _http.SendAsync(request, ct);
                    }
                }
                """;
            await Sap001.VerifyAsync(source, fixedSource, Sap001.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("DELETE /v1/keys/{id}", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task SharedClient_RequestCreatedInAConditionalBranch_GetsItsAuthorizationInItsInitializer()
        {
            // Declaring the request before the statement would create it even when the branch is not taken: its headers go in its initializer.
            const string source = """
                class Fleet
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public Fleet() =>
                        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public async Task<HttpResponseMessage?> Revoke(string id, bool revoke)
                    {
                        await _http.GetAsync($"v1/calls/{id}");
                        return revoke ? await {|#0:_http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"v1/keys/{id}"))|} : null;
                    }
                }
                """;
const string fixedSource = """
                class Fleet
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public Fleet() =>
                        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public async Task<HttpResponseMessage?> Revoke(string id, bool revoke)
                    {
                        await _http.GetAsync($"v1/calls/{id}");
                        return revoke ? await _http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"v1/keys/{id}") { Headers = { { "Authorization", "Bearer " + Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY") } } }) : null;
                    }
                }
                """;
            await Sap001.VerifyAsync(source, fixedSource, Sap001.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("DELETE /v1/keys/{id}", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task SharedServiceKeyClient_RuntimeRequestCreatedInTheCall_GetsTheApiKey()
        {
            const string source = """
                class Dialer
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public Dialer() =>
                        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));

                    public async Task Run()
                    {
                        await _http.GetAsync("v1/keys");
                        await {|#0:_http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "v1/calls") { Content = JsonContent.Create(new { to_number = "+14155551234" }) })|};
                    }
                }
                """;
            const string fixedSource = """
                class Dialer
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public Dialer() =>
                        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));

                    public async Task Run()
                    {
                        await _http.GetAsync("v1/keys");
                        var request = new HttpRequestMessage(HttpMethod.Post, "v1/calls") { Content = JsonContent.Create(new { to_number = "+14155551234" }) };
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                        await _http.SendAsync(request);
                    }
                }
                """;
            await Sap002.VerifyAsync(source, fixedSource, Sap002.Diagnostic(RuleIds.RuntimeCallWithServiceKey).WithLocation(0).WithArguments("POST /v1/calls", "SAPERLY_SERVICE_KEY", "SAPERLY_API_KEY"));
        }

        [Fact]
        public async Task SharedClient_ShorthandCallInAConditionalBranch_BecomesARequestCreatedInTheBranch()
        {
            // A request declared before the statement would be created even when the branch is not taken: it is created in the call.
            const string source = """
                class Fleet
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public Fleet() =>
                        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public async Task<HttpResponseMessage?> Revoke(string id, bool revoke)
                    {
                        await _http.GetAsync($"v1/calls/{id}");
                        return revoke ? await {|#0:_http.DeleteAsync($"v1/keys/{id}")|} : null;
                    }
                }
                """;
const string fixedSource = """
                class Fleet
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public Fleet() =>
                        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public async Task<HttpResponseMessage?> Revoke(string id, bool revoke)
                    {
                        await _http.GetAsync($"v1/calls/{id}");
                        return revoke ? await _http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"v1/keys/{id}") { Headers = { { "Authorization", "Bearer " + Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY") } } }) : null;
                    }
                }
                """;
            await Sap001.VerifyAsync(source, fixedSource, Sap001.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("DELETE /v1/keys/{id}", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task SharedClient_ShorthandCallInALoopCondition_BecomesARequestCreatedOnEachIteration()
        {
            // One request declared before the loop would be sent on every iteration, which HttpClient refuses: each iteration creates its own.
            const string source = """
                class Fleet
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public Fleet() =>
                        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public async Task Revoke(string id)
                    {
                        await _http.GetAsync($"v1/calls/{id}");
                        while (!(await {|#0:_http.DeleteAsync($"v1/keys/{id}")|}).IsSuccessStatusCode)
                        {
                            await Task.Delay(100);
                        }
                    }
                }
                """;
const string fixedSource = """
                class Fleet
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public Fleet() =>
                        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public async Task Revoke(string id)
                    {
                        await _http.GetAsync($"v1/calls/{id}");
                        while (!(await _http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"v1/keys/{id}") { Headers = { { "Authorization", "Bearer " + Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY") } } })).IsSuccessStatusCode)
                        {
                            await Task.Delay(100);
                        }
                    }
                }
                """;
            await Sap001.VerifyAsync(source, fixedSource, Sap001.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("DELETE /v1/keys/{id}", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
        }

        [Fact]
        public async Task TopLevelProgram_SharedLocalClient_KeyCallsGoThroughASecondClient_AsTheGuideWritesIt()
        {
            // The upgrade guide's own smoke test, as a top-level program: one client for everything. Fixed, it reads like
            // the guide's two-client pattern: a service-key client declared and configured like the first, for the key calls.
            const string source = """
                var baseUrl = Environment.GetEnvironmentVariable("SAPERLY_BASE_URL") ?? "https://saperly.com/api/";
                using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                using var calls = await http.GetAsync("v1/calls?limit=1");

                // Mint, list and revoke a smoke-test key.
                using var minted = await {|#0:http.PostAsJsonAsync("v1/keys", new { name = "migration-smoke-test" })|};
                var keys = await {|#1:http.GetFromJsonAsync<object>("v1/keys")|};
                using var revoked = await {|#2:http.DeleteAsync("v1/keys/key_1")|};

                using var audit = await http.GetAsync("v1/audit?limit=10");
                """;
            const string fixedSource = """
                var baseUrl = Environment.GetEnvironmentVariable("SAPERLY_BASE_URL") ?? "https://saperly.com/api/";
                using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                using var svc = new HttpClient { BaseAddress = new Uri(baseUrl) };
                svc.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));

                using var calls = await http.GetAsync("v1/calls?limit=1");

                // Mint, list and revoke a smoke-test key.
                using var minted = await svc.PostAsJsonAsync("v1/keys", new { name = "migration-smoke-test" });
                var keys = await svc.GetFromJsonAsync<object>("v1/keys");
                using var revoked = await svc.DeleteAsync("v1/keys/key_1");

                using var audit = await http.GetAsync("v1/audit?limit=10");
                """;
            var test = Sap001.Create(source, fixedSource);
            test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
            test.ExpectedDiagnostics.Add(Sap001.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0).WithArguments("POST /v1/keys", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
            test.ExpectedDiagnostics.Add(Sap001.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(1).WithArguments("GET /v1/keys", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
            test.ExpectedDiagnostics.Add(Sap001.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(2).WithArguments("DELETE /v1/keys/{id}", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
            await test.RunAsync();
        }
    }
}

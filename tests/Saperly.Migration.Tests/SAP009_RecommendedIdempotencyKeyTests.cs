using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Saperly.Migration.Analyzers.Rules;
using VerifyCS = Saperly.Migration.Tests.Verifiers.AnalyzerVerifier<Saperly.Migration.Analyzers.Rules.RecommendedIdempotencyKeyAnalyzer>;

namespace Saperly.Migration.Tests
{
    public class SAP009_RecommendedIdempotencyKeyTests
    {
        private static DiagnosticResult Sap009(int location, string endpoint) =>
            VerifyCS.Diagnostic(RuleIds.RecommendedIdempotencyKey).WithLocation(location).WithArguments(endpoint);

        [Fact]
        public async Task CreateCallAndSendMessage_WithoutHeader_AreReported_AsInfo()
        {
            const string source = """
                class Dialer
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public Dialer() =>
                        _http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public async Task Run(CancellationToken ct)
                    {
                        await {|#0:_http.PostAsJsonAsync("v1/calls", new { to = "+15550100", line_id = "ln_1" }, ct)|};
                        await {|#1:_http.PostAsync("v1/messages", new StringContent("{}"), ct)|};
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/calls") { Content = JsonContent.Create(new { to = "+15550101" }) };
                        await {|#2:_http.SendAsync(request, ct)|};
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source,
                Sap009(0, "POST /v1/calls").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info),
                Sap009(1, "POST /v1/messages"),
                Sap009(2, "POST /v1/calls"));
        }

        [Fact]
        public async Task HeaderOnRequest_InInitializer_OrOnClientDefaults_IsQuiet()
        {
            const string source = """
                class C
                {
                    async Task Run()
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        using var a = new HttpRequestMessage(HttpMethod.Post, "v1/calls");
                        a.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                        await http.SendAsync(a);
                        await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "v1/messages") { Headers = { { "idempotency-key", Guid.NewGuid().ToString() } } });

                        var keyed = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        keyed.DefaultRequestHeaders.Add("Idempotency-Key", Guid.NewGuid().ToString());
                        await keyed.PostAsJsonAsync("v1/messages", new { to = "+15550100", body = "hi" });
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task OtherDataPlaneCalls_AndReads_AreQuiet()
        {
            const string source = """
                class C
                {
                    async Task Run(string id)
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        await http.GetAsync("v1/calls");
                        await http.GetAsync($"v1/calls/{id}");
                        await http.PostAsync($"v1/calls/{id}/hangup", null);
                        await http.PostAsJsonAsync($"v1/calls/{id}/speak", new { text = "hello" });
                        await http.PostAsJsonAsync("v1/lines", new { area_code = "415" });
                        await http.GetAsync("v1/messages");
                        await http.DeleteAsync($"v1/messages/{id}");
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task MintWithoutHeader_IsSap003s_NotThisRules()
        {
            const string source = """
                class C
                {
                    async Task Run()
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                        await http.PostAsJsonAsync("v1/keys", new { name = "a" });
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task NamedClient_IsReported_UnlessAHandlerMayAddTheHeader()
        {
            const string program = """
                class IdempotencyHandler : DelegatingHandler { }

                static class Registration
                {
                    public static void Add(IServiceCollection services)
                    {
                        services.AddHttpClient("saperly", c => c.BaseAddress = new Uri("https://saperly.com/api/"));
                        services.AddHttpClient("saperly-handled", c => c.BaseAddress = new Uri("https://saperly.com/api/"))
                            .AddHttpMessageHandler<IdempotencyHandler>();
                    }
                }
                """;
            const string usage = """
                class Notifier(IHttpClientFactory factory)
                {
                    public async Task Notify()
                    {
                        await {|#0:factory.CreateClient("saperly").PostAsJsonAsync("v1/messages", new { to = "+15550100", body = "a" })|};
                        await factory.CreateClient("saperly-handled").PostAsJsonAsync("v1/messages", new { to = "+15550100", body = "b" });
                        var custom = new HttpClient(new IdempotencyHandler()) { BaseAddress = new Uri("https://saperly.com/api/") };
                        await custom.PostAsJsonAsync("v1/calls", new { to = "+15550100" });
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { program, usage }, null, Sap009(0, "POST /v1/messages"));
        }

        [Fact]
        public async Task SdkStyleClient_OmittedIdempotencyKey_IsReported_NoSuchParameter_IsQuiet()
        {
            const string source = """
                class CallsResource
                {
                    public Task<object> CreateAsync(object request, string? idempotencyKey = null) => Task.FromResult(request);
                }
                class MessagesResource
                {
                    public Task<object> SendAsync(object request, string? idempotencyKey = null) => Task.FromResult(request);
                }
                class LinesResource
                {
                    public Task<object> CreateAsync(object request) => Task.FromResult(request);
                }
                class SaperlyClient
                {
                    public SaperlyClient(string key) { }
                    public CallsResource Calls { get; } = new();
                    public MessagesResource Messages { get; } = new();
                }
                class OtherSaperlyClient
                {
                    public CallsResource2 Calls { get; } = new();
                }
                class CallsResource2
                {
                    public Task<object> CreateAsync(object request) => Task.FromResult(request);
                }

                class Program
                {
                    async Task Run(OtherSaperlyClient other)
                    {
                        var agent = new SaperlyClient(Environment.GetEnvironmentVariable("SAPERLY_API_KEY")!);
                        await {|#0:agent.Calls.CreateAsync(new { to = "+15550100" })|};
                        await {|#1:agent.Messages.SendAsync(new { to = "+15550100", body = "hi" }, null)|};
                        await agent.Messages.SendAsync(new { to = "+15550100", body = "hi" }, Guid.NewGuid().ToString());
                        await other.Calls.CreateAsync(new { to = "+15550100" });   // nothing to pass
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source,
                Sap009(0, "Calls.CreateAsync (POST /v1/calls)"),
                Sap009(1, "Messages.SendAsync (POST /v1/messages)"));
        }

        [Fact]
        public async Task SomeoneElsesCallsEndpoint_IsQuiet()
        {
            const string source = """
                class C
                {
                    async Task Run()
                    {
                        // A voice vendor's own /v1/calls, and an unknown host with nothing that says Saperly.
                        var vendor = new HttpClient { BaseAddress = new Uri("https://api.vapi.ai/") };
                        await vendor.PostAsJsonAsync("v1/calls", new { to = "+15550100" });
                        var http = new HttpClient();
                        await http.PostAsJsonAsync("/v1/messages", new { to = "+15550100" });
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task BrokenCode_DoesNotThrow()
        {
            const string source = """
                class SaperlyDialer
                {
                    async Task Run()
                    {
                        var http = new HttpClient { BaseAddress = new Uri(
                        await http.PostAsJsonAsync("v1/calls", );
                        await http.PostAsync(, null);
                        await missing.Calls.CreateAsync();
                        using var r = new HttpRequestMessage(HttpMethod.Post, );
                        await http.SendAsync(r
                    }
                }
                """;
            var test = Verifiers.TestReferences.Use(new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<RecommendedIdempotencyKeyAnalyzer, DefaultVerifier>
            {
                CompilerDiagnostics = CompilerDiagnostics.None,
            });
            test.TestState.Sources.Add(source);
            test.TestState.Sources.Add(Verifiers.TestReferences.GlobalUsings);
            await test.RunAsync();
        }

        [Fact]
        public async Task GeneratedCode_IsIgnored()
        {
            const string generated = """
                // <auto-generated/>
                class SaperlyGeneratedClient
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };
                    public Task<HttpResponseMessage> Call(object body) => _http.PostAsJsonAsync("v1/calls", body);
                }
                """;
            const string designer = """
                class SaperlyMessages
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };
                    public Task<HttpResponseMessage> Send(object body) => _http.PostAsJsonAsync("v1/messages", body);
                }
                """;
            var test = Verifiers.TestReferences.Use(new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<RecommendedIdempotencyKeyAnalyzer, DefaultVerifier>());
            test.TestState.Sources.Add(("/0/Generated.cs", generated));
            test.TestState.Sources.Add(("/0/Messages.g.cs", designer));
            test.TestState.Sources.Add(("/0/GlobalUsings.cs", Verifiers.TestReferences.GlobalUsings));
            await test.RunAsync();
        }
    }
}

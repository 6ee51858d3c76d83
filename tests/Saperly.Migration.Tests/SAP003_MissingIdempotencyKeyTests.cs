using System.Threading.Tasks;
using Saperly.Migration.Analyzers.Rules;
using VerifyCS = Saperly.Migration.Tests.Verifiers.AnalyzerVerifier<Saperly.Migration.Analyzers.Rules.MissingIdempotencyKeyAnalyzer>;

namespace Saperly.Migration.Tests
{
    public class SAP003_MissingIdempotencyKeyTests
    {
        [Fact]
        public async Task MintAndRotate_WithoutHeader_AreReported()
        {
            const string source = """
                class KeyManager
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public KeyManager() =>
                        _http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));

                    public async Task Run(string id, CancellationToken ct)
                    {
                        await {|#0:_http.PostAsJsonAsync("v1/keys", new { name = "agent-prod", permissions = "call_only" }, ct)|};
                        await {|#1:_http.PostAsync($"v1/keys/{id}/rotate", null, ct)|};
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(new { name = "x" }) };
                        await {|#2:_http.SendAsync(request, ct)|};
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source,
                VerifyCS.Diagnostic(RuleIds.MissingIdempotencyKey).WithLocation(0).WithArguments("POST /v1/keys"),
                VerifyCS.Diagnostic(RuleIds.MissingIdempotencyKey).WithLocation(1).WithArguments("POST /v1/keys/{id}/rotate"),
                VerifyCS.Diagnostic(RuleIds.MissingIdempotencyKey).WithLocation(2).WithArguments("POST /v1/keys"));
        }

        [Fact]
        public async Task HeaderOnRequest_InInitializer_OrOnClient_IsQuiet()
        {
            const string source = """
                class C
                {
                    async Task Run(string id)
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                        using var a = new HttpRequestMessage(HttpMethod.Post, "v1/keys");
                        a.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                        await http.SendAsync(a);
                        await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"v1/keys/{id}/rotate") { Headers = { { "idempotency-key", Guid.NewGuid().ToString() } } });
                        using var b = new HttpRequestMessage { Method = HttpMethod.Post, RequestUri = new Uri("v1/keys", UriKind.Relative) };
                        b.Headers.TryAddWithoutValidation("Idempotency-Key", Guid.NewGuid().ToString());
                        await http.SendAsync(b);
                        await http.GetAsync("v1/keys");          // GET needs no key
                        await http.DeleteAsync($"v1/keys/{id}");  // nor DELETE
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task NamedClient_WithoutHeader_IsReported_UnlessAHandlerMayAddIt()
        {
            const string program = """
                class IdempotencyHandler : DelegatingHandler { }

                static class Registration
                {
                    public static void Add(IServiceCollection services)
                    {
                        services.AddHttpClient("saperly-keys", c => c.BaseAddress = new Uri("https://saperly.com/api/"));
                        services.AddHttpClient("saperly-handled", c => c.BaseAddress = new Uri("https://saperly.com/api/"))
                            .AddHttpMessageHandler<IdempotencyHandler>();
                    }
                }
                """;
            const string usage = """
                class Minter(IHttpClientFactory factory)
                {
                    public async Task Mint()
                    {
                        await {|#0:factory.CreateClient("saperly-keys").PostAsJsonAsync("v1/keys", new { name = "a" })|};
                        await factory.CreateClient("saperly-handled").PostAsJsonAsync("v1/keys", new { name = "b" });
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { program, usage }, null,
                VerifyCS.Diagnostic(RuleIds.MissingIdempotencyKey).WithLocation(0).WithArguments("POST /v1/keys"));
        }

        [Fact]
        public async Task SdkStyleClient_OmittedIdempotencyKeyParameter_IsReported()
        {
            const string source = """
                class KeysResource
                {
                    public Task<object> CreateAsync(object request, string? idempotencyKey = null) => Task.FromResult(request);
                    public Task<object> RotateAsync(string id, string? idempotencyKey = null) => Task.FromResult<object>(id);
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
                        await {|#0:svc.Keys.CreateAsync(new { name = "agent" })|};
                        await {|#1:svc.Keys.RotateAsync("k_1", null)|};
                        await svc.Keys.RotateAsync("k_1", Guid.NewGuid().ToString());
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source,
                VerifyCS.Diagnostic(RuleIds.MissingIdempotencyKey).WithLocation(0).WithArguments("Keys.CreateAsync (POST /v1/keys)"),
                VerifyCS.Diagnostic(RuleIds.MissingIdempotencyKey).WithLocation(1).WithArguments("Keys.RotateAsync (POST /v1/keys/{id}/rotate)"));
        }

        [Fact]
        public async Task NothingSaysSaperly_IsQuiet()
        {
            const string source = """
                class C
                {
                    async Task Run()
                    {
                        // Unknown host, no Saperly credential, no Saperly-named client: someone else's /v1/keys.
                        var http = new HttpClient();
                        await http.PostAsJsonAsync("/v1/keys", new { name = "a" });
                        var github = new HttpClient { BaseAddress = new Uri("https://api.github.com/") };
                        await github.PostAsJsonAsync("v1/keys", new { name = "a" });
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task SaperlyNamedType_IsEvidence_ForARelativeCall()
        {
            const string source = """
                class SaperlyKeyService(HttpClient http)
                {
                    public Task Mint() => {|#0:http.PostAsJsonAsync("v1/keys", new { name = "a" })|};
                }
                """;
            await VerifyCS.VerifyAsync(source, VerifyCS.Diagnostic(RuleIds.MissingIdempotencyKey).WithLocation(0).WithArguments("POST /v1/keys"));
        }

        [Fact]
        public async Task ResourceClassOfAnSdkStyleClient_IsSaperly()
        {
            const string source = """
                class SaperlyClient
                {
                    private readonly HttpClient _http = new();
                    public SaperlyClient() => Keys = new KeysResource(_http);
                    public KeysResource Keys { get; }
                }

                class KeysResource
                {
                    private readonly HttpClient _http;
                    internal KeysResource(HttpClient http) => _http = http;
                    public Task<HttpResponseMessage> CreateAsync(object request) => {|#0:_http.PostAsJsonAsync("v1/keys", request)|};
                }

                class OrdersResource
                {
                    private readonly HttpClient _http;
                    internal OrdersResource(HttpClient http) => _http = http;
                    public Task<HttpResponseMessage> CreateAsync(object request) => _http.PostAsJsonAsync("v1/keys", request);
                }
                """;
            await VerifyCS.VerifyAsync(source, VerifyCS.Diagnostic(RuleIds.MissingIdempotencyKey).WithLocation(0).WithArguments("POST /v1/keys"));
        }
    }
}

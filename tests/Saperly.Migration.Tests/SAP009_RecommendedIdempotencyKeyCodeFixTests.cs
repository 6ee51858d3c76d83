using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Saperly.Migration.Analyzers.Rules;
using VerifyCS = Saperly.Migration.Tests.Verifiers.CodeFixVerifier<
    Saperly.Migration.Analyzers.Rules.RecommendedIdempotencyKeyAnalyzer,
    Saperly.Migration.CodeFixes.RecommendedIdempotencyKeyCodeFix>;

namespace Saperly.Migration.Tests
{
    public class SAP009_RecommendedIdempotencyKeyCodeFixTests
    {
        private static DiagnosticResult Sap009(int location, string endpoint = "POST /v1/calls") =>
            VerifyCS.Diagnostic(RuleIds.RecommendedIdempotencyKey).WithLocation(location).WithArguments(endpoint);

        [Fact]
        public async Task PostAsJsonAsync_BecomesARequestWithTheHeader()
        {
            const string source = """
                class Dialer
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task<HttpResponseMessage> Call(string to, CancellationToken ct)
                    {
                        // place the call
                        var response = await {|#0:_http.PostAsJsonAsync("v1/calls", new { to }, ct)|};
                        return response;
                    }
                }
                """;
            const string fixedSource = """
                class Dialer
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task<HttpResponseMessage> Call(string to, CancellationToken ct)
                    {
                        // place the call
                        var idempotencyKey = Guid.NewGuid().ToString();
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/calls") { Content = JsonContent.Create(new { to }) };
                        request.Headers.Add("Idempotency-Key", idempotencyKey);
                        var response = await _http.SendAsync(request, ct);
                        return response;
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap009(0));
        }

        [Fact]
        public async Task BuiltRequest_GetsTheHeaderAfterItsDeclaration()
        {
            const string source = """
                class SaperlySms
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task Send(HttpContent body)
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages") { Content = body };
                        await {|#0:_http.SendAsync(request)|};
                    }
                }
                """;
            const string fixedSource = """
                class SaperlySms
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task Send(HttpContent body)
                    {
                        var idempotencyKey = Guid.NewGuid().ToString();
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages") { Content = body };
                        request.Headers.Add("Idempotency-Key", idempotencyKey);
                        await _http.SendAsync(request);
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap009(0, "POST /v1/messages"));
        }

        [Fact]
        public async Task SdkStyleClient_GetsTheIdempotencyKeyArgument()
        {
            const string source = """
                class CallsResource { public Task<object> CreateAsync(object request, string? idempotencyKey = null) => Task.FromResult(request); }
                class SaperlyClient
                {
                    public SaperlyClient(string key) { }
                    public CallsResource Calls { get; } = new();
                }

                class Program
                {
                    async Task Run()
                    {
                        var agent = new SaperlyClient(Environment.GetEnvironmentVariable("SAPERLY_API_KEY")!);
                        await {|#0:agent.Calls.CreateAsync(new { to = "+15550100" })|};
                    }
                }
                """;
            const string fixedSource = """
                class CallsResource { public Task<object> CreateAsync(object request, string? idempotencyKey = null) => Task.FromResult(request); }
                class SaperlyClient
                {
                    public SaperlyClient(string key) { }
                    public CallsResource Calls { get; } = new();
                }

                class Program
                {
                    async Task Run()
                    {
                        var agent = new SaperlyClient(Environment.GetEnvironmentVariable("SAPERLY_API_KEY")!);
                        var idempotencyKey = Guid.NewGuid().ToString();
                        await agent.Calls.CreateAsync(new { to = "+15550100" }, idempotencyKey: idempotencyKey);
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap009(0, "Calls.CreateAsync (POST /v1/calls)"));
        }

        [Fact]
        public async Task RetryLoop_KeyIsDeclaredAboveTheLoop()
        {
            const string source = """
                class SaperlySms
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task Send(object body)
                    {
                        for (var attempt = 0; ; attempt++)
                        {
                            try
                            {
                                await {|#0:_http.PostAsJsonAsync("v1/messages", body)|};
                                return;
                            }
                            catch (HttpRequestException) when (attempt < 3)
                            {
                                await Task.Delay(100);
                            }
                        }
                    }
                }
                """;
            const string fixedSource = """
                class SaperlySms
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task Send(object body)
                    {
                        var idempotencyKey = Guid.NewGuid().ToString();
                        for (var attempt = 0; ; attempt++)
                        {
                            try
                            {
                                using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages") { Content = JsonContent.Create(body) };
                                request.Headers.Add("Idempotency-Key", idempotencyKey);
                                await _http.SendAsync(request);
                                return;
                            }
                            catch (HttpRequestException) when (attempt < 3)
                            {
                                await Task.Delay(100);
                            }
                        }
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap009(0, "POST /v1/messages"));
        }

        [Fact]
        public async Task FixAll_CallAndMessageInOneMethod_GetDistinctNames_AndCrlfStays()
        {
            var source = """
                class Dialer
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task Run(CancellationToken ct)
                    {
                        await {|#0:_http.PostAsJsonAsync("v1/calls", new { to = "+15550100" }, ct)|};
                        await {|#1:_http.PostAsJsonAsync("v1/messages", new { to = "+15550100", body = "calling you" }, ct)|};
                    }
                }
                """.ReplaceLineEndings("\r\n");
            var fixedSource = """
                class Dialer
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task Run(CancellationToken ct)
                    {
                        var idempotencyKey = Guid.NewGuid().ToString();
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/calls") { Content = JsonContent.Create(new { to = "+15550100" }) };
                        request.Headers.Add("Idempotency-Key", idempotencyKey);
                        await _http.SendAsync(request, ct);
                        var idempotencyKey2 = Guid.NewGuid().ToString();
                        using var request2 = new HttpRequestMessage(HttpMethod.Post, "v1/messages") { Content = JsonContent.Create(new { to = "+15550100", body = "calling you" }) };
                        request2.Headers.Add("Idempotency-Key", idempotencyKey2);
                        await _http.SendAsync(request2, ct);
                    }
                }
                """.ReplaceLineEndings("\r\n");
            Assert.Contains("\r\n", fixedSource);
            var test = VerifyCS.Create(source, fixedSource);
            test.ExpectedDiagnostics.AddRange(new[] { Sap009(0), Sap009(1, "POST /v1/messages") });
            test.CodeActionEquivalenceKey = RuleIds.RecommendedIdempotencyKey;
            test.NumberOfFixAllIterations = 1;
            test.NumberOfFixAllInDocumentIterations = 1;
            test.NumberOfIncrementalIterations = 2;
            await test.RunAsync(CancellationToken.None);
        }
    }
}

using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Saperly.Migration.Analyzers.Rules;
using VerifyCS = Saperly.Migration.Tests.Verifiers.CodeFixVerifier<
    Saperly.Migration.Analyzers.Rules.MissingIdempotencyKeyAnalyzer,
    Saperly.Migration.CodeFixes.MissingIdempotencyKeyCodeFix>;

namespace Saperly.Migration.Tests
{
    public class SAP003_MissingIdempotencyKeyCodeFixTests
    {
        private static DiagnosticResult Sap003(int location, string endpoint = "POST /v1/keys") =>
            VerifyCS.Diagnostic(RuleIds.MissingIdempotencyKey).WithLocation(location).WithArguments(endpoint);

        [Fact]
        public async Task PostAsJsonAsync_BecomesARequestWithTheHeader_KeepingTheCancellationToken()
        {
            const string source = """
                class KeyManager
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task<HttpResponseMessage> Mint(object body, CancellationToken ct)
                    {
                        // mint a child key
                        var response = await {|#0:_http.PostAsJsonAsync("v1/keys", body, ct)|};
                        return response;
                    }
                }
                """;
            const string fixedSource = """
                class KeyManager
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task<HttpResponseMessage> Mint(object body, CancellationToken ct)
                    {
                        // mint a child key
                        var idempotencyKey = Guid.NewGuid().ToString();
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(body) };
                        request.Headers.Add("Idempotency-Key", idempotencyKey);
                        var response = await _http.SendAsync(request, ct);
                        return response;
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap003(0));
        }
        [Fact]
        public async Task PostAsync_Rotate_WithNullContent_SendsABareRequest()
        {
            const string source = """
                class KeyManager
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public KeyManager() =>
                        _http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));

                    public async Task Rotate(string id)
                    {
                        await {|#0:_http.PostAsync($"v1/keys/{id}/rotate", null)|};
                    }
                }
                """;
            const string fixedSource = """
                class KeyManager
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public KeyManager() =>
                        _http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));

                    public async Task Rotate(string id)
                    {
                        var idempotencyKey = Guid.NewGuid().ToString();
                        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/keys/{id}/rotate");
                        request.Headers.Add("Idempotency-Key", idempotencyKey);
                        await _http.SendAsync(request);
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap003(0, "POST /v1/keys/{id}/rotate"));
        }

        [Fact]
        public async Task PostAsync_WithContent_AndConfigureAwait_KeepsBoth()
        {
            const string source = """
                class SaperlyKeys
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task<string> Mint(CancellationToken cancellationToken)
                    {
                        var content = new StringContent("{\"name\":\"agent\"}");
                        using var response = await {|#0:_http.PostAsync("v1/keys", content, cancellationToken)|}.ConfigureAwait(false);
                        return await response.Content.ReadAsStringAsync(cancellationToken);
                    }
                }
                """;
            const string fixedSource = """
                class SaperlyKeys
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task<string> Mint(CancellationToken cancellationToken)
                    {
                        var content = new StringContent("{\"name\":\"agent\"}");
                        var idempotencyKey = Guid.NewGuid().ToString();
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = content };
                        request.Headers.Add("Idempotency-Key", idempotencyKey);
                        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                        return await response.Content.ReadAsStringAsync(cancellationToken);
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap003(0));
        }

        [Fact]
        public async Task PostAsJsonAsync_WithSerializerOptions_UsesJsonContentCreateWithOptions()
        {
            const string source = """
                class SaperlyKeys
                {
                    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new(System.Text.Json.JsonSerializerDefaults.Web);
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task Mint(object body, CancellationToken ct)
                    {
                        await {|#0:_http.PostAsJsonAsync("v1/keys", body, JsonOptions, ct)|};
                    }
                }
                """;
            const string fixedSource = """
                class SaperlyKeys
                {
                    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new(System.Text.Json.JsonSerializerDefaults.Web);
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task Mint(object body, CancellationToken ct)
                    {
                        var idempotencyKey = Guid.NewGuid().ToString();
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(body, options: JsonOptions) };
                        request.Headers.Add("Idempotency-Key", idempotencyKey);
                        await _http.SendAsync(request, ct);
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap003(0));
        }

        [Fact]
        public async Task SendRequest_HeaderGoesAfterTheRequestDeclaration()
        {
            const string source = """
                class KeyManager
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task Mint(CancellationToken ct)
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(new { name = "x" }) };
                        request.Headers.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                        await {|#0:_http.SendAsync(request, ct)|};
                    }
                }
                """;
            const string fixedSource = """
                class KeyManager
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task Mint(CancellationToken ct)
                    {
                        var idempotencyKey = Guid.NewGuid().ToString();
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(new { name = "x" }) };
                        request.Headers.Add("Idempotency-Key", idempotencyKey);
                        request.Headers.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                        await _http.SendAsync(request, ct);
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap003(0));
        }

        [Fact]
        public async Task SendRequest_InlineRequest_GetsTheHeaderInItsInitializer()
        {
            const string source = """
                class KeyManager
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task Rotate(string id)
                    {
                        await {|#0:_http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"v1/keys/{id}/rotate"))|};
                    }
                }
                """;
            const string fixedSource = """
                class KeyManager
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task Rotate(string id)
                    {
                        var idempotencyKey = Guid.NewGuid().ToString();
                        await _http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"v1/keys/{id}/rotate") { Headers = { { "Idempotency-Key", idempotencyKey } } });
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap003(0, "POST /v1/keys/{id}/rotate"));
        }

        [Fact]
        public async Task RetryLoop_KeyIsHoistedAboveTheLoop_RequestStaysInside()
        {
            const string source = """
                class KeyManager
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task<HttpResponseMessage> Mint(object body)
                    {
                        for (var attempt = 0; ; attempt++)
                        {
                            try
                            {
                                return await {|#0:_http.PostAsJsonAsync("v1/keys", body)|};
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
                class KeyManager
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task<HttpResponseMessage> Mint(object body)
                    {
                        var idempotencyKey = Guid.NewGuid().ToString();
                        for (var attempt = 0; ; attempt++)
                        {
                            try
                            {
                                using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(body) };
                                request.Headers.Add("Idempotency-Key", idempotencyKey);
                                return await _http.SendAsync(request);
                            }
                            catch (HttpRequestException) when (attempt < 3)
                            {
                                await Task.Delay(100);
                            }
                        }
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap003(0));
        }

        [Fact]
        public async Task RetryPolicyLambda_KeyIsHoistedOutOfTheLambda_WhichGetsABlockThatBuildsTheRequestPerAttempt()
        {
            const string source = """
                class RetryPolicy
                {
                    public Task<T> ExecuteAsync<T>(Func<Task<T>> action) => action();
                }

                class KeyManager
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };
                    private readonly RetryPolicy _policy = new();

                    public async Task Mint(object body)
                    {
                        await _policy.ExecuteAsync(() => {|#0:_http.PostAsJsonAsync("v1/keys", body)|});
                    }
                }
                """;
            const string fixedSource = """
                class RetryPolicy
                {
                    public Task<T> ExecuteAsync<T>(Func<Task<T>> action) => action();
                }

                class KeyManager
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };
                    private readonly RetryPolicy _policy = new();

                    public async Task Mint(object body)
                    {
                        var idempotencyKey = Guid.NewGuid().ToString();
                        await _policy.ExecuteAsync(() =>
                        {
                            var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(body) };
                            request.Headers.Add("Idempotency-Key", idempotencyKey);
                            return _http.SendAsync(request);
                        });
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap003(0));
        }

        [Fact]
        public async Task ExpressionBodiedMember_GetsABlockBody_AndAReturnedTaskKeepsItsRequestUndisposed()
        {
            const string source = """
                class SaperlyKeyService(HttpClient http)
                {
                    public Task<HttpResponseMessage> Mint() => {|#0:http.PostAsJsonAsync("v1/keys", new { name = "a" })|};

                    public Task<HttpResponseMessage> MintUnawaited(string request)
                    {
                        return {|#1:http.PostAsJsonAsync("v1/keys", new { name = request })|};
                    }
                }
                """;
            const string fixedSource = """
                class SaperlyKeyService(HttpClient http)
                {
                    public Task<HttpResponseMessage> Mint()
                    {
                        var idempotencyKey = Guid.NewGuid().ToString();
                        var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(new { name = "a" }) };
                        request.Headers.Add("Idempotency-Key", idempotencyKey);
                        return http.SendAsync(request);
                    }

                    public Task<HttpResponseMessage> MintUnawaited(string request)
                    {
                        var idempotencyKey = Guid.NewGuid().ToString();
                        var request2 = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(new { name = request }) };
                        request2.Headers.Add("Idempotency-Key", idempotencyKey);
                        return http.SendAsync(request2);
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap003(0), Sap003(1));
        }

        [Fact]
        public async Task TypedClient_PassesTheKeyArgument_OrReplacesANull()
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
                    }
                }
                """;
            const string fixedSource = """
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
                        var idempotencyKey = Guid.NewGuid().ToString();
                        await svc.Keys.CreateAsync(new { name = "agent" }, idempotencyKey: idempotencyKey);
                        var idempotencyKey2 = Guid.NewGuid().ToString();
                        await svc.Keys.RotateAsync("k_1", idempotencyKey2);
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap003(0, "Keys.CreateAsync (POST /v1/keys)"), Sap003(1, "Keys.RotateAsync (POST /v1/keys/{id}/rotate)"));
        }

        [Fact]
        public async Task FixAll_SeveralCallsInOneMethod_GetDistinctNames_AndCompile()
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
            const string fixedSource = """
                class KeyManager
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public KeyManager() =>
                        _http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));

                    public async Task Run(string id, CancellationToken ct)
                    {
                        var idempotencyKey = Guid.NewGuid().ToString();
                        using var request2 = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(new { name = "agent-prod", permissions = "call_only" }) };
                        request2.Headers.Add("Idempotency-Key", idempotencyKey);
                        await _http.SendAsync(request2, ct);
                        var idempotencyKey2 = Guid.NewGuid().ToString();
                        using var request3 = new HttpRequestMessage(HttpMethod.Post, $"v1/keys/{id}/rotate");
                        request3.Headers.Add("Idempotency-Key", idempotencyKey2);
                        await _http.SendAsync(request3, ct);
                        var idempotencyKey3 = Guid.NewGuid().ToString();
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(new { name = "x" }) };
                        request.Headers.Add("Idempotency-Key", idempotencyKey3);
                        await _http.SendAsync(request, ct);
                    }
                }
                """;
            var test = VerifyCS.Create(source, fixedSource);
            test.ExpectedDiagnostics.AddRange(new[] { Sap003(0), Sap003(1, "POST /v1/keys/{id}/rotate"), Sap003(2) });
            test.CodeActionEquivalenceKey = RuleIds.MissingIdempotencyKey;
            test.NumberOfFixAllInDocumentIterations = 1;
            test.NumberOfFixAllIterations = 1;
            test.NumberOfIncrementalIterations = 3;
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task CrlfSource_StaysCrlf()
        {
            var source = """
                class SaperlyKeys
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task Mint(object body)
                    {
                        await {|#0:_http.PostAsJsonAsync("v1/keys", body)|};
                    }
                }
                """.ReplaceLineEndings("\r\n");
            var fixedSource = """
                class SaperlyKeys
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task Mint(object body)
                    {
                        var idempotencyKey = Guid.NewGuid().ToString();
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(body) };
                        request.Headers.Add("Idempotency-Key", idempotencyKey);
                        await _http.SendAsync(request);
                    }
                }
                """.ReplaceLineEndings("\r\n");
            Assert.Contains("\r\n", fixedSource);
            await VerifyCS.VerifyAsync(source, fixedSource, Sap003(0));
        }

        [Fact]
        public async Task ForeachOverItems_EachIterationGetsItsOwnKey()
        {
            const string source = """
                class SaperlyKeys
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task MintAll(string[] names)
                    {
                        foreach (var name in names)
                        {
                            await {|#0:_http.PostAsJsonAsync("v1/keys", new { name })|};
                        }
                    }
                }
                """;
            const string fixedSource = """
                class SaperlyKeys
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task MintAll(string[] names)
                    {
                        foreach (var name in names)
                        {
                            var idempotencyKey = Guid.NewGuid().ToString();
                            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(new { name }) };
                            request.Headers.Add("Idempotency-Key", idempotencyKey);
                            await _http.SendAsync(request);
                        }
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap003(0));
        }
        [Fact]
        public async Task FixAll_TwoCallsInOneRetryLoop_BothKeysLandAboveTheLoop()
        {
            const string source = """
                class KeyManager
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task MintThenRotate(string id)
                    {
                        while (true)
                        {
                            try
                            {
                                await {|#0:_http.PostAsJsonAsync("v1/keys", new { name = "a" })|};
                                await {|#1:_http.PostAsync($"v1/keys/{id}/rotate", null)|};
                                break;
                            }
                            catch (HttpRequestException)
                            {
                            }
                        }
                    }
                }
                """;
            const string fixedSource = """
                class KeyManager
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task MintThenRotate(string id)
                    {
                        var idempotencyKey = Guid.NewGuid().ToString();
                        var idempotencyKey2 = Guid.NewGuid().ToString();
                        while (true)
                        {
                            try
                            {
                                using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(new { name = "a" }) };
                                request.Headers.Add("Idempotency-Key", idempotencyKey);
                                await _http.SendAsync(request);
                                using var request2 = new HttpRequestMessage(HttpMethod.Post, $"v1/keys/{id}/rotate");
                                request2.Headers.Add("Idempotency-Key", idempotencyKey2);
                                await _http.SendAsync(request2);
                                break;
                            }
                            catch (HttpRequestException)
                            {
                            }
                        }
                    }
                }
                """;
            var test = VerifyCS.Create(source, fixedSource);
            test.ExpectedDiagnostics.AddRange(new[] { Sap003(0), Sap003(1, "POST /v1/keys/{id}/rotate") });
            test.CodeActionEquivalenceKey = RuleIds.MissingIdempotencyKey;
            test.NumberOfFixAllIterations = 1;
            test.NumberOfFixAllInDocumentIterations = 1;
            test.NumberOfIncrementalIterations = 2;
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task NamedClient_StaticExtensionForm_InAFileWithoutUsings_GetsOnlyTheMissingUsing()
        {
            const string source = """
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Extensions.DependencyInjection;

                static class Registration
                {
                    public static void Add(IServiceCollection services) =>
                        services.AddHttpClient("saperly-keys", c => c.BaseAddress = new Uri("https://saperly.com/api/"));
                }

                class Minter(IHttpClientFactory factory)
                {
                    public async Task Mint()
                    {
                        await {|#0:System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(factory.CreateClient("saperly-keys"), "v1/keys", new { name = "a" })|};
                    }
                }
                """;
            const string fixedSource = """
                using System;
                using System.Net.Http;
                using System.Net.Http.Json;
                using System.Threading.Tasks;
                using Microsoft.Extensions.DependencyInjection;

                static class Registration
                {
                    public static void Add(IServiceCollection services) =>
                        services.AddHttpClient("saperly-keys", c => c.BaseAddress = new Uri("https://saperly.com/api/"));
                }

                class Minter(IHttpClientFactory factory)
                {
                    public async Task Mint()
                    {
                        var idempotencyKey = Guid.NewGuid().ToString();
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(new { name = "a" }) };
                        request.Headers.Add("Idempotency-Key", idempotencyKey);
                        await factory.CreateClient("saperly-keys").SendAsync(request);
                    }
                }
                """;
            var test = VerifyCS.Create(source, fixedSource);
            test.TestState.Sources.RemoveAt(1); // no global usings: System.Net.Http.Json must be imported by the fix
            test.FixedState.Sources.RemoveAt(1);
            test.ExpectedDiagnostics.Add(Sap003(0));
            await test.RunAsync(CancellationToken.None);
        }
    }
}

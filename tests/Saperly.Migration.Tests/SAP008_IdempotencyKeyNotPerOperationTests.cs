using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Saperly.Migration.Analyzers.Rules;
using VerifyCS = Saperly.Migration.Tests.Verifiers.AnalyzerVerifier<Saperly.Migration.Analyzers.Rules.IdempotencyKeyNotPerOperationAnalyzer>;
using VerifyFix = Saperly.Migration.Tests.Verifiers.CodeFixVerifier<
    Saperly.Migration.Analyzers.Rules.IdempotencyKeyNotPerOperationAnalyzer,
    Saperly.Migration.CodeFixes.IdempotencyKeyNotPerOperationCodeFix>;

namespace Saperly.Migration.Tests
{
    public class SAP008_IdempotencyKeyNotPerOperationTests
    {
        private const string Constant = "is a constant: every mint sends the same key, and a second, different body is rejected with idempotency_key_reused";
        private const string InLoop = "is generated inside a retry loop: each retry becomes a new mint";
        private const string InLambda = "is generated inside a retry-policy lambda: each retry becomes a new mint";

        private const string PollyStub = """
            namespace Polly
            {
                public sealed class ResiliencePipeline
                {
                    public ValueTask ExecuteAsync(Func<CancellationToken, ValueTask> callback, CancellationToken cancellationToken = default) => callback(cancellationToken);
                }
            }
            """;

        private static DiagnosticResult Sap008(int location, string problem, string endpoint = "POST /v1/keys") =>
            VerifyCS.Diagnostic(RuleIds.IdempotencyKeyNotPerOperation).WithLocation(location).WithArguments(endpoint, problem);

        [Fact]
        public async Task Constants_LiteralConstFieldAndStaticReadonly_AreReported()
        {
            const string source = """
                class KeysResource
                {
                    public Task<object> CreateAsync(object request, string? idempotencyKey = null) => Task.FromResult(request);
                }
                class SaperlyClient
                {
                    public SaperlyClient(string key) { }
                    public KeysResource Keys { get; } = new();
                }

                class Minter
                {
                    private const string MintKey = "mint-agent";
                    private static readonly string ProcessKey = Guid.NewGuid().ToString();
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run(SaperlyClient unused)
                    {
                        var svc = new SaperlyClient(Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY")!);
                        await {|#0:svc.Keys.CreateAsync(new { name = "a" }, "fixed-key")|};
                        await {|#1:svc.Keys.CreateAsync(new { name = "b" }, MintKey)|};
                        await {|#2:svc.Keys.CreateAsync(new { name = "c" }, ProcessKey)|};
                        using var call = new HttpRequestMessage(HttpMethod.Post, "v1/calls");
                        call.Headers.Add("Idempotency-Key", "call-1");
                        await {|#3:_http.SendAsync(call)|};
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source,
                Sap008(0, Constant, "Keys.CreateAsync (POST /v1/keys)"),
                Sap008(1, Constant, "Keys.CreateAsync (POST /v1/keys)"),
                Sap008(2, Constant, "Keys.CreateAsync (POST /v1/keys)"),
                Sap008(3, "is a constant: every call sends the same key, and a second, different body is rejected with idempotency_key_reused", "POST /v1/calls"));
        }

        [Fact]
        public async Task FreshKeys_InRetryLoops_AreReported()
        {
            const string source = """
                class Minter
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task CatchAndRetry(object body)
                    {
                        while (true)
                        {
                            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(body) };
                            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                            try
                            {
                                await {|#0:_http.SendAsync(request)|};
                                return;
                            }
                            catch (HttpRequestException)
                            {
                                await Task.Delay(500);
                            }
                        }
                    }

                    async Task<HttpResponseMessage> UntilSuccess(string id)
                    {
                        HttpResponseMessage response = null!;
                        for (var attempt = 0; attempt < 3; attempt++)
                        {
                            var key = Guid.NewGuid().ToString("N");
                            using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/keys/{id}/rotate");
                            request.Headers.Add("Idempotency-Key", key);
                            response = await {|#1:_http.SendAsync(request)|};
                            if (response.IsSuccessStatusCode)
                            {
                                break;
                            }
                        }

                        return response;
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, Sap008(0, InLoop), Sap008(1, "is generated inside a retry loop: each retry becomes a new rotation", "POST /v1/keys/{id}/rotate"));
        }

        [Fact]
        public async Task FreshKeys_InRetryPolicyLambdas_AreReported()
        {
            const string source = """
                using Polly;

                class Minter
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    static Task RetryAsync(Func<Task> action) => action();

                    async Task Run(ResiliencePipeline pipeline, object body)
                    {
                        await pipeline.ExecuteAsync(async ct =>
                        {
                            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(body) };
                            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                            await {|#0:_http.SendAsync(request, ct)|};
                        });

                        await RetryAsync(async () =>
                        {
                            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(body) };
                            request.Headers.Add("Idempotency-Key", $"mint-{Guid.NewGuid()}");
                            await {|#1:_http.SendAsync(request)|};
                        });
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, PollyStub }, null, Sap008(0, InLambda), Sap008(1, InLambda));
        }

        [Fact]
        public async Task OneKeyPerItem_OrPerOperation_IsQuiet()
        {
            const string source = """
                class Minter
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };
                    private readonly string _perInstance;

                    public Minter(string key) => _perInstance = key;

                    async Task Run(string[] agents, Queue<string> pending, string operationKey)
                    {
                        foreach (var agent in agents)
                        {
                            // Each agent is its own mint: a new key per iteration is right.
                            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(new { name = agent }) };
                            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                            try { await _http.SendAsync(request); } catch (HttpRequestException) { }
                        }

                        for (var i = 0; i < agents.Length; i++)
                        {
                            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(new { name = agents[i] }) };
                            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                            var response = await _http.SendAsync(request);
                            if (!response.IsSuccessStatusCode) break;
                        }

                        while (pending.TryDequeue(out var name))
                        {
                            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(new { name }) };
                            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                            try { await _http.SendAsync(request); } catch (HttpRequestException) { }
                        }

                        // Generated once above the retry loop: retries share it.
                        var key = Guid.NewGuid().ToString();
                        while (true)
                        {
                            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys");
                            request.Headers.Add("Idempotency-Key", key);
                            try { await _http.SendAsync(request); return; } catch (HttpRequestException) { }
                        }
                    }

                    async Task Passed(string operationKey)
                    {
                        using var a = new HttpRequestMessage(HttpMethod.Post, "v1/keys");
                        a.Headers.Add("Idempotency-Key", operationKey);
                        await _http.SendAsync(a);
                        using var b = new HttpRequestMessage(HttpMethod.Post, "v1/keys");
                        b.Headers.Add("Idempotency-Key", _perInstance);
                        await _http.SendAsync(b);
                        using var c = new HttpRequestMessage(HttpMethod.Post, "v1/keys");
                        c.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                        try { await _http.SendAsync(c); } catch (HttpRequestException) { throw; }
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task ConstantsOnOtherHostsAndEndpoints_AreQuiet()
        {
            const string source = """
                class C
                {
                    async Task Run()
                    {
                        var stripe = new HttpClient { BaseAddress = new Uri("https://api.stripe.com/") };
                        using var a = new HttpRequestMessage(HttpMethod.Post, "v1/charges");
                        a.Headers.Add("Idempotency-Key", "fixed");
                        await stripe.SendAsync(a);
                        var saperly = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        using var b = new HttpRequestMessage(HttpMethod.Post, "v1/lines");
                        b.Headers.Add("Idempotency-Key", "fixed");
                        await saperly.SendAsync(b);
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source);
        }

        [Fact]
        public async Task BrokenAndGeneratedCode_DoNotThrowAndAreIgnored()
        {
            const string broken = """
                class C
                {
                    async Task Run()
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        while ({|CS0103:retrying|})
                        {
                            using var r = new HttpRequestMessage(HttpMethod.Post, "v1/keys");
                            r.Headers.Add("Idempotency-Key", {|CS0103:Nope|}.NewGuid().ToString());
                            await http.SendAsync(r);
                        }
                    }
                }
                """;
            const string generated = """
                // <auto-generated/>
                class G
                {
                    async Task Run()
                    {
                        var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                        using var r = new HttpRequestMessage(HttpMethod.Post, "v1/keys");
                        r.Headers.Add("Idempotency-Key", "fixed");
                        await http.SendAsync(r);
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { broken, generated }, null);
        }

        [Fact]
        public async Task Fix_GuidShadowedByAMember_IsQualified()
        {
            // A property named Guid takes the simple name: Guid.NewGuid() would bind to the string property.
            const string source = """
                class Minter
                {
                    private const string Key = "mint";
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public string Guid => "agent-7";

                    async Task Run(object body)
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(body) };
                        request.Headers.Add("Idempotency-Key", Key);
                        await {|#0:_http.SendAsync(request)|};
                    }
                }
                """;
            const string fixedSource = """
                class Minter
                {
                    private const string Key = "mint";
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public string Guid => "agent-7";

                    async Task Run(object body)
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(body) };
                        var idempotencyKey = System.Guid.NewGuid().ToString();
                        request.Headers.Add("Idempotency-Key", idempotencyKey);
                        await _http.SendAsync(request);
                    }
                }
                """;
            await VerifyFix.VerifyAsync(source, fixedSource, Sap008(0, Constant));
        }

        [Fact]
        public async Task Fix_Constant_BecomesAFreshLocalBeforeTheStatement()
        {
            const string source = """
                class Minter
                {
                    private const string Key = "mint";
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run(object body)
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(body) };
                        request.Headers.Add("Idempotency-Key", Key);
                        await {|#0:_http.SendAsync(request)|};
                    }
                }
                """;
            const string fixedSource = """
                class Minter
                {
                    private const string Key = "mint";
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run(object body)
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(body) };
                        var idempotencyKey = Guid.NewGuid().ToString();
                        request.Headers.Add("Idempotency-Key", idempotencyKey);
                        await _http.SendAsync(request);
                    }
                }
                """;
            await VerifyFix.VerifyAsync(source, fixedSource, Sap008(0, Constant));
        }

        [Fact]
        public async Task Fix_LocalFromLiteral_GetsAFreshInitializer()
        {
            const string source = """
                class Minter
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run()
                    {
                        var key = "agent-key";
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys");
                        request.Headers.Add("Idempotency-Key", key);
                        await {|#0:_http.SendAsync(request)|};
                    }
                }
                """;
            const string fixedSource = """
                class Minter
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run()
                    {
                        var key = Guid.NewGuid().ToString();
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys");
                        request.Headers.Add("Idempotency-Key", key);
                        await _http.SendAsync(request);
                    }
                }
                """;
            await VerifyFix.VerifyAsync(source, fixedSource, Sap008(0, Constant));
        }

        [Fact]
        public async Task Fix_KeyInRetryLoop_IsHoistedAboveTheLoop()
        {
            const string source = """
                class Minter
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run(object body)
                    {
                        for (var attempt = 0; attempt < 3; attempt++)
                        {
                            var key = Guid.NewGuid().ToString();
                            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(body) };
                            request.Headers.Add("Idempotency-Key", key);
                            try
                            {
                                await {|#0:_http.SendAsync(request)|};
                                return;
                            }
                            catch (HttpRequestException)
                            {
                            }
                        }
                    }
                }
                """;
            const string fixedSource = """
                class Minter
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run(object body)
                    {
                        var idempotencyKey = Guid.NewGuid().ToString();
                        for (var attempt = 0; attempt < 3; attempt++)
                        {
                            var key = idempotencyKey;
                            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(body) };
                            request.Headers.Add("Idempotency-Key", key);
                            try
                            {
                                await _http.SendAsync(request);
                                return;
                            }
                            catch (HttpRequestException)
                            {
                            }
                        }
                    }
                }
                """;
            await VerifyFix.VerifyAsync(source, fixedSource, Sap008(0, InLoop));
        }

        [Fact]
        public async Task Fix_KeyInRetryLambda_IsHoistedAboveThePolicyCall()
        {
            const string source = """
                using Polly;

                class Minter
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run(ResiliencePipeline pipeline)
                    {
                        await pipeline.ExecuteAsync(async ct =>
                        {
                            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys");
                            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                            await {|#0:_http.SendAsync(request, ct)|};
                        });
                    }
                }
                """;
            const string fixedSource = """
                using Polly;

                class Minter
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run(ResiliencePipeline pipeline)
                    {
                        var idempotencyKey = Guid.NewGuid().ToString();
                        await pipeline.ExecuteAsync(async ct =>
                        {
                            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys");
                            request.Headers.Add("Idempotency-Key", idempotencyKey);
                            await _http.SendAsync(request, ct);
                        });
                    }
                }
                """;
            var test = VerifyFix.Create(source, fixedSource);
            test.TestState.Sources.Add(("/0/Polly.cs", PollyStub));
            test.FixedState.Sources.Add(("/0/Polly.cs", PollyStub));
            test.ExpectedDiagnostics.Add(Sap008(0, InLambda));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task FixAll_TwoSendsInOneRetryLoop_GetDistinctKeys_AndCrlfIsKept()
        {
            var source = """
                class Minter
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run(string id)
                    {
                        while (true)
                        {
                            using var mint = new HttpRequestMessage(HttpMethod.Post, "v1/keys");
                            mint.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                            using var rotate = new HttpRequestMessage(HttpMethod.Post, $"v1/keys/{id}/rotate");
                            rotate.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                            try
                            {
                                await {|#0:_http.SendAsync(mint)|};
                                await {|#1:_http.SendAsync(rotate)|};
                                return;
                            }
                            catch (HttpRequestException)
                            {
                            }
                        }
                    }
                }
                """.ReplaceLineEndings("\r\n");
            var fixedSource = """
                class Minter
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run(string id)
                    {
                        var idempotencyKey = Guid.NewGuid().ToString();
                        var idempotencyKey2 = Guid.NewGuid().ToString();
                        while (true)
                        {
                            using var mint = new HttpRequestMessage(HttpMethod.Post, "v1/keys");
                            mint.Headers.Add("Idempotency-Key", idempotencyKey);
                            using var rotate = new HttpRequestMessage(HttpMethod.Post, $"v1/keys/{id}/rotate");
                            rotate.Headers.Add("Idempotency-Key", idempotencyKey2);
                            try
                            {
                                await _http.SendAsync(mint);
                                await _http.SendAsync(rotate);
                                return;
                            }
                            catch (HttpRequestException)
                            {
                            }
                        }
                    }
                }
                """.ReplaceLineEndings("\r\n");
            Assert.Contains("\r\n", fixedSource);
            var test = VerifyFix.Create(source, fixedSource);
            test.ExpectedDiagnostics.Add(Sap008(0, InLoop));
            test.ExpectedDiagnostics.Add(Sap008(1, "is generated inside a retry loop: each retry becomes a new rotation", "POST /v1/keys/{id}/rotate"));
            test.CodeActionEquivalenceKey = RuleIds.IdempotencyKeyNotPerOperation;
            test.NumberOfFixAllIterations = 1;
            test.NumberOfFixAllInDocumentIterations = 1;
            test.NumberOfIncrementalIterations = 2;
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task Fix_KeyInAPollyPipelineLambda_OfAnExpressionBodiedMember_IsHoistedIntoABlockBody()
        {
            // Polly's own ResiliencePipeline retries the lambda: the key is made once, before the pipeline runs it. The member
            // has no statement to put it in, so its expression body becomes a block.
            const string source = """
                using Polly;

                class Minter(ResiliencePipeline pipeline, HttpClient http)
                {
                    public Task<HttpResponseMessage> MintAsync(object body) =>
                        pipeline.ExecuteAsync(async ct =>
                        {
                            using var request = new HttpRequestMessage(HttpMethod.Post, "https://saperly.com/api/v1/keys") { Content = JsonContent.Create(body) };
                            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                            return await {|#0:http.SendAsync(request, ct)|};
                        }).AsTask();
                }
                """;
            const string fixedSource = """
                using Polly;

                class Minter(ResiliencePipeline pipeline, HttpClient http)
                {
                    public Task<HttpResponseMessage> MintAsync(object body)
                    {
                        var idempotencyKey = Guid.NewGuid().ToString();
                        return pipeline.ExecuteAsync(async ct =>
                        {
                            using var request = new HttpRequestMessage(HttpMethod.Post, "https://saperly.com/api/v1/keys") { Content = JsonContent.Create(body) };
                            request.Headers.Add("Idempotency-Key", idempotencyKey);
                            return await http.SendAsync(request, ct);
                        }).AsTask();
                    }
                }
                """;
            var test = VerifyFix.Create(source, fixedSource);
            test.TestState.AdditionalReferences.Add(Verifiers.TestReferences.PollyCore);
            test.ExpectedDiagnostics.Add(Sap008(0, InLambda));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task Fix_ConstantInAnExpressionBodiedMember_BecomesAFreshLocalInABlockBody()
        {
            const string source = """
                class Minter(HttpClient http)
                {
                    public Task<HttpResponseMessage> MintAsync(object body) => {|#0:http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://saperly.com/api/v1/keys") { Content = JsonContent.Create(body), Headers = { { "Idempotency-Key", "mint" } } })|};
                }
                """;
            const string fixedSource = """
                class Minter(HttpClient http)
                {
                    public Task<HttpResponseMessage> MintAsync(object body)
                    {
                        var idempotencyKey = Guid.NewGuid().ToString();
                        return http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://saperly.com/api/v1/keys") { Content = JsonContent.Create(body), Headers = { { "Idempotency-Key", idempotencyKey } } });
                    }
                }
                """;
            await VerifyFix.VerifyAsync(source, fixedSource, Sap008(0, Constant));
        }
    }
}

using System.Threading.Tasks;
using Saperly.Migration.Tests.FixLayer;
using Saperly.Migration.Tests.Verifiers;

namespace Saperly.Migration.Tests.Libraries
{
    /// <summary>Flurl.Http 4: fluent chains on a URL string and on a <c>FlurlClient</c>.</summary>
    public class FlurlTests
    {
        private static Task<System.Collections.Generic.IReadOnlyList<string>> FindingsAsync(string source) =>
            LibraryFindings.OfAsync("using Flurl;\nusing Flurl.Http;\n" + source, TestReferences.Flurl);

        private static Task<FixRun> FixAsync(string source, string ruleId) =>
            FixRun.RunAsync("using Flurl;\nusing Flurl.Http;\n" + source, ruleId, libraries: TestReferences.Flurl);

        [Fact]
        public async Task StringChain_KeyCallsWithTheApiKey_AndMintWithoutKey_AreReported()
        {
            const string source = """
                class KeyAdmin
                {
                    private static string ApiKey => Environment.GetEnvironmentVariable("SAPERLY_API_KEY")!;

                    public Task<IFlurlResponse> Mint(object body) =>
                        "https://saperly.com/api".AppendPathSegment("v1/keys").WithOAuthBearerToken(ApiKey).PostJsonAsync(body);

                    public Task<IFlurlResponse> Revoke(string id) =>
                        "https://saperly.com/api".AppendPathSegments("v1", "keys", id).WithOAuthBearerToken(ApiKey).DeleteAsync();

                    public Task<IFlurlResponse> Call(object body) =>
                        "https://saperly.com/api/v1/calls".WithOAuthBearerToken(ApiKey).WithHeader("Idempotency-Key", Guid.NewGuid().ToString()).PostJsonAsync(body);
                }
                """;
            Assert.Equal(new[]
            {
                "SAP001 \"https://saperly.com/api\".AppendPathSegment(\"v1/keys\").WithOAuthBearerToken(ApiKey).PostJsonAsync(body)",
                "SAP003 \"https://saperly.com/api\".AppendPathSegment(\"v1/keys\").WithOAuthBearerToken(ApiKey).PostJsonAsync(body)",
                "SAP001 \"https://saperly.com/api\".AppendPathSegments(\"v1\", \"keys\", id).WithOAuthBearerToken(ApiKey).DeleteAsync()",
            }, await FindingsAsync(source));
        }

        [Fact]
        public async Task FlurlClient_BaseUrlAndBearerOnTheClient_AreFollowed()
        {
            const string source = """
                class Saperly
                {
                    private readonly IFlurlClient _client = new FlurlClient("https://saperly.com/api")
                        .WithOAuthBearerToken(Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));

                    public Task<IFlurlResponse> Rotate(string id) =>
                        _client.Request("v1", "keys", id, "rotate").PostAsync();

                    public Task<IFlurlResponse> Sms(object body) =>
                        _client.Request("v1/messages").WithHeader("Idempotency-Key", Guid.NewGuid().ToString()).PostJsonAsync(body);
                }
                """;
            Assert.Equal(new[]
            {
                "SAP003 _client.Request(\"v1\", \"keys\", id, \"rotate\").PostAsync()",
                "SAP002 _client.Request(\"v1/messages\").WithHeader(\"Idempotency-Key\", Guid.NewGuid().ToString()).PostJsonAsync(body)",
            }, await FindingsAsync(source));
        }

        [Fact]
        public async Task RequestInALocal_ConfiguredByStatements_IsFollowed()
        {
            const string source = """
                class KeyJob
                {
                    public async Task Run(object body)
                    {
                        var request = new Url("https://saperly.com/api").AppendPathSegment("v1/keys").WithOAuthBearerToken(Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                        request.WithHeader("Idempotency-Key", "mint-1");
                        await request.PostJsonAsync(body);
                    }
                }
                """;
            // The mint's answer (the child key's only plaintext) is dropped too: SAP006.
            Assert.Equal(new[] { "SAP006 request.PostJsonAsync(body)", "SAP008 request.PostJsonAsync(body)" }, await FindingsAsync(source));
        }

        [Fact]
        public async Task OtherVendors_AreQuiet()
        {
            const string source = """
                class Vendors
                {
                    public async Task Run(object body, string id)
                    {
                        // Stripe: sk_live_ keys and its own Idempotency-Key.
                        await "https://api.stripe.com".AppendPathSegment("v1/charges").WithOAuthBearerToken(Environment.GetEnvironmentVariable("STRIPE_SECRET_KEY"))
                            .WithHeader("Idempotency-Key", Guid.NewGuid().ToString()).PostUrlEncodedAsync(body);
                        await "https://api.stripe.com/v1/keys".WithOAuthBearerToken("sk_live_" + id).PostJsonAsync(body);
                        // OpenAI.
                        await "https://api.openai.com/v1/chat/completions".WithOAuthBearerToken(Environment.GetEnvironmentVariable("OPENAI_API_KEY")).PostJsonAsync(body);
                        // Another telephony API with a JWT.
                        await new FlurlClient("https://api.telephony.example").WithOAuthBearerToken(Environment.GetEnvironmentVariable("TELEPHONY_JWT"))
                            .Request("v1", "calls").PostJsonAsync(body);
                        // A secrets store mounted at keys with its own token header.
                        await "https://vault.internal:8200/v1/keys".AppendPathSegment(id).WithHeader("X-Vault-Token", Environment.GetEnvironmentVariable("VAULT_TOKEN")).GetJsonAsync<object>();
                        await "https://vault.internal:8200".AppendPathSegments("v1", "keys").WithHeader("X-Vault-Token", Environment.GetEnvironmentVariable("VAULT_TOKEN")).PostJsonAsync(body);
                    }
                }
                """;
            Assert.Empty(await FindingsAsync(source));
        }

        [Fact]
        public async Task MissingKey_IsSentAsALinkOfTheChain()
        {
            const string source = """
                class KeyJob
                {
                    public async Task Mint(object body)
                    {
                        await "https://saperly.com/api"
                            .AppendPathSegment("v1/keys")
                            .WithOAuthBearerToken(Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"))
                            .PostJsonAsync(body);
                    }

                    public Task<IFlurlResponse> Rotate(string id) =>
                        "https://saperly.com/api".AppendPathSegments("v1", "keys", id, "rotate").WithOAuthBearerToken(Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY")).PostAsync();
                }
                """;
            var run = await FixAsync(source, "SAP003");
            Assert.Equal(2, run.Found.Length);
            Assert.True(run.Left.IsEmpty && run.ErrorsAfter.IsEmpty, run.ToString());
            Assert.True(run.After.Contains("""
                        var idempotencyKey = Guid.NewGuid().ToString();
                        await "https://saperly.com/api"
                            .AppendPathSegment("v1/keys")
                            .WithOAuthBearerToken(Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"))
                            .WithHeader("Idempotency-Key", idempotencyKey)
                            .PostJsonAsync(body);
                """), run.ToString());
            // An expression-bodied member gets a block, as for every shape: the key is named where retries would reuse it.
            Assert.Contains("""
                    public Task<IFlurlResponse> Rotate(string id)
                    {
                        var idempotencyKey = Guid.NewGuid().ToString();
                        return "https://saperly.com/api".AppendPathSegments("v1", "keys", id, "rotate").WithOAuthBearerToken(Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY")).WithHeader("Idempotency-Key", idempotencyKey).PostAsync();
                    }
                """, run.After);
        }

        [Fact]
        public async Task SharedClient_KeyCallGetsTheServiceKeyOnItsRequest()
        {
            const string source = """
                class Saperly
                {
                    private readonly IFlurlClient _client = new FlurlClient("https://saperly.com/api")
                        .WithOAuthBearerToken(Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public Task<IFlurlResponse> Keys() => _client.Request("v1/keys").GetAsync();

                    public Task<IFlurlResponse> Call(object body) =>
                        _client.Request("v1/calls").WithHeader("Idempotency-Key", Guid.NewGuid().ToString()).PostJsonAsync(body);
                }
                """;
            var run = await FixAsync(source, "SAP001");
            Assert.Single(run.Found);
            Assert.True(run.Left.IsEmpty && run.ErrorsAfter.IsEmpty, run.ToString());
            Assert.Contains("""
                public Task<IFlurlResponse> Keys() => _client.Request("v1/keys").WithOAuthBearerToken(Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY")).GetAsync();
                """, run.After);
            Assert.Contains("""
                        .WithOAuthBearerToken(Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                """, run.After);
        }

        [Fact]
        public async Task KeyOnlyCredential_IsRenamedAtItsSource()
        {
            const string source = """
                class KeyAdmin
                {
                    public Task<IFlurlResponse> Mint(object body) =>
                        "https://saperly.com/api/v1/keys".WithOAuthBearerToken(Environment.GetEnvironmentVariable("SAPERLY_API_KEY"))
                            .WithHeader("Idempotency-Key", Guid.NewGuid().ToString()).PostJsonAsync(body);
                }
                """;
            var run = await FixAsync(source, "SAP001");
            Assert.True(run.Left.IsEmpty && run.ErrorsAfter.IsEmpty, run.ToString());
            Assert.Equal(source.Replace("SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"), run.After.Substring("using Flurl;\nusing Flurl.Http;\n".Length));
        }

        [Fact]
        public async Task RuntimeCallWithTheServiceKey_GetsTheApiKeyOnItsRequest()
        {
            const string source = """
                class Saperly
                {
                    private readonly IFlurlClient _keys = new FlurlClient("https://saperly.com/api").WithOAuthBearerToken(Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));

                    public Task<IFlurlResponse> Revoke(string id) => _keys.Request("v1", "keys", id).DeleteAsync();

                    public Task<IFlurlResponse> Audit() => _keys.Request("v1/audit").GetAsync();
                }
                """;
            var run = await FixAsync(source, "SAP002");
            Assert.Single(run.Found);
            Assert.True(run.Left.IsEmpty && run.ErrorsAfter.IsEmpty, run.ToString());
            Assert.Contains("""_keys.Request("v1/audit").WithOAuthBearerToken(Environment.GetEnvironmentVariable("SAPERLY_API_KEY")).GetAsync();""", run.After);
        }

        [Fact]
        public async Task MessageWithoutKey_GetsOne_AndAConstantKeyBecomesOnePerOperation()
        {
            const string source = """
                class Agent
                {
                    private static readonly IFlurlClient Client = new FlurlClient("https://saperly.com/api").WithOAuthBearerToken(Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public Task<IFlurlResponse> Text(object body) => Client.Request("v1/messages").PostJsonAsync(body);

                    public Task<IFlurlResponse> Dial(object body) => Client.Request("v1/calls").WithHeader("Idempotency-Key", "dial").PostJsonAsync(body);
                }
                """;
            var sap009 = await FixAsync(source, "SAP009");
            Assert.Single(sap009.Found);
            Assert.True(sap009.Left.IsEmpty && sap009.ErrorsAfter.IsEmpty, sap009.ToString());
            Assert.Contains("""return Client.Request("v1/messages").WithHeader("Idempotency-Key", idempotencyKey).PostJsonAsync(body);""", sap009.After);

            var sap008 = await FixAsync(source, "SAP008");
            Assert.Single(sap008.Found);
            Assert.True(sap008.Left.IsEmpty && sap008.ErrorsAfter.IsEmpty, sap008.ToString());
            Assert.DoesNotContain("\"dial\"", sap008.After);
        }
    }
}

using System.Threading.Tasks;
using Saperly.Migration.Tests.FixLayer;
using Saperly.Migration.Tests.Verifiers;

namespace Saperly.Migration.Tests.Libraries
{
    /// <summary>RestSharp 114: a <c>RestClient</c> with options or default headers, and <c>RestRequest</c>s.</summary>
    public class RestSharpTests
    {
        private const string Usings = "using RestSharp;\nusing RestSharp.Authenticators;\n";

        private static Task<System.Collections.Generic.IReadOnlyList<string>> FindingsAsync(string source) =>
            LibraryFindings.OfAsync(Usings + source, TestReferences.RestSharp);

        private static Task<FixRun> FixAsync(string source, string ruleId) =>
            FixRun.RunAsync(Usings + source, ruleId, libraries: TestReferences.RestSharp);

        private const string SharedClient = """
            class Saperly
            {
                private readonly RestClient _client = new(new RestClientOptions("https://saperly.com/api")
                {
                    Authenticator = new JwtAuthenticator(Environment.GetEnvironmentVariable("SAPERLY_API_KEY")!),
                });

                public Task<RestResponse> Call(object body) =>
                    _client.ExecutePostAsync(new RestRequest("v1/calls").AddJsonBody(body).AddHeader("Idempotency-Key", Guid.NewGuid().ToString()));

            """;

        [Fact]
        public async Task OptionsAuthenticator_RequestsAndResourceStrings_AreFollowed()
        {
            const string source = SharedClient + """
                    public async Task<string?> Mint(object body)
                    {
                        var request = new RestRequest("v1/keys", Method.Post);
                        request.AddJsonBody(body);
                        var response = await _client.ExecuteAsync(request);
                        return response.Content;
                    }

                    public Task<RestResponse> Revoke(string id) => _client.DeleteAsync(new RestRequest($"v1/keys/{id}"));

                    public Task<object?> Keys() => _client.GetAsync<object>("v1/keys");
                }
                """;
            Assert.Equal(new[]
            {
                "SAP001 _client.ExecuteAsync(request)",
                "SAP003 _client.ExecuteAsync(request)",
                "SAP001 _client.DeleteAsync(new RestRequest($\"v1/keys/{id}\"))",
                "SAP001 _client.GetAsync<object>(\"v1/keys\")",
            }, await FindingsAsync(source));
        }

        [Fact]
        public async Task DefaultHeaders_AndARequestAuthenticator_AreFollowed()
        {
            const string source = """
                class KeyJob
                {
                    public async Task Run(object body, string id)
                    {
                        var client = new RestClient("https://saperly.com/api");
                        client.AddDefaultHeader("Authorization", "Bearer " + Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                        await client.PostAsync(new RestRequest($"v1/keys/{id}/rotate").AddHeader("Idempotency-Key", Guid.NewGuid().ToString()));
                        await client.PostAsync(new RestRequest("v1/messages") { Authenticator = new JwtAuthenticator(Environment.GetEnvironmentVariable("SAPERLY_API_KEY")!) }
                            .AddHeader("Idempotency-Key", Guid.NewGuid().ToString()));
                        await client.PostAsync(new RestRequest("v1/calls").AddHeader("Idempotency-Key", Guid.NewGuid().ToString()));
                    }
                }
                """;
            // The rotation's answer, the new key's only plaintext, is dropped: SAP006.
            Assert.Equal(new[]
            {
                "SAP006 client.PostAsync(new RestRequest($\"v1/keys/{id}/rotate\").AddHeader(\"Idempotency-Key\", Guid.NewGuid().ToString()))",
                "SAP002 client.PostAsync(new RestRequest(\"v1/calls\").AddHeader(\"Idempotency-Key\", Guid.NewGuid().ToString()))",
            }, await FindingsAsync(source));
        }

        [Fact]
        public async Task OtherVendors_AreQuiet()
        {
            const string source = """
                class Vendors
                {
                    public async Task Run(object body, string id)
                    {
                        var stripe = new RestClient(new RestClientOptions("https://api.stripe.com") { Authenticator = new JwtAuthenticator(Environment.GetEnvironmentVariable("STRIPE_SECRET_KEY")!) });
                        await stripe.PostAsync(new RestRequest("v1/charges").AddHeader("Idempotency-Key", Guid.NewGuid().ToString()));
                        await stripe.PostAsync(new RestRequest("v1/keys"));
                        var openai = new RestClient("https://api.openai.com");
                        openai.AddDefaultHeader("Authorization", "Bearer " + Environment.GetEnvironmentVariable("OPENAI_API_KEY"));
                        await openai.PostAsync(new RestRequest("v1/chat/completions").AddJsonBody(body));
                        var telephony = new RestClient(new RestClientOptions("https://api.telephony.example") { Authenticator = new JwtAuthenticator(Environment.GetEnvironmentVariable("TELEPHONY_JWT")!) });
                        await telephony.PostAsync(new RestRequest("v1/calls", Method.Post));
                        var vault = new RestClient("https://vault.internal:8200");
                        vault.AddDefaultHeader("X-Vault-Token", Environment.GetEnvironmentVariable("VAULT_TOKEN")!);
                        await vault.PostAsync(new RestRequest("v1/keys").AddJsonBody(body));
                        await vault.GetAsync<object>($"v1/keys/{id}");
                    }
                }
                """;
            Assert.Empty(await FindingsAsync(source));
        }

        [Fact]
        public async Task MissingKey_IsAddedToTheRequest_WhereItIsCreated()
        {
            var source = SharedClient.Replace("SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY").Replace("v1/calls", "v1/lines") + """
                    public async Task<RestResponse> Mint(object body)
                    {
                        var request = new RestRequest("v1/keys", Method.Post);
                        request.AddJsonBody(body);
                        return await _client.ExecuteAsync(request);
                    }

                    public Task<RestResponse> Rotate(string id) => _client.ExecutePostAsync(new RestRequest($"v1/keys/{id}/rotate"));
                }
                """;
            var run = await FixAsync(source, "SAP003");
            Assert.Equal(2, run.Found.Length);
            Assert.True(run.Left.IsEmpty && run.ErrorsAfter.IsEmpty, run.ToString());
            Assert.Contains("""
                        var idempotencyKey = Guid.NewGuid().ToString();
                        var request = new RestRequest("v1/keys", Method.Post).AddHeader("Idempotency-Key", idempotencyKey);
                        request.AddJsonBody(body);
                """, run.After);
            Assert.Contains("""
                        return _client.ExecutePostAsync(new RestRequest($"v1/keys/{id}/rotate").AddHeader("Idempotency-Key", idempotencyKey));
                """, run.After);
        }

        [Fact]
        public async Task SharedClient_KeyRequestGetsItsOwnAuthenticator()
        {
            const string source = SharedClient + """
                    public Task<RestResponse> Revoke(string id) => _client.DeleteAsync(new RestRequest($"v1/keys/{id}"));

                    public async Task<RestResponse> List()
                    {
                        var request = new RestRequest("v1/keys") { Timeout = TimeSpan.FromSeconds(5) };
                        return await _client.ExecuteGetAsync(request);
                    }
                }
                """;
            var run = await FixAsync(source, "SAP001");
            Assert.Equal(2, run.Found.Length);
            Assert.True(run.Left.IsEmpty && run.ErrorsAfter.IsEmpty, run.ToString());
            Assert.Contains("""_client.DeleteAsync(new RestRequest($"v1/keys/{id}") { Authenticator = new JwtAuthenticator(Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY")) });""", run.After);
            Assert.Contains("""var request = new RestRequest("v1/keys") { Timeout = TimeSpan.FromSeconds(5), Authenticator = new JwtAuthenticator(Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY")) };""", run.After);
            Assert.Contains("""Authenticator = new JwtAuthenticator(Environment.GetEnvironmentVariable("SAPERLY_API_KEY")!),""", run.After);
        }

        [Fact]
        public async Task ResourceStringCall_BecomesARequest_WhereTheMethodTakesOne()
        {
            const string source = SharedClient + """
                    public Task<object?> Keys() => _client.GetAsync<object>("v1/keys");

                    public Task<System.Net.HttpStatusCode> Rename(string id, object body) => _client.PutJsonAsync($"v1/keys/{id}", body);
                }
                """;
            var run = await FixAsync(source, "SAP001");
            Assert.Equal(2, run.Found.Length);
            Assert.Single(run.Left);
            Assert.True(run.ErrorsAfter.IsEmpty, run.ToString());
            Assert.Contains("""_client.GetAsync<object>(new RestRequest("v1/keys") { Authenticator = new JwtAuthenticator(Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY")) });""", run.After);

            // PutJsonAsync(resource, body) has no request overload: reported, left to the developer.
            Assert.Contains("""_client.PutJsonAsync($"v1/keys/{id}", body);""", run.After);
        }

        [Fact]
        public async Task RuntimeCallWithTheServiceKey_GetsTheApiKey_AndAConstantKeyBecomesOnePerOperation()
        {
            var source = SharedClient.Replace("SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY").Replace("Guid.NewGuid().ToString()", "\"call-1\"") + """
                    public Task<RestResponse> Revoke(string id) => _client.DeleteAsync(new RestRequest($"v1/keys/{id}"));
                }
                """;
            var sap002 = await FixAsync(source, "SAP002");
            Assert.Single(sap002.Found);
            Assert.True(sap002.Left.IsEmpty && sap002.ErrorsAfter.IsEmpty, sap002.ToString());
            Assert.Contains("new RestRequest(\"v1/calls\") { Authenticator = new JwtAuthenticator(Environment.GetEnvironmentVariable(\"SAPERLY_API_KEY\")) }.AddJsonBody(body)", sap002.After);

            var sap008 = await FixAsync(source, "SAP008");
            Assert.Single(sap008.Found);
            Assert.True(sap008.Left.IsEmpty && sap008.ErrorsAfter.IsEmpty, sap008.ToString());
            Assert.DoesNotContain("\"call-1\"", sap008.After);
        }
    }
}

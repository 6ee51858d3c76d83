using System.Threading.Tasks;
using Saperly.Migration.Tests.FixLayer;
using Saperly.Migration.Tests.Verifiers;

namespace Saperly.Migration.Tests.Libraries
{
    /// <summary>A bearer (or an Idempotency-Key) put on every request by the project's own <c>DelegatingHandler</c>.</summary>
    public class DelegatingHandlerTests
    {
        private static Task<System.Collections.Generic.IReadOnlyList<string>> FindingsAsync(string source) =>
            LibraryFindings.OfAsync(source, System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.MetadataReference>.Empty);

        private const string Handler = """
            sealed class SaperlyAuthHandler : DelegatingHandler
            {
                private readonly string? _key;

                public SaperlyAuthHandler(IConfiguration config) => _key = config["SAPERLY_API_KEY"];

                protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _key);
                    return base.SendAsync(request, cancellationToken);
                }
            }

            """;

        private const string Registration = """
            static class Registration
            {
                public static void Add(IServiceCollection services)
                {
                    services.AddTransient<SaperlyAuthHandler>();
                    services.AddHttpClient<KeysClient>(c => c.BaseAddress = new Uri("https://saperly.com/api/")).AddHttpMessageHandler<SaperlyAuthHandler>();
                    services.AddHttpClient<CallsClient>(c => c.BaseAddress = new Uri("https://saperly.com/api/")).AddHttpMessageHandler<SaperlyAuthHandler>();
                }
            }

            sealed class CallsClient(HttpClient http)
            {
                public Task<HttpResponseMessage> Place(object body) => http.PostAsJsonAsync("v1/calls", body);
            }

            """;

        [Fact]
        public async Task TheHandlersBearer_IsTheCallsCredential_AcrossFiles()
        {
            const string source = Handler + Registration + """
                sealed class KeysClient(HttpClient http)
                {
                    public Task<HttpResponseMessage> Mint(object body) => http.PostAsJsonAsync("v1/keys", body);

                    public Task<HttpResponseMessage> Revoke(string id)
                    {
                        // The handler overwrites this request's own credential.
                        var request = new HttpRequestMessage(HttpMethod.Delete, $"v1/keys/{id}");
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                        return http.SendAsync(request);
                    }
                }
                """;
            Assert.Equal(new[]
            {
                "SAP009 http.PostAsJsonAsync(\"v1/calls\", body)",
                "SAP001 http.PostAsJsonAsync(\"v1/keys\", body)",
                "SAP003 http.PostAsJsonAsync(\"v1/keys\", body)",
                "SAP001 http.SendAsync(request)",
            }, await FindingsAsync(source));
        }

        [Fact]
        public async Task AHandlerThatDefers_LetsTheRequestsCredentialWin_AndAHandlersKeyCounts()
        {
            var source = Handler.Replace("request.Headers.Authorization = new", "request.Headers.Authorization ??= new")
                .Replace("return base.SendAsync", "request.Headers.Add(\"Idempotency-Key\", Guid.NewGuid().ToString());\n        return base.SendAsync") + Registration + """
                sealed class KeysClient(HttpClient http)
                {
                    public Task<HttpResponseMessage> List() => http.GetAsync("v1/keys");

                    public Task<HttpResponseMessage> Revoke(string id)
                    {
                        var request = new HttpRequestMessage(HttpMethod.Delete, $"v1/keys/{id}");
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                        return http.SendAsync(request);
                    }
                }
                """;
            Assert.Equal(new[] { "SAP001 http.GetAsync(\"v1/keys\")" }, await FindingsAsync(source));
        }

        [Fact]
        public async Task AHandlerCreatedForAnHttpClient_IsRead()
        {
            const string source = Handler + """
                sealed class KeyJob(IConfiguration config)
                {
                    public async Task Run()
                    {
                        using var http = new HttpClient(new SaperlyAuthHandler(config) { InnerHandler = new HttpClientHandler() }) { BaseAddress = new Uri("https://saperly.com/api/") };
                        await http.GetAsync("v1/keys");
                    }
                }
                """;
            Assert.Equal(new[] { "SAP001 http.GetAsync(\"v1/keys\")" }, await FindingsAsync(source));
        }

        [Fact]
        public async Task AHandlerThatHandsTheRequestOn_OrOtherVendorsHandlers_AreQuiet()
        {
            const string source = """
                sealed class Signing : DelegatingHandler
                {
                    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                    {
                        Sign(request);
                        return base.SendAsync(request, cancellationToken);
                    }

                    private static void Sign(HttpRequestMessage request) => request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                }

                sealed class StripeAuth : DelegatingHandler
                {
                    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                    {
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("STRIPE_SECRET_KEY"));
                        return base.SendAsync(request, cancellationToken);
                    }
                }

                static class Registration
                {
                    public static void Add(IServiceCollection services)
                    {
                        services.AddHttpClient("saperly", c =>
                        {
                            c.BaseAddress = new Uri("https://saperly.com/api/");
                            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                        }).AddHttpMessageHandler<Signing>();
                        services.AddHttpClient("stripe", c => c.BaseAddress = new Uri("https://api.stripe.com/")).AddHttpMessageHandler<StripeAuth>();
                    }
                }

                sealed class Jobs(IHttpClientFactory factory)
                {
                    public Task<HttpResponseMessage> Mint(object body) => factory.CreateClient("saperly").PostAsJsonAsync("v1/keys", body);

                    public Task<HttpResponseMessage> Charge(object body) => factory.CreateClient("stripe").PostAsJsonAsync("v1/keys", body);
                }
                """;
            Assert.Empty(await FindingsAsync(source));
        }

        [Fact]
        public async Task SharedHandler_DefersToTheRequest_AndKeyCallsGetTheServiceKey()
        {
            const string source = Handler + Registration + """
                sealed class KeysClient(HttpClient http)
                {
                    public Task<HttpResponseMessage> List() => http.GetAsync("v1/keys");

                    public Task<HttpResponseMessage> Revoke(string id) => http.DeleteAsync($"v1/keys/{id}");
                }
                """;
            var run = await FixRun.RunAsync(source, "SAP001");
            Assert.Equal(2, run.Found.Length);
            Assert.True(run.Left.IsEmpty && run.ErrorsAfter.IsEmpty, run.ToString());
            Assert.Contains("request.Headers.Authorization ??= new AuthenticationHeaderValue(\"Bearer\", _key);", run.After);
            Assert.Contains("SAPERLY_SERVICE_KEY", run.After);
            Assert.Contains("_key = config[\"SAPERLY_API_KEY\"]", run.After);
        }

        [Fact]
        public async Task HandlerOfKeyCallsOnly_IsRenamedAtItsSource_AndAnAddedHeaderIsGuarded()
        {
            var source = Handler.Replace("request.Headers.Authorization = new AuthenticationHeaderValue(\"Bearer\", _key);", "request.Headers.Add(\"Authorization\", \"Bearer \" + _key);") + """
                sealed class KeysClient(HttpClient http)
                {
                    public Task<HttpResponseMessage> List() => http.GetAsync("v1/keys");
                }

                sealed class CallsClient(HttpClient http)
                {
                    public Task<HttpResponseMessage> Audit() => http.GetAsync("v1/audit");
                }

                static class Registration
                {
                    public static void Add(IServiceCollection services)
                    {
                        services.AddHttpClient<KeysClient>(c => c.BaseAddress = new Uri("https://saperly.com/api/")).AddHttpMessageHandler<SaperlyAuthHandler>();
                        services.AddHttpClient<CallsClient>(c => c.BaseAddress = new Uri("https://saperly.com/api/")).AddHttpMessageHandler(sp => new SaperlyAuthHandler(sp.GetRequiredService<IConfiguration>()));
                    }
                }
                """;
            var shared = await FixRun.RunAsync(source, "SAP001");
            Assert.Single(shared.Found);
            Assert.True(shared.Left.IsEmpty && shared.ErrorsAfter.IsEmpty, shared.ToString());
            Assert.Contains("""
                        if (request.Headers.Authorization == null)
                            request.Headers.Add("Authorization", "Bearer " + _key);
                        return base.SendAsync(request, cancellationToken);
                """, shared.After);

            var keysOnly = await FixRun.RunAsync(source.Replace("AddHttpClient<CallsClient>", "AddHttpClient<OtherClient>").Replace("class CallsClient", "class OtherClient").Replace("v1/audit", "https://example.com/v1/audit"), "SAP001");
            Assert.Single(keysOnly.Found);
            Assert.True(keysOnly.Left.IsEmpty && keysOnly.ErrorsAfter.IsEmpty, keysOnly.ToString());
            Assert.Contains("_key = config[\"SAPERLY_SERVICE_KEY\"]", keysOnly.After);
            Assert.Contains("request.Headers.Add(\"Authorization\", \"Bearer \" + _key);", keysOnly.After);
            Assert.DoesNotContain("Authorization == null", keysOnly.After);
        }

        [Fact]
        public async Task AServiceKeyHandler_OnARuntimeClient_DefersAndTheRuntimeCallGetsTheApiKey()
        {
            var source = Handler.Replace("SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY") + Registration + """
                sealed class KeysClient(HttpClient http)
                {
                    public Task<HttpResponseMessage> List() => http.GetAsync("v1/keys");
                }
                """;
            var run = await FixRun.RunAsync(source, "SAP002");
            Assert.Single(run.Found);
            Assert.True(run.Left.IsEmpty && run.ErrorsAfter.IsEmpty, run.ToString());
            Assert.Contains("request.Headers.Authorization ??= new AuthenticationHeaderValue(\"Bearer\", _key);", run.After);
            Assert.Contains("SAPERLY_API_KEY", run.After);
        }
    }
}

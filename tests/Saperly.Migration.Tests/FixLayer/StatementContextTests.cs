using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.Tests.Verifiers;

namespace Saperly.Migration.Tests.FixLayer
{
    /// <summary>
    /// Every call shape in every statement context a call can stand in, for the two things a rule's fix asks of a call:
    /// a header of its own (SAP003: the Idempotency-Key) and a credential of its own (SAP001: the service key, the
    /// client's API key being shared with a data-plane call). Each fix must leave no diagnostic of its rule and add no
    /// compiler error. The expected outputs of representative cases are pinned in the rules' fix tests; this matrix
    /// proves that no context is left unfixable.
    /// </summary>
    public class StatementContextTests
    {
        /// <summary>How the client is set up and how the call is spelled, per shape.</summary>
        private sealed class Shape
        {
            public Shape(string members, string call, string conditionalCall, string topLevelSetup, string topLevelCall, string types = "", string? library = null)
            {
                Library = library;
                Members = members;
                Call = call;
                ConditionalCall = conditionalCall;
                TopLevelSetup = topLevelSetup;
                TopLevelCall = topLevelCall;
                Types = types;
            }

            public string Members { get; }
            public string Call { get; }
            public string ConditionalCall { get; }
            public string TopLevelSetup { get; }
            public string TopLevelCall { get; }
            public string Types { get; }

            /// <summary>A client library the shape's calls go through (its usings and assemblies), or null for the framework's.</summary>
            public string? Library { get; }

            public string Usings => Library switch
            {
                "Flurl" => "using Flurl.Http;\n",
                "RestSharp" => "using RestSharp;\nusing RestSharp.Authenticators;\n",
                "Refit" => "using Refit;\n",
                _ => "",
            };

            public ImmutableArray<MetadataReference>? References => Library switch
            {
                "Flurl" => TestReferences.Flurl,
                "RestSharp" => TestReferences.RestSharp,
                "Refit" => TestReferences.Refit,
                _ => null,
            };

            public ImmutableArray<MetadataReference>? Framework => Library == "Refit" ? TestReferences.Net80Extensions10 : null;

            /// <summary>What the shape's calls return, and a stand-in value of it.</summary>
            public string Response => Library switch
            {
                "Flurl" => "IFlurlResponse",
                "RestSharp" => "RestResponse",
                _ => "HttpResponseMessage",
            };

            public string NoResponse => Library switch
            {
                "Flurl" => "Task.FromResult<IFlurlResponse>(null!)",
                "RestSharp" => "Task.FromResult<RestResponse>(null!)",
                _ => "Task.FromResult(new HttpResponseMessage())",
            };

            public string Content => Library switch
            {
                "Flurl" => ".ResponseMessage.Content",
                _ => ".Content",
            };
        }

        private const string HttpMembers = """
                private readonly HttpClient http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                public Fleet() => http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                public Task<HttpResponseMessage> PlaceCall() => http.PostAsync("v1/calls", null);
            """;

        private const string HttpTopLevel = """
            using var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
            await http.PostAsync("v1/calls", null);
            """;

        private const string SdkTypes = """
            class KeysResource { public Task<HttpResponseMessage> CreateAsync(object request, string? idempotencyKey = null) => Task.FromResult(new HttpResponseMessage()); }
            class CallsResource { public Task<HttpResponseMessage> CreateAsync(object request) => Task.FromResult(new HttpResponseMessage()); }
            class SaperlyClient
            {
                public SaperlyClient(string? apiKey) { }
                public KeysResource Keys { get; } = new();
                public CallsResource Calls { get; } = new();
            }
            """;

        private static readonly Shape[] Shapes =
        {
            new Shape(HttpMembers, "http.PostAsync(\"v1/keys\", new StringContent(\"{}\"))", "http?.PostAsync(\"v1/keys\", new StringContent(\"{}\"))",
                HttpTopLevel, "http.PostAsync(\"v1/keys\", new StringContent(\"{}\"))"),
            new Shape(HttpMembers, "http.PostAsJsonAsync(\"v1/keys\", new { name = \"agent\" })", "http?.PostAsJsonAsync(\"v1/keys\", new { name = \"agent\" })",
                HttpTopLevel, "http.PostAsJsonAsync(\"v1/keys\", new { name = \"agent\" })"),
            new Shape(HttpMembers, "http.SendAsync(new HttpRequestMessage(HttpMethod.Post, \"v1/keys\") { Content = new StringContent(\"{}\") })",
                "http?.SendAsync(new HttpRequestMessage(HttpMethod.Post, \"v1/keys\") { Content = new StringContent(\"{}\") })",
                HttpTopLevel, "http.SendAsync(new HttpRequestMessage(HttpMethod.Post, \"v1/keys\") { Content = new StringContent(\"{}\") })"),
            new Shape("""
                    private readonly SaperlyClient client = new SaperlyClient(Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public Task<HttpResponseMessage> PlaceCall() => client.Calls.CreateAsync(new { to = "+14155551234" });
                """,
                "client.Keys.CreateAsync(new { name = \"agent\" })", "client.Keys?.CreateAsync(new { name = \"agent\" })",
                """
                var client = new SaperlyClient(Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                await client.Calls.CreateAsync(new { to = "+14155551234" });
                """,
                "client.Keys.CreateAsync(new { name = \"agent\" })", SdkTypes),
            new Shape("""
                    private readonly IFlurlClient client = new FlurlClient("https://saperly.com/api").WithOAuthBearerToken(Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                    public Task<IFlurlResponse> PlaceCall() => client.Request("v1/calls").PostAsync();
                """,
                "client.Request(\"v1/keys\").PostJsonAsync(new { name = \"agent\" })", "client?.Request(\"v1/keys\").PostJsonAsync(new { name = \"agent\" })",
                """
                var client = new FlurlClient("https://saperly.com/api").WithOAuthBearerToken(Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                await client.Request("v1/calls").PostAsync();
                """,
                "client.Request(\"v1/keys\").PostJsonAsync(new { name = \"agent\" })", library: "Flurl"),
            new Shape("""
                    private readonly RestClient client = new(new RestClientOptions("https://saperly.com/api") { Authenticator = new JwtAuthenticator(Environment.GetEnvironmentVariable("SAPERLY_API_KEY")!) });

                    public Task<RestResponse> PlaceCall() => client.ExecutePostAsync(new RestRequest("v1/calls"));
                """,
                "client.ExecutePostAsync(new RestRequest(\"v1/keys\").AddJsonBody(new { name = \"agent\" }))",
                "client?.ExecutePostAsync(new RestRequest(\"v1/keys\").AddJsonBody(new { name = \"agent\" }))",
                """
                var client = new RestClient(new RestClientOptions("https://saperly.com/api") { Authenticator = new JwtAuthenticator(Environment.GetEnvironmentVariable("SAPERLY_API_KEY")!) });
                await client.ExecutePostAsync(new RestRequest("v1/calls"));
                """,
                "client.ExecutePostAsync(new RestRequest(\"v1/keys\").AddJsonBody(new { name = \"agent\" }))", library: "RestSharp"),
            new Shape("""
                    private readonly ISaperlyKeys client = RestService.For<ISaperlyKeys>("https://saperly.com/api", new RefitSettings { AuthorizationHeaderValueGetter = (_, _) => ValueTask.FromResult(Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY")!) });
                """,
                "client.MintAsync(new { name = \"agent\" })", "client?.MintAsync(new { name = \"agent\" })",
                """
                var client = RestService.For<ISaperlyKeys>("https://saperly.com/api", new RefitSettings { AuthorizationHeaderValueGetter = (_, _) => ValueTask.FromResult(Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY")!) });
                """,
                "client.MintAsync(new { name = \"agent\" })",
                """
                public interface ISaperlyKeys
                {
                    [Post("/v1/keys")]
                    Task<HttpResponseMessage> MintAsync([Body] object body);
                }
                """, library: "Refit"),
        };

        /// <summary>Members of class Fleet, with CALL (a Task&lt;HttpResponseMessage&gt;) and CONDITIONAL (the same through <c>?.</c>).</summary>
        private static readonly (string Name, string Member)[] Contexts =
        {
            ("block", "public async Task Run(int mode) { var response = await CALL; }"),
            ("expression-bodied method", "public Task<HttpResponseMessage> Run(int mode) => CALL;"),
            ("expression-bodied async method", "public async Task Run(int mode) => await CALL;"),
            ("expression-bodied property", "public Task<HttpResponseMessage> Pending => CALL;"),
            ("expression-bodied get accessor", "public Task<HttpResponseMessage> Pending { get => CALL; }"),
            ("local function", "public async Task Run(int mode) { Task<HttpResponseMessage> Send() => CALL; await Send(); }"),
            ("lambda", "public async Task Run(int mode) { Func<Task<HttpResponseMessage>> send = () => CALL; await send(); }"),
            ("async lambda", "public async Task Run(int mode) { Func<Task> send = async () => await CALL; await send(); }"),
            ("using declaration", "public async Task Run(int mode) { using var response = await CALL; }"),
            ("await using", "public async Task Run(int mode) { await using var stream = await (await CALL).Content.ReadAsStreamAsync(); }"),
            ("ConfigureAwait(false)", "public async Task Run(int mode) { var response = await CALL.ConfigureAwait(false); }"),
            ("conditional access", "public async Task Run(int mode) { var pending = CONDITIONAL; if (pending != null) { await pending; } }"),
            ("switch section", "public async Task Run(int mode) { switch (mode) { case 1: await CALL; break; } }"),
            ("switch expression arm", "public async Task Run(int mode) { var pending = mode switch { 1 => CALL, _ => Task.FromResult(new HttpResponseMessage()) }; await pending; }"),
            ("embedded statement", "public async Task Run(int mode)\n    {\n        if (mode == 1)\n            await CALL;\n    }"),
            ("top-level statement", ""),
        };

        public static TheoryData<int, int, string> Cases()
        {
            var data = new TheoryData<int, int, string>();
            for (var shape = 0; shape < Shapes.Length; shape++)
            {
                for (var context = 0; context < Contexts.Length; context++)
                {
                    foreach (var rule in new[] { RuleIds.MissingIdempotencyKey, RuleIds.KeyManagementWithApiKey })
                    {
                        // A Refit call cannot carry a credential of its own (the token getter replaces every request's):
                        // its SAP001 fix renames the registration's source, whatever the context (RefitTests).
                        if (Shapes[shape].Library != "Refit" || rule == RuleIds.MissingIdempotencyKey)
                        {
                            data.Add(shape, context, rule);
                        }
                    }
                }
            }

            return data;
        }

        private static (string Source, OutputKind Kind) Source(Shape shape, int context)
        {
            var (name, member) = Contexts[context];
            if (name == "top-level statement")
            {
                var response = shape.Library == "RestSharp" ? "var response = await " : "using var response = await ";
                return (shape.Usings + shape.TopLevelSetup + "\n" + response + shape.TopLevelCall + ";\n\n" + shape.Types, OutputKind.ConsoleApplication);
            }

            if (shape.Library == "RestSharp" && (name == "using declaration" || name == "await using"))
            {
                // A RestResponse is not disposable: the context holds what the response carries instead.
                member = member.Replace("using var response = await CALL;", "using var stream = new System.IO.MemoryStream((await CALL).RawBytes!);")
                    .Replace("await using var stream = await (await CALL).Content.ReadAsStreamAsync();", "await using var stream = new System.IO.MemoryStream((await CALL).RawBytes!);");
            }

            var body = member.Replace("CONDITIONAL", shape.ConditionalCall).Replace("CALL", shape.Call)
                .Replace("Task.FromResult(new HttpResponseMessage())", shape.NoResponse).Replace("HttpResponseMessage", shape.Response).Replace(").Content.", ")" + shape.Content + ".");
            return (shape.Usings + "class Fleet\n{\n" + shape.Members + "\n\n    " + body + "\n}\n\n" + shape.Types, OutputKind.DynamicallyLinkedLibrary);
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public async Task EveryShape_InEveryContext_IsFixed(int shape, int context, string rule)
        {
            var (source, kind) = Source(Shapes[shape], context);
            var run = await FixRun.RunAsync(source, rule, kind, libraries: Shapes[shape].References, framework: Shapes[shape].Framework);

            Assert.True(Shapes[shape].Library == null || run.ErrorsBefore.IsEmpty, $"{Contexts[context].Name}: the source does not compile\n{string.Join("\n", run.ErrorsBefore)}\n{run}");
            Assert.True(run.Found.Length == 1, $"{Contexts[context].Name}: expected one {rule}, found {run.Found.Length}\n{run}");
            Assert.True(run.Left.IsEmpty, $"{Contexts[context].Name}: {rule} is still reported after its fix\n{run}");
            Assert.True(run.ErrorsAfter.Length <= run.ErrorsBefore.Length, $"{Contexts[context].Name}: the fix added compiler errors\n{run}");
            Assert.NotEqual(run.Before, run.After);
        }
    }
}

using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.Tests.Verifiers;
using VerifyCS = Saperly.Migration.Tests.Verifiers.AnalyzerVerifier<Saperly.Migration.Analyzers.Rules.PlaintextKeyLostOrLeakedAnalyzer>;

namespace Saperly.Migration.Tests
{
    public class SAP006_PlaintextKeyLostOrLeakedTests
    {
        internal const string Sdk = """
            class ChildKey { public string Id { get; set; } = ""; public string KeyPrefix { get; set; } = ""; public string? PlaintextKey { get; set; } }
            class MintedKey { public KeyRecord Key { get; set; } = new(); }
            class KeyRecord { public string Id { get; set; } = ""; public string? PlaintextKey { get; set; } }

            class KeysResource
            {
                public Task<ChildKey> CreateAsync(object request, string? idempotencyKey = null) => Task.FromResult(new ChildKey());
                public Task<ChildKey> RotateAsync(string id, string? idempotencyKey = null) => Task.FromResult(new ChildKey());
                public Task<ChildKey> GetAsync(string id) => Task.FromResult(new ChildKey());
            }
            class SaperlyClient
            {
                public SaperlyClient(string key) { }
                public KeysResource Keys { get; } = new();
            }
            """;

        /// <summary>Deserialized answers: a record named as the API names it, and records mapped from snake_case by attributes.</summary>
        internal const string Records = """
            using System.Text.Json.Serialization;

            class Envelope { public ChildKey Key { get; set; } = new(); }
            record MintEnvelope(MintedChild Key);
            record MintedChild(string Id, [property: JsonPropertyName("key_prefix")] string Prefix, [property: JsonPropertyName("plaintext_key")] string? Secret);
            class RotateEnvelope { public RotatedChild? Key { get; init; } }
            class RotatedChild
            {
                [JsonPropertyName("id")] public string Identifier { get; init; } = "";
                [JsonPropertyName("plaintext_key")] public string? Secret { get; init; }
            }
            """;

        internal static DiagnosticResult Lost(int location, string endpoint = "POST /v1/keys") =>
            VerifyCS.Diagnostic(RuleIds.PlaintextKeyLostOrLeaked).WithLocation(location)
                .WithArguments("The plaintext_key returned by " + endpoint + " is discarded; it is shown exactly once");

        internal static DiagnosticResult Leaked(int location, string sink, string endpoint = "Keys.CreateAsync (POST /v1/keys)") =>
            VerifyCS.Diagnostic(RuleIds.PlaintextKeyLostOrLeaked).WithLocation(location)
                .WithArguments("The plaintext key from " + endpoint + " is written to " + sink + "; log its key_prefix or id instead");

        [Fact]
        public async Task DiscardedResponses_AreLost()
        {
            const string source = """
                class Minter
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run(string id)
                    {
                        await {|#0:_http.PostAsJsonAsync("v1/keys", new { name = "a" })|};
                        _ = await {|#1:_http.PostAsync($"v1/keys/{id}/rotate", null)|};
                        using var response = await {|#2:_http.PostAsJsonAsync("v1/keys", new { name = "b" })|};
                        response.EnsureSuccessStatusCode();
                        var created = await {|#3:_http.PostAsJsonAsync("v1/keys", new { name = "c" })|};
                        var record = await created.Content.ReadFromJsonAsync<KeyRecord>();
                        Console.WriteLine(record!.Id);
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, Sdk }, null, Lost(0), Lost(1, "POST /v1/keys/{id}/rotate"), Lost(2), Lost(3));
        }

        [Fact]
        public async Task CallsSpelledOnlyThroughAnEscapeOrAnotherFilesConstant_AreStillJudged()
        {
            // The file names no call method in plain text (the path is another file's constant, the method name
            // a unicode escape): the per-file text filter must still let it through.
            const string source = """
                class Minter
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run()
                    {
                        await {|#0:_http.\u0050ostAsync(Routes.Mint, null)|};
                    }
                }
                """;
            const string routes = """
                static class Routes { public const string Mint = "v1/keys"; }
                """;
            await VerifyCS.VerifyAsync(new[] { source, routes }, null, Lost(0));
        }

        [Fact]
        public async Task TypedResults_WhosePlaintextIsNeverRead_AreLost()
        {
            const string source = """
                class Program
                {
                    async Task Run()
                    {
                        var svc = new SaperlyClient(Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY")!);
                        var child = await {|#0:svc.Keys.CreateAsync(new { name = "a" }, Guid.NewGuid().ToString())|};
                        Console.WriteLine(child.Id);
                        await {|#1:svc.Keys.RotateAsync(child.Id, Guid.NewGuid().ToString())|};
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, Sdk }, null,
                Lost(0, "Keys.CreateAsync (POST /v1/keys)"), Lost(1, "Keys.RotateAsync (POST /v1/keys/{id}/rotate)"));
        }

        [Fact]
        public async Task KeptResults_AreQuiet()
        {
            const string source = """
                class Vault { public void Store(string name, string? secret) { } }

                class Program
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };
                    private readonly List<ChildKey> _keys = new();
                    private string? _secret;

                    async Task<ChildKey> Returned(SaperlyClient svc) => await svc.Keys.CreateAsync(new { name = "a" }, "k");

                    async Task<HttpResponseMessage> ResponseReturned() => await _http.PostAsJsonAsync("v1/keys", new { name = "a" });

                    async Task Stored(SaperlyClient svc, Vault vault)
                    {
                        var a = await svc.Keys.CreateAsync(new { name = "a" }, "k1");
                        vault.Store(a.Id, a.PlaintextKey);
                        var b = await svc.Keys.CreateAsync(new { name = "b" }, "k2");
                        _keys.Add(b);
                        var c = await svc.Keys.CreateAsync(new { name = "c" }, "k3");
                        _secret = c.PlaintextKey;
                        var response = await _http.PostAsJsonAsync("v1/keys", new { name = "d" });
                        var json = await response.Content.ReadAsStringAsync();
                        vault.Store("d", json);
                        await svc.Keys.GetAsync("key_1");                 // not a mint: nothing to lose
                        Console.WriteLine(a.KeyPrefix);                   // the prefix is safe to log
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, Sdk }, null);
        }

        [Fact]
        public async Task Leaks_ToConsoleLoggerExceptionAndActivity_AreReported()
        {
            const string source = """
                using System.Diagnostics;
                using Microsoft.Extensions.Logging;

                class Program
                {
                    async Task Run(SaperlyClient svc, ILogger<Program> logger, Activity activity)
                    {
                        var child = await svc.Keys.CreateAsync(new { name = "a" }, "k1");
                        Console.WriteLine($"Minted {{|#0:child.PlaintextKey|}}");
                        logger.LogInformation("Minted {Key}", {|#1:child.PlaintextKey|});
                        activity.SetTag("saperly.key", {|#2:child.PlaintextKey|});
                        if (child.Id.Length == 0)
                        {
                            throw new InvalidOperationException("Could not store " + {|#3:child.PlaintextKey|});
                        }
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, Sdk }, null,
                Leaked(0, "Console.WriteLine"),
                Leaked(1, "the log (ILogger.LogInformation)"),
                Leaked(2, "telemetry (Activity.SetTag)"),
                Leaked(3, "an exception message (InvalidOperationException)"));
        }

        [Fact]
        public async Task PlaintextOfOtherCallsAndOtherHosts_IsQuiet()
        {
            const string source = """
                using System.Text.Json;

                class Program
                {
                    async Task Run(SaperlyClient svc, KeyRecord fromElsewhere)
                    {
                        var existing = await svc.Keys.GetAsync("key_1");
                        Console.WriteLine(existing.PlaintextKey);          // a GET never carries it
                        Console.WriteLine(fromElsewhere.PlaintextKey);     // not from a mint here
                        var github = new HttpClient { BaseAddress = new Uri("https://api.github.com/") };
                        var response = await github.PostAsJsonAsync("v1/keys", new { name = "a" });
                        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                        Console.WriteLine(doc.RootElement.GetProperty("plaintext_key").GetString());
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, Sdk }, null);
        }

        [Fact]
        public async Task Leak_InlineRecordChain_AfterHttpClientMint()
        {
            const string source = """
                class Program
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run()
                    {
                        var response = await _http.PostAsJsonAsync("v1/keys", new { name = "a" });
                        Console.WriteLine($"Minted {{|#0:(await response.Content.ReadFromJsonAsync<Envelope>())!.Key.PlaintextKey|}}");
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, Sdk, Records }, null, Leaked(0, "Console.WriteLine", "POST /v1/keys"));
        }

        [Fact]
        public async Task Leak_ThroughARecordLocal_AndNullConditional_AfterSendAsync()
        {
            const string source = """
                using Microsoft.Extensions.Logging;

                class Program
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run(ILogger logger)
                    {
                        var response = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(new { name = "a" }) });
                        var env = await response.Content.ReadFromJsonAsync<Envelope>();
                        var k = env!.Key.PlaintextKey;
                        logger.LogInformation("Minted {Key}", {|#0:k|});
                        logger.LogWarning("Minted {Key}", {|#1:env?.Key?.PlaintextKey|});
                        logger.Log(LogLevel.Debug, "Minted {Key}", {|#2:env?.Key.PlaintextKey|} ?? "");
                        var orEmpty = env?.Key?.PlaintextKey ?? "";
                        Console.WriteLine($"Minted {{|#3:orEmpty|}}");
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, Sdk, Records }, null,
                Leaked(0, "the log (ILogger.LogInformation)", "POST /v1/keys"),
                Leaked(1, "the log (ILogger.LogWarning)", "POST /v1/keys"),
                Leaked(2, "the log (ILogger.Log)", "POST /v1/keys"),
                Leaked(3, "Console.WriteLine", "POST /v1/keys"));
        }

        [Fact]
        public async Task Leak_OfPropertiesMappedFromPlaintextKey_MintAndRotate()
        {
            const string source = """
                using System.Diagnostics;

                class Program
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run(string id)
                    {
                        var minted = await _http.PostAsJsonAsync("v1/keys", new { name = "a" });
                        var m = await minted.Content.ReadFromJsonAsync<MintEnvelope>();
                        Debug.WriteLine("minted " + {|#0:m!.Key.Secret|});
                        var rotated = await _http.PostAsync($"v1/keys/{id}/rotate", null);
                        var r = await rotated.Content.ReadFromJsonAsync<RotateEnvelope>();
                        Trace.TraceInformation("rotated {0}", {|#1:r?.Key?.Secret|});
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, Sdk, Records }, null,
                Leaked(0, "Debug.WriteLine", "POST /v1/keys"),
                Leaked(1, "Trace.TraceInformation", "POST /v1/keys/{id}/rotate"));
        }

        [Fact]
        public async Task Leak_AfterJsonSerializerDeserialize_OfTheStringOrStream()
        {
            const string source = """
                using System.Diagnostics;
                using System.Text.Json;

                class Program
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run(string id)
                    {
                        var a = await _http.PostAsJsonAsync("v1/keys", new { name = "a" });
                        var env = JsonSerializer.Deserialize<Envelope>(await a.Content.ReadAsStringAsync());
                        if (env == null)
                        {
                            throw new InvalidOperationException($"minted {{|#0:env!.Key.PlaintextKey|}}");
                        }

                        var b = await _http.PostAsync($"v1/keys/{id}/rotate", null);
                        var json = await b.Content.ReadAsStringAsync();
                        Console.WriteLine({|#1:JsonSerializer.Deserialize<RotateEnvelope>(json)!.Key!.Secret|});
                        var c = await _http.PostAsJsonAsync("v1/keys", new { name = "c" });
                        await using var stream = await c.Content.ReadAsStreamAsync();
                        var e3 = await JsonSerializer.DeserializeAsync<MintEnvelope>(stream);
                        Activity.Current?.SetTag("saperly.key", {|#2:e3!.Key.Secret|});
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, Sdk, Records }, null,
                Leaked(0, "an exception message (InvalidOperationException)", "POST /v1/keys"),
                Leaked(1, "Console.WriteLine", "POST /v1/keys/{id}/rotate"),
                Leaked(2, "telemetry (Activity.SetTag)", "POST /v1/keys"));
        }

        [Fact]
        public async Task Leak_ToALoggerMessageMethod()
        {
            const string source = """
                using Microsoft.Extensions.Logging;

                static partial class Log
                {
                    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Minted {Key}")]
                    public static partial void Minted(ILogger logger, string? key);

                    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Minted {Prefix}")]
                    public static partial void MintedPrefix(this ILogger logger, string prefix);
                }

                class Program
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run(ILogger logger)
                    {
                        var response = await _http.PostAsJsonAsync("v1/keys", new { name = "a" });
                        var env = await response.Content.ReadFromJsonAsync<MintEnvelope>();
                        Log.Minted(logger, {|#0:env!.Key.Secret|});
                        logger.MintedPrefix(env.Key.Prefix);
                    }
                }
                """;
            const string generated = """
                // <auto-generated/>
                using Microsoft.Extensions.Logging;

                static partial class Log
                {
                    public static partial void Minted(ILogger logger, string? key) { }
                    public static partial void MintedPrefix(this ILogger logger, string prefix) { }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, generated, Sdk, Records }, null,
                Leaked(0, "the log ([LoggerMessage] Log.Minted)", "POST /v1/keys"));
        }

        [Fact]
        public async Task Leak_ToActivityTagsAndBaggage_AndFromAnSdkCallInline()
        {
            const string source = """
                using System.Diagnostics;

                class Program
                {
                    async Task Run(SaperlyClient svc, Activity activity, string id)
                    {
                        Console.WriteLine({|#0:(await svc.Keys.CreateAsync(new { name = "a" }, "k1")).PlaintextKey|});
                        var rotated = await svc.Keys.RotateAsync(id, "k2");
                        activity.AddTag("k", {|#1:rotated.PlaintextKey|});
                        activity.AddBaggage("k", {|#2:rotated?.PlaintextKey|});
                        activity.SetBaggage("k", {|#3:rotated!.PlaintextKey|});
                        Activity.Current?.SetTag("k", {|#4:rotated.PlaintextKey|});
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, Sdk, Records }, null,
                Leaked(0, "Console.WriteLine"),
                Leaked(1, "telemetry (Activity.AddTag)", "Keys.RotateAsync (POST /v1/keys/{id}/rotate)"),
                Leaked(2, "telemetry (Activity.AddBaggage)", "Keys.RotateAsync (POST /v1/keys/{id}/rotate)"),
                Leaked(3, "telemetry (Activity.SetBaggage)", "Keys.RotateAsync (POST /v1/keys/{id}/rotate)"),
                Leaked(4, "telemetry (Activity.SetTag)", "Keys.RotateAsync (POST /v1/keys/{id}/rotate)"));
        }

        [Fact]
        public async Task PrefixIdOtherRecordsGetsAndOtherHosts_AreQuiet()
        {
            const string source = """
                using System.Diagnostics;
                using System.Text.Json;
                using Microsoft.Extensions.Logging;

                class Vault { public void Store(string? secret) { } }

                class Program
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run(ILogger logger, MintEnvelope fromElsewhere, Vault vault, string id)
                    {
                        var response = await _http.PostAsJsonAsync("v1/keys", new { name = "a" });
                        var m = await response.Content.ReadFromJsonAsync<MintEnvelope>();
                        vault.Store(m!.Key.Secret);
                        logger.LogInformation("Minted {Prefix} {Id}", m.Key.Prefix, m?.Key.Id);
                        Console.WriteLine($"minted {m!.Key.Prefix}");
                        Activity.Current?.SetTag("saperly.key", m.Key.Id);
                        logger.LogInformation("Other {Key}", fromElsewhere.Key.Secret);           // not from a mint here
                        Console.WriteLine(string.IsNullOrEmpty(m.Key.Secret));                    // says something about it, is not it
                        logger.LogInformation("Live {Live}", m.Key.Secret?.StartsWith("sk_live_"));
                        Console.WriteLine($"{m?.Key?.Secret?.Length} chars");

                        var list = await _http.GetAsync("v1/keys");                               // a GET has no plaintext
                        var listed = await list.Content.ReadFromJsonAsync<MintEnvelope>();
                        Console.WriteLine(listed!.Key.Secret);
                        var one = await _http.GetFromJsonAsync<RotateEnvelope>($"v1/keys/{id}");
                        Console.WriteLine(one?.Key?.Secret);

                        var other = new HttpClient { BaseAddress = new Uri("https://api.github.com/") };
                        var foreign = await other.PostAsJsonAsync("v1/keys", new { name = "a" });
                        Console.WriteLine((await foreign.Content.ReadFromJsonAsync<Envelope>())!.Key.PlaintextKey);
                        var parsed = JsonSerializer.Deserialize<RotateEnvelope>(await foreign.Content.ReadAsStringAsync());
                        Console.WriteLine(parsed?.Key?.Secret);
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, Sdk, Records }, null);
        }

        [Fact]
        public async Task BrokenAndGeneratedCode_DoNotThrowAndAreIgnored()
        {
            const string broken = """
                class Broken
                {
                    async Task Run(SaperlyClient svc)
                    {
                        var child = await svc.Keys.CreateAsync({|CS0103:missing|});
                        Console.WriteLine(child.Plaintext);
                        {|CS0103:log|}.LogInformation(child.PlaintextKey);
                    }
                }
                """;
            const string generated = """
                // <auto-generated/>
                class Generated
                {
                    async Task Run(SaperlyClient svc)
                    {
                        var child = await svc.Keys.CreateAsync(new { name = "a" }, "k");
                        Console.WriteLine(child.PlaintextKey);
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { broken, generated, Sdk }, null);
        }

        [Fact]
        public async Task Leak_FromFlurlAndRestSharpTypedAnswers()
        {
            const string source = """
                using Flurl;
                using Flurl.Http;
                using Microsoft.Extensions.Logging;
                using RestSharp;

                class Program
                {
                    async Task Run(object body, string id, ILogger logger)
                    {
                        var minted = await "https://saperly.com/api".AppendPathSegment("v1/keys").WithOAuthBearerToken(Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"))
                            .WithHeader("Idempotency-Key", Guid.NewGuid().ToString()).PostJsonAsync(body).ReceiveJson<MintEnvelope>();
                        logger.LogInformation("Minted {Key}", {|#0:minted.Key.Secret|});
                        var client = new RestClient("https://saperly.com/api");
                        var rotated = await client.PostAsync<RotateEnvelope>(new RestRequest($"v1/keys/{id}/rotate").AddHeader("Idempotency-Key", Guid.NewGuid().ToString()));
                        Console.WriteLine($"rotated {{|#1:rotated?.Key?.Secret|}}");
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, Sdk, Records }, null, TestReferences.Flurl.AddRange(TestReferences.RestSharp),
                Leaked(0, "the log (ILogger.LogInformation)", "POST /v1/keys"),
                Leaked(1, "Console.WriteLine", "POST /v1/keys/{id}/rotate"));
        }

        [Fact]
        public async Task Leak_OfNewtonsoftMappedProperties_AfterDeserializeObject()
        {
            const string newtonsoft = """
                namespace Newtonsoft.Json
                {
                    [AttributeUsage(AttributeTargets.Property)]
                    public sealed class JsonPropertyAttribute : Attribute { public JsonPropertyAttribute(string propertyName) { } }
                    public static class JsonConvert { public static T? DeserializeObject<T>(string value) => default; }
                }
                """;
            const string source = """
                using Newtonsoft.Json;

                class NsEnvelope { [JsonProperty("key")] public NsKey Key { get; set; } = new(); }
                class NsKey
                {
                    [JsonProperty("key_prefix")] public string Hint { get; set; } = "";
                    [JsonProperty("plaintext_key")] public string? Token { get; set; }
                }

                class Program
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run()
                    {
                        var response = await _http.PostAsJsonAsync("v1/keys", new { name = "a" });
                        var env = JsonConvert.DeserializeObject<NsEnvelope>(await response.Content.ReadAsStringAsync());
                        Console.WriteLine("{0} {1}", env!.Key.Hint, {|#0:env.Key.Token|});
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, newtonsoft }, null, Leaked(0, "Console.WriteLine", "POST /v1/keys"));
        }

        [Fact]
        public async Task StoredThenLogged_StillLeaks_AndAPrefixReadInPlace_LosesThePlaintext()
        {
            const string source = """
                using Microsoft.Extensions.Logging;

                class Vault { public void Store(object record) { } }

                class Program
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run(SaperlyClient svc, Vault vault, ILogger logger)
                    {
                        var child = await svc.Keys.CreateAsync(new { name = "a" }, "k1");
                        vault.Store(child);
                        logger.LogInformation("Minted {Key}", {|#0:child.PlaintextKey|});
                        var response = await {|#1:_http.PostAsJsonAsync("v1/keys", new { name = "b" })|};
                        Console.WriteLine((await response.Content.ReadFromJsonAsync<MintEnvelope>())!.Key.Prefix);
                    }
                }
                """;
            await VerifyCS.VerifyAsync(new[] { source, Sdk, Records }, null,
                Leaked(0, "the log (ILogger.LogInformation)"), Lost(1));
        }
    }
}

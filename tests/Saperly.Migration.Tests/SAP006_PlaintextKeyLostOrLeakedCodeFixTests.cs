using System.Threading;
using System.Threading.Tasks;
using Saperly.Migration.Analyzers.Rules;
using static Saperly.Migration.Tests.SAP006_PlaintextKeyLostOrLeakedTests;
using VerifyFix = Saperly.Migration.Tests.Verifiers.CodeFixVerifier<
    Saperly.Migration.Analyzers.Rules.PlaintextKeyLostOrLeakedAnalyzer,
    Saperly.Migration.CodeFixes.PlaintextKeyLostOrLeakedCodeFix>;

namespace Saperly.Migration.Tests
{
    /// <summary>SAP006 leaks: the fix reads the key's prefix (or id) in the same chain, reads "key_prefix", or drops the hole.</summary>
    public class SAP006_PlaintextKeyLostOrLeakedCodeFixTests
    {
        [Fact]
        public async Task Fix_ReadsThePrefixOrIdInstead()
        {
            const string source = """
                using Microsoft.Extensions.Logging;

                class Program
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task<string?> Run(SaperlyClient svc, ILogger logger)
                    {
                        var child = await svc.Keys.CreateAsync(new { name = "a" }, "k1");
                        logger.LogInformation("Minted {Key}", {|#0:child.PlaintextKey|});
                        var response = await _http.PostAsJsonAsync("v1/keys", new { name = "b" });
                        var minted = await response.Content.ReadFromJsonAsync<MintedKey>();
                        Console.WriteLine("Rotated " + {|#1:minted!.Key.PlaintextKey|});
                        return child.PlaintextKey + minted.Key.PlaintextKey;
                    }
                }
                """;
            const string fixedSource = """
                using Microsoft.Extensions.Logging;

                class Program
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task<string?> Run(SaperlyClient svc, ILogger logger)
                    {
                        var child = await svc.Keys.CreateAsync(new { name = "a" }, "k1");
                        logger.LogInformation("Minted {Key}", child.KeyPrefix);
                        var response = await _http.PostAsJsonAsync("v1/keys", new { name = "b" });
                        var minted = await response.Content.ReadFromJsonAsync<MintedKey>();
                        Console.WriteLine("Rotated " + minted!.Key.Id);
                        return child.PlaintextKey + minted.Key.PlaintextKey;
                    }
                }
                """;
            var test = VerifyFix.Create(source, fixedSource);
            test.TestState.Sources.Add(("/0/Sdk.cs", Sdk));
            test.FixedState.Sources.Add(("/0/Sdk.cs", Sdk));
            test.ExpectedDiagnostics.Add(Leaked(0, "the log (ILogger.LogInformation)"));
            test.ExpectedDiagnostics.Add(Leaked(1, "Console.WriteLine", "POST /v1/keys"));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task Fix_JsonRead_AndLocalInHole_FixAll_KeepsCrlf()
        {
            var source = """
                using System.Text.Json;

                class Program
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task<string> Run(string id)
                    {
                        var response = await _http.PostAsync($"v1/keys/{id}/rotate", null);
                        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                        Console.WriteLine({|#0:doc.RootElement.GetProperty("key").GetProperty("plaintext_key").GetString()|});
                        var secret = doc.RootElement.GetProperty("key").GetProperty("plaintext_key").GetString()!;
                        Console.WriteLine($"Rotated {id}: {{|#1:secret|}}");
                        return secret;
                    }
                }
                """.ReplaceLineEndings("\r\n");
            var fixedSource = """
                using System.Text.Json;

                class Program
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task<string> Run(string id)
                    {
                        var response = await _http.PostAsync($"v1/keys/{id}/rotate", null);
                        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                        Console.WriteLine(doc.RootElement.GetProperty("key").GetProperty("key_prefix").GetString());
                        var secret = doc.RootElement.GetProperty("key").GetProperty("plaintext_key").GetString()!;
                        Console.WriteLine($"Rotated {id}: ");
                        return secret;
                    }
                }
                """.ReplaceLineEndings("\r\n");
            Assert.Contains("\r\n", fixedSource);
            var test = VerifyFix.Create(source, fixedSource);
            test.ExpectedDiagnostics.Add(Leaked(0, "Console.WriteLine", "POST /v1/keys/{id}/rotate"));
            test.ExpectedDiagnostics.Add(Leaked(1, "Console.WriteLine", "POST /v1/keys/{id}/rotate"));
            test.CodeActionEquivalenceKey = RuleIds.PlaintextKeyLostOrLeaked;
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task FixAll_RecordChains_NullConditional_AndMappedProperties()
        {
            const string source = """
                using Microsoft.Extensions.Logging;

                class Program
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run(ILogger logger, string id)
                    {
                        var response = await _http.PostAsJsonAsync("v1/keys", new { name = "a" });
                        Console.WriteLine($"Minted {{|#0:(await response.Content.ReadFromJsonAsync<Envelope>())!.Key.PlaintextKey|}}");
                        var second = await _http.PostAsJsonAsync("v1/keys", new { name = "b" });
                        var env = await second.Content.ReadFromJsonAsync<Envelope>();
                        logger.LogWarning("Minted {Key}", {|#1:env?.Key?.PlaintextKey|});
                        var third = await _http.PostAsJsonAsync("v1/keys", new { name = "c" });
                        var m = await third.Content.ReadFromJsonAsync<MintEnvelope>();
                        logger.LogInformation("Minted {Key}", {|#2:m!.Key.Secret|});
                        var rotated = await _http.PostAsync($"v1/keys/{id}/rotate", null);
                        var r = await rotated.Content.ReadFromJsonAsync<RotateEnvelope>();
                        Console.WriteLine("Rotated " + {|#3:r?.Key?.Secret|});
                    }
                }
                """;
            // Once nothing reads the plaintext, the mints lose it: the fix turns a leak into SAP006 "lost", whose remedy
            // (where the secret goes) is the owner's.
            const string fixedSource = """
                using Microsoft.Extensions.Logging;

                class Program
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run(ILogger logger, string id)
                    {
                        var response = await {|#0:_http.PostAsJsonAsync("v1/keys", new { name = "a" })|};
                        Console.WriteLine($"Minted {(await response.Content.ReadFromJsonAsync<Envelope>())!.Key.KeyPrefix}");
                        var second = await {|#1:_http.PostAsJsonAsync("v1/keys", new { name = "b" })|};
                        var env = await second.Content.ReadFromJsonAsync<Envelope>();
                        logger.LogWarning("Minted {Key}", env?.Key?.KeyPrefix);
                        var third = await {|#2:_http.PostAsJsonAsync("v1/keys", new { name = "c" })|};
                        var m = await third.Content.ReadFromJsonAsync<MintEnvelope>();
                        logger.LogInformation("Minted {Key}", m!.Key.Prefix);
                        var rotated = await {|#3:_http.PostAsync($"v1/keys/{id}/rotate", null)|};
                        var r = await rotated.Content.ReadFromJsonAsync<RotateEnvelope>();
                        Console.WriteLine("Rotated " + r?.Key?.Identifier);
                    }
                }
                """;
            var test = VerifyFix.Create(source, fixedSource);
            test.TestState.Sources.Add(("/0/Sdk.cs", Sdk));
            test.TestState.Sources.Add(("/0/Records.cs", Records));
            test.FixedState.Sources.Add(("/0/Sdk.cs", Sdk));
            test.FixedState.Sources.Add(("/0/Records.cs", Records));
            test.ExpectedDiagnostics.Add(Leaked(0, "Console.WriteLine", "POST /v1/keys"));
            test.ExpectedDiagnostics.Add(Leaked(1, "the log (ILogger.LogWarning)", "POST /v1/keys"));
            test.ExpectedDiagnostics.Add(Leaked(2, "the log (ILogger.LogInformation)", "POST /v1/keys"));
            test.ExpectedDiagnostics.Add(Leaked(3, "Console.WriteLine", "POST /v1/keys/{id}/rotate"));
            test.FixedState.ExpectedDiagnostics.Add(Lost(0));
            test.FixedState.ExpectedDiagnostics.Add(Lost(1));
            test.FixedState.ExpectedDiagnostics.Add(Lost(2));
            test.FixedState.ExpectedDiagnostics.Add(Lost(3, "POST /v1/keys/{id}/rotate"));
            test.CodeActionEquivalenceKey = RuleIds.PlaintextKeyLostOrLeaked;
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task Fix_LoggerMessageArgument_DeserializedChain_AndSdkResultInPlace()
        {
            // [LoggerMessage]: the argument at the call changes; the method, its parameter name and template stay.
            const string log = """
                using Microsoft.Extensions.Logging;

                static partial class Log
                {
                    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Minted {Key}")]
                    public static partial void Minted(ILogger logger, string? key);
                }
                """;
            const string generated = """
                // <auto-generated/>
                using Microsoft.Extensions.Logging;

                static partial class Log
                {
                    public static partial void Minted(ILogger logger, string? key) { }
                }
                """;
            const string source = """
                using System.Text.Json;
                using Microsoft.Extensions.Logging;

                class Vault { public void Store(string? secret) { } }

                class Program
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run(ILogger logger, SaperlyClient svc, Vault vault, string id)
                    {
                        var response = await _http.PostAsJsonAsync("v1/keys", new { name = "a" });
                        var env = await response.Content.ReadFromJsonAsync<MintEnvelope>();
                        vault.Store(env!.Key.Secret);
                        Log.Minted(logger, {|#0:env.Key.Secret|});
                        var rotated = await _http.PostAsync($"v1/keys/{id}/rotate", null);
                        var json = await rotated.Content.ReadAsStringAsync();
                        Console.WriteLine({|#1:JsonSerializer.Deserialize<RotateEnvelope>(json)!.Key!.Secret|});
                        Console.WriteLine({|#2:(await svc.Keys.CreateAsync(new { name = "b" }, "k1")).PlaintextKey|});
                    }
                }
                """;
            const string fixedSource = """
                using System.Text.Json;
                using Microsoft.Extensions.Logging;

                class Vault { public void Store(string? secret) { } }

                class Program
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    async Task Run(ILogger logger, SaperlyClient svc, Vault vault, string id)
                    {
                        var response = await _http.PostAsJsonAsync("v1/keys", new { name = "a" });
                        var env = await response.Content.ReadFromJsonAsync<MintEnvelope>();
                        vault.Store(env!.Key.Secret);
                        Log.Minted(logger, env.Key.Prefix);
                        var rotated = await _http.PostAsync($"v1/keys/{id}/rotate", null);
                        var json = await rotated.Content.ReadAsStringAsync();
                        Console.WriteLine(JsonSerializer.Deserialize<RotateEnvelope>(json)!.Key!.Identifier);
                        Console.WriteLine((await svc.Keys.CreateAsync(new { name = "b" }, "k1")).KeyPrefix);
                    }
                }
                """;
            var test = VerifyFix.Create(source, fixedSource);
            foreach (var (name, text) in new[] { ("/0/Log.cs", log), ("/0/Log.g.cs", generated), ("/0/Sdk.cs", Sdk), ("/0/Records.cs", Records) })
            {
                test.TestState.Sources.Add((name, text));
                test.FixedState.Sources.Add((name, text));
            }

            test.ExpectedDiagnostics.Add(Leaked(0, "the log ([LoggerMessage] Log.Minted)", "POST /v1/keys"));
            test.ExpectedDiagnostics.Add(Leaked(1, "Console.WriteLine", "POST /v1/keys/{id}/rotate"));
            test.ExpectedDiagnostics.Add(Leaked(2, "Console.WriteLine"));
            test.CodeActionEquivalenceKey = RuleIds.PlaintextKeyLostOrLeaked;
            await test.RunAsync(CancellationToken.None);
        }
    }
}

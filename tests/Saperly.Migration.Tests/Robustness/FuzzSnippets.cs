using System.Collections.Generic;

namespace Saperly.Migration.Tests.Robustness
{
    /// <summary>
    /// Saperly shapes the fuzzer splices into the samples: each one is something a rule reports (or nearly
    /// reports), so mutants put the recognizers and fixes on broken versions of code they really act on.
    /// The keys are fake and obviously so.
    /// </summary>
    internal static class FuzzSnippets
    {
        /// <summary>Statements, spliced into a random block or among top-level statements.</summary>
        public static readonly IReadOnlyList<string> Statements = new[]
        {
            // SAP001 + SAP003 + SAP005: a mint with the API key, no Idempotency-Key, legacy_full in the body.
            """
            using (var __http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") })
            {
                __http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                using var __minted = await __http.PostAsJsonAsync("v1/keys", new { name = "agent", permissions = "legacy_full" });
            }
            """,
            // SAP002 + SAP007 + SAP009: a call placed with the service key, which falls back to a literal.
            """
            var __svc = new HttpClient();
            __svc.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY") ?? "sk_svc_test_FuzzFuzzFuzz0001");
            await __svc.PostAsJsonAsync("https://saperly.com/api/v1/calls", new { line_id = "ln_1", to_number = "+15550100" });
            """,
            // SAP008: a rotate retried with a new Idempotency-Key per attempt.
            """
            for (var __attempt = 0; __attempt < 3; __attempt++)
            {
                using var __req = new HttpRequestMessage(HttpMethod.Post, "https://saperly.com/api/v1/keys/key_1/rotate");
                __req.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                __req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
                try
                {
                    using var __resp = await new HttpClient().SendAsync(__req);
                    if (__resp.IsSuccessStatusCode) break;
                }
                catch (HttpRequestException)
                {
                }
            }
            """,
            // SAP008: a constant Idempotency-Key on a mint.
            """
            var __r4 = new HttpRequestMessage(HttpMethod.Post, "https://saperly.com/api/v1/keys") { Content = JsonContent.Create(new { name = "n", permissions = "full" }) };
            __r4.Headers.Add("Idempotency-Key", "mint-once");
            await new HttpClient().SendAsync(__r4);
            """,
            // SAP006: the minted plaintext key written to the console.
            """
            var __minted5 = await (await new HttpClient().PostAsJsonAsync("https://saperly.com/api/v1/keys", new { name = "n", permissions = "call_only" })).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            Console.WriteLine(__minted5.GetProperty("plaintext_key").GetString());
            """,
            // SAP007 + SAP009: an SMS sent with a literal API key in a default header.
            """
            var __sms = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
            __sms.DefaultRequestHeaders.Add("Authorization", "Bearer sk_live_FuzzFuzzFuzz0002");
            _ = __sms.PostAsJsonAsync("v1/messages", new { to = "+15550100", body = "hi" });
            """,
            // SAP004: a permission allow-list without legacy_full.
            """
            var __tiers = new[] { "full", "call_only", "sms_only", "read_only" };
            """,
            // A named client revoking a key (key management through IHttpClientFactory).
            """
            IHttpClientFactory __factory = null!;
            await __factory.CreateClient("saperly").DeleteAsync("v1/keys/key_9");
            """,
        };

        /// <summary>Members, spliced at the start of a random class, struct or record body.</summary>
        public static readonly IReadOnlyList<string> Members = new[]
        {
            """private static readonly HashSet<string> __Allowed = new() { "full", "call_only", "sms_only", "read_only" };""",
            "private const string __Schema = \"\"\"\n{ \"type\": \"object\", \"properties\": { \"permissions\": { \"enum\": [\"full\", \"call_only\", \"sms_only\", \"read_only\"] } } }\n\"\"\";",
            "private enum __Tier { Full, CallOnly, SmsOnly, ReadOnly }",
            """private const string __Key = "sk_live_FuzzFuzzFuzz0003";""",
            """
            private static async Task __MintAsync(HttpClient http)
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", __Key2);
                using var r = await http.PostAsync("https://saperly.com/api/v1/keys", JsonContent.Create(new { name = "x", permissions = "full" }));
            }
            private const string __Key2 = "sk_test_FuzzFuzzFuzz0004";
            """,
        };

        /// <summary>A small fifth "project" of Saperly code, mutated like the samples.</summary>
        public static readonly IReadOnlyList<(string Path, string Text)> Files = new[]
        {
            ("snippets/Permissions.cs", """"
                using System.Runtime.Serialization;
                using System.Text.Json.Serialization;

                public enum AgentPermission
                {
                    [EnumMember(Value = "full")] Full,
                    [EnumMember(Value = "call_only")] CallOnly,
                    [EnumMember(Value = "sms_only")] SmsOnly,
                    [EnumMember(Value = "read_only")] ReadOnly,
                }

                public sealed class PermissionGuard
                {
                    private static readonly string[] Known = { "full", "call_only", "sms_only", "read_only" };

                    public const string ResponseSchema = """
                        { "type": "object", "properties": { "permissions": { "type": "string", "enum": ["full", "call_only", "sms_only", "read_only"] } } }
                        """;

                    public bool IsKnown(string permission) => Known.Contains(permission);
                }

                public sealed record MintRequest(
                    [property: JsonPropertyName("name")] string Name,
                    [property: JsonPropertyName("permissions")] string Permissions);

                public sealed record MintedKey(
                    [property: JsonPropertyName("id")] string Id,
                    [property: JsonPropertyName("plaintext_key")] string PlaintextKey);
                """"),
            ("snippets/Minter.cs", """
                using System.Net.Http.Headers;
                using System.Net.Http.Json;

                public sealed class Minter
                {
                    private const string FallbackKey = "sk_svc_live_FuzzFuzzFuzz0005";
                    private readonly HttpClient _http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };

                    public Minter()
                    {
                        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                            "Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? FallbackKey);
                    }

                    public async Task<string> MintAsync(string name)
                    {
                        for (var attempt = 0; ; attempt++)
                        {
                            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys")
                            {
                                Content = JsonContent.Create(new MintRequest(name, "legacy_full")),
                            };
                            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
                            using var response = await _http.SendAsync(request);
                            if (response.IsSuccessStatusCode || attempt == 3)
                            {
                                var minted = await response.Content.ReadFromJsonAsync<MintedKey>();
                                Console.WriteLine($"minted {minted!.Id}: {minted.PlaintextKey}");
                                return minted.Id;
                            }
                        }
                    }

                    public Task<HttpResponseMessage> PlaceCallAsync(string line, string to) =>
                        _http.PostAsJsonAsync("v1/calls", new { line_id = line, to_number = to });

                    public async Task RotateAsync(string id)
                    {
                        using var response = await _http.PostAsync($"v1/keys/{id}/rotate", content: null);
                        response.EnsureSuccessStatusCode();
                    }
                }
                """),
        };
    }
}

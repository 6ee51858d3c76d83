using System.Collections.Generic;

namespace Saperly.Migration.Tests.Robustness
{
    /// <summary>
    /// Code that looks like Saperly code to a careless matcher but talks to someone else: each file is what a
    /// team might really have next to (or instead of) a Saperly integration. None of it may get a finding.
    /// The keys are fake.
    /// </summary>
    internal static class QuietLookAlikes
    {
        public static readonly IReadOnlyDictionary<string, string> Sources = new SortedDictionary<string, string>(System.StringComparer.Ordinal)
        {
            ["GitHubKeys"] = """
                using System.Net.Http.Headers;
                using System.Net.Http.Json;

                /// <summary>Deploy keys and the user's SSH keys on GitHub.</summary>
                public sealed class GitHubKeysClient
                {
                    private readonly HttpClient _http = new HttpClient { BaseAddress = new Uri("https://api.github.com/") };

                    public GitHubKeysClient()
                    {
                        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("GITHUB_TOKEN"));
                        _http.DefaultRequestHeaders.UserAgent.ParseAdd("agent-fleet/1.0");
                    }

                    public Task<HttpResponseMessage> ListDeployKeysAsync(string owner, string repo) => _http.GetAsync($"repos/{owner}/{repo}/keys");

                    public Task<HttpResponseMessage> AddDeployKeyAsync(string owner, string repo, string title, string key) =>
                        _http.PostAsJsonAsync($"repos/{owner}/{repo}/keys", new { title, key, read_only = true });

                    public Task<HttpResponseMessage> DeleteDeployKeyAsync(string owner, string repo, long id) => _http.DeleteAsync($"repos/{owner}/{repo}/keys/{id}");

                    public Task<HttpResponseMessage> UserKeysAsync() => _http.GetAsync("user/keys");
                }
                """,

            ["CarrierPlans"] = """
                using System.ComponentModel.DataAnnotations;

                /// <summary>A mobile carrier's plans: tiers named like Saperly's, plus one Saperly never had.</summary>
                public sealed class PlanRecord
                {
                    [RegularExpression("^(full|call_only|sms_only|data_only)$")]
                    public string Plan { get; set; } = "full";

                    public static decimal MonthlyFee(string plan) => plan switch
                    {
                        "full" => 39m,
                        "call_only" => 15m,
                        "sms_only" => 5m,
                        "data_only" => 20m,
                        _ => throw new ArgumentOutOfRangeException(nameof(plan)),
                    };

                    public static void Check(string plan)
                    {
                        if (!(plan is "full" or "call_only" or "sms_only" or "data_only"))
                        {
                            throw new ArgumentException(plan);
                        }
                    }

                    public static string Mode(string access)
                    {
                        if (access == "full") return "rw";
                        if (access == "read_only") return "r";
                        if (access == "write_only") return "w";
                        throw new FormatException(access);
                    }
                }
                """,

            ["CloudKms"] = """
                using System.Net.Http.Headers;
                using System.Net.Http.Json;

                /// <summary>A cloud KMS whose REST API also lives under /v1/keys.</summary>
                public sealed class KmsClient
                {
                    private const string Endpoint = "https://kms.example-cloud.com";
                    private readonly HttpClient _http;

                    public KmsClient(HttpClient http)
                    {
                        _http = http;
                        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("KMS_TOKEN"));
                    }

                    public Task<HttpResponseMessage> CreateAsync(string name) =>
                        _http.PostAsJsonAsync(Endpoint + "/v1/keys", new { name, purpose = "ENCRYPT_DECRYPT", permissions = "full" });

                    public Task<HttpResponseMessage> RotateAsync(string id) => _http.PostAsync($"{Endpoint}/v1/keys/{id}/rotate", content: null);

                    public Task<HttpResponseMessage> ListAsync() => _http.GetAsync($"{Endpoint}/v1/keys?pageSize=100");
                }
                """,

            ["StripeOptionsBeside"] = """
                using Microsoft.Extensions.Options;

                /// <summary>
                /// Payments configured the options way, in an app that also binds a Saperly section: Stripe's key defaults and
                /// fallbacks (same sk_live_/sk_test_ prefixes) next to Saperly's, which hold no key.
                /// </summary>
                public sealed class StripeOptions
                {
                    public string ApiKey { get; set; } = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";
                    public string WebhookSecret { get; set; } = "whsec_FAKEFAKEFAKE";
                }

                public sealed class PaymentsOptions
                {
                    public string SecretKey { get; init; } = "sk_live_51HxQzLkT9v2mNpQrStUvWxYzAbCdEf";
                    public string Currency = "eur";
                }

                public sealed class TelephonyOptions
                {
                    public string? ApiKey { get; set; }
                    public string BaseUrl { get; set; } = "https://saperly.com/api/";
                }

                public static class PaymentDefaults
                {
                    public const string TestKey = "sk_test_26PHem9AhJZvU623DfE1x4sd";
                    public static readonly string LiveKey = "sk_live_51HxQzLkT9v2mNpQrStUvWxYzAbCdEf";
                    public const string Placeholder = "changeme";
                }

                public static class PaymentsSetup
                {
                    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
                    {
                        services.Configure<StripeOptions>(configuration.GetSection("Stripe"));
                        services.AddOptions<PaymentsOptions>().BindConfiguration("Payments");
                        services.Configure<TelephonyOptions>(configuration.GetSection("Saperly"));
                        return services;
                    }

                    public static string StripeKey(IConfiguration configuration) =>
                        Environment.GetEnvironmentVariable("STRIPE_API_KEY") ?? configuration["Stripe:ApiKey"] ?? PaymentDefaults.TestKey;

                    public static string LiveKey(IConfiguration configuration) => configuration.GetValue("Stripe:SecretKey", PaymentDefaults.LiveKey)!;

                    public static string TelephonyKey() => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? PaymentDefaults.Placeholder;
                }
                """,

            ["StripeClient"] = """
                using System.Net.Http.Headers;
                using System.Net.Http.Json;

                /// <summary>Stripe through HttpClient: same sk_live_/sk_test_ prefixes, same /v1/, same Idempotency-Key header.</summary>
                public sealed class StripeClient
                {
                    private const string SecretKey = "sk_live_51HxQzLkT9v2mNpQrStUvWxYzAbCdEf";
                    private readonly HttpClient _http;

                    public StripeClient()
                    {
                        _http = new HttpClient { BaseAddress = new Uri("https://api.stripe.com/") };
                        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SecretKey);
                    }

                    public async Task<string> ChargeAsync(long amountCents, string customer, string orderId)
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/payment_intents")
                        {
                            Content = new FormUrlEncodedContent(new Dictionary<string, string>
                            {
                                ["amount"] = amountCents.ToString(),
                                ["currency"] = "usd",
                                ["customer"] = customer,
                            }),
                        };
                        request.Headers.Add("Idempotency-Key", "order-" + orderId);
                        using var response = await _http.SendAsync(request);
                        return await response.Content.ReadAsStringAsync();
                    }

                    public Task<HttpResponseMessage> CreateCustomerAsync(string email) =>
                        _http.PostAsync("v1/customers", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email }));

                    public Task<HttpResponseMessage> CreateEphemeralKeyAsync(string customer) =>
                        _http.PostAsync("v1/ephemeral_keys", new FormUrlEncodedContent(new Dictionary<string, string> { ["customer"] = customer }));

                    public async Task RefundWithRetriesAsync(string charge)
                    {
                        for (var attempt = 0; attempt < 3; attempt++)
                        {
                            using var request = new HttpRequestMessage(HttpMethod.Post, "https://api.stripe.com/v1/refunds")
                            {
                                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["charge"] = charge }),
                            };
                            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                            try
                            {
                                using var response = await _http.SendAsync(request);
                                if (response.IsSuccessStatusCode)
                                {
                                    return;
                                }
                            }
                            catch (HttpRequestException)
                            {
                            }
                        }
                    }
                }

                public static class StripeKeys
                {
                    public static string Test(IConfiguration configuration) =>
                        configuration["Stripe:SecretKey"] ?? Environment.GetEnvironmentVariable("STRIPE_SECRET_KEY") ?? "sk_test_4eC39HqLyjWDarjtT1zdp7dc";

                    public static HttpClient Create()
                    {
                        var http = new HttpClient();
                        http.DefaultRequestHeaders.Add("Authorization", "Bearer sk_test_26PHem9AhJZvU623DfE1x4sd");
                        http.BaseAddress = new Uri("https://api.stripe.com/v1/");
                        return http;
                    }
                }
                """,

            ["VaultKeysClient"] = """
                using System.Net.Http.Headers;
                using System.Net.Http.Json;
                using System.Text.Json.Serialization;

                /// <summary>The internal secrets vault: a /v1/keys API with mint, rotate, revoke and a one-time plaintext.</summary>
                public sealed class KeysClient
                {
                    private readonly HttpClient _http;

                    public KeysClient(HttpClient http)
                    {
                        _http = http;
                        _http.BaseAddress = new Uri("https://vault.internal.example/");
                        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("VAULT_TOKEN"));
                    }

                    public async Task<VaultKey> MintAsync(string name, string permissions)
                    {
                        using var response = await _http.PostAsJsonAsync("v1/keys", new { name, permissions });
                        var key = (await response.Content.ReadFromJsonAsync<VaultKey>())!;
                        Console.WriteLine($"vault key {key.Id} minted: {key.PlaintextKey}");
                        return key;
                    }

                    public Task<HttpResponseMessage> ListAsync() => _http.GetAsync("v1/keys");

                    public Task<HttpResponseMessage> GetAsync(string id) => _http.GetAsync($"v1/keys/{id}");

                    public Task<HttpResponseMessage> RevokeAsync(string id) => _http.DeleteAsync($"v1/keys/{id}");

                    public async Task RotateAsync(string id)
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, "https://vault.internal.example/v1/keys/" + id + "/rotate");
                        request.Headers.Add("Idempotency-Key", "rotate");
                        using var response = await _http.SendAsync(request);
                        var rotated = await response.Content.ReadFromJsonAsync<VaultKey>();
                        System.Diagnostics.Trace.WriteLine("rotated " + rotated!.PlaintextKey);
                    }
                }

                public sealed record VaultKey(
                    [property: JsonPropertyName("id")] string Id,
                    [property: JsonPropertyName("permissions")] string Permissions,
                    [property: JsonPropertyName("plaintext_key")] string? PlaintextKey);

                public static class VaultRegistration
                {
                    public static IServiceCollection AddVault(this IServiceCollection services)
                    {
                        services.AddHttpClient("vault", c => c.BaseAddress = new Uri("https://vault.internal.example/"));
                        services.AddHttpClient<KeysClient>(c => c.BaseAddress = new Uri("https://vault.internal.example/"));
                        return services;
                    }

                    public static Task<HttpResponseMessage> ListThroughFactoryAsync(IHttpClientFactory factory) =>
                        factory.CreateClient("vault").GetAsync("v1/keys");
                }
                """,

            ["VonageVoice"] = """
                using System.Net.Http.Headers;
                using System.Net.Http.Json;

                /// <summary>Vonage's Voice and Messages APIs: POST /v1/calls and /v1/messages, no Idempotency-Key.</summary>
                public sealed class VonageClient
                {
                    private readonly HttpClient _http = new HttpClient { BaseAddress = new Uri("https://api.nexmo.com/") };

                    public VonageClient(string jwt) => _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", jwt);

                    public Task<HttpResponseMessage> CallAsync(string to, string from) =>
                        _http.PostAsJsonAsync("v1/calls", new { to = new[] { new { type = "phone", number = to } }, from = new { type = "phone", number = from } });

                    public Task<HttpResponseMessage> SmsAsync(string to, string text) =>
                        _http.PostAsJsonAsync("https://api.nexmo.com/v1/messages", new { message_type = "text", channel = "sms", to, text });
                }
                """,

            ["PermissionEnums"] = """
                using System.Runtime.Serialization;
                using System.Text.Json.Serialization;

                public enum ShareAccess
                {
                    None,
                    ReadOnly,
                    WriteOnly,
                    Full,
                }

                [JsonConverter(typeof(JsonStringEnumConverter))]
                public enum KeyPermission
                {
                    Full,
                    ReadOnly,
                    WriteOnly,
                }

                public enum BucketPolicy
                {
                    [EnumMember(Value = "full")] Full,
                    [EnumMember(Value = "read_only")] ReadOnly,
                    [EnumMember(Value = "write_only")] WriteOnly,
                    [EnumMember(Value = "list_only")] ListOnly,
                }

                public enum ContactPreference
                {
                    Any,
                    CallOnly,
                    EmailOnly,
                }

                public sealed record ApiKeyRecord(string Id, KeyPermission Permissions, ShareAccess Share);
                """,

            ["PermissionLists"] = """
                public static class Roles
                {
                    public static readonly string[] Scopes = { "read", "write", "admin" };

                    public static readonly HashSet<string> StoragePermissions = new(StringComparer.Ordinal) { "full", "read_only", "write_only" };

                    public static readonly List<string> DocumentRoles = new() { "owner", "editor", "commenter", "viewer" };

                    public static bool CanWrite(string permission) => permission switch
                    {
                        "full" => true,
                        "write_only" => true,
                        "read_only" => false,
                        _ => false,
                    };

                    public static bool IsKnown(string scope) => new[] { "full", "read_only", "write_only", "none" }.Contains(scope);
                }
                """,

            ["JsonSchemas"] = """"
                public static class Schemas
                {
                    public const string Bucket = """
                        {
                          "type": "object",
                          "properties": {
                            "access": { "type": "string", "enum": ["full", "read_only", "write_only"] },
                            "tier": { "type": "string", "enum": ["free", "pro", "enterprise"] }
                          }
                        }
                        """;

                    public const string Member = "{\"type\":\"object\",\"properties\":{\"role\":{\"enum\":[\"admin\",\"member\",\"guest\"]}}}";

                    public const string Channel = """{ "properties": { "channel": { "enum": ["call", "sms", "email"] } } }""";
                }
                """",

            ["OtherIdempotency"] = """
                using System.Net.Http.Json;

                /// <summary>Payment APIs that take an Idempotency-Key, called the way their docs show.</summary>
                public sealed class Payments
                {
                    private readonly HttpClient _http;

                    public Payments(IHttpClientFactory factory) => _http = factory.CreateClient("adyen");

                    public async Task<HttpResponseMessage> PayAsync(long amount, string reference)
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, "https://checkout-test.adyen.com/v71/payments")
                        {
                            Content = JsonContent.Create(new { amount = new { value = amount, currency = "EUR" }, reference }),
                        };
                        request.Headers.Add("Idempotency-Key", reference);
                        return await _http.SendAsync(request);
                    }

                    public async Task<HttpResponseMessage> SquareAsync(long amount)
                    {
                        var key = "payment-batch";
                        using var request = new HttpRequestMessage(HttpMethod.Post, "https://connect.squareup.com/v2/payments")
                        {
                            Content = JsonContent.Create(new { idempotency_key = key, amount_money = new { amount, currency = "USD" } }),
                        };
                        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
                        return await _http.SendAsync(request);
                    }

                    public async Task RetryAsync(Func<Task<HttpResponseMessage>> send)
                    {
                        for (var i = 0; i < 3; i++)
                        {
                            using var request = new HttpRequestMessage(HttpMethod.Post, "https://api.example-pay.com/v1/payouts");
                            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                            using var response = await _http.SendAsync(request);
                            if ((int)response.StatusCode < 500)
                            {
                                return;
                            }
                        }
                    }
                }
                """,

            ["OtherSecretsLogged"] = """
                using System.Diagnostics;
                using Microsoft.Extensions.Logging;

                public sealed class StartupDump(ILogger<StartupDump> logger)
                {
                    public void Dump(IConfiguration configuration)
                    {
                        var stripe = configuration["Stripe:SecretKey"];
                        var github = Environment.GetEnvironmentVariable("GITHUB_TOKEN");
                        logger.LogInformation("Stripe key {Key}, GitHub token {Token}", stripe, github);
                        Console.WriteLine("db password: " + Environment.GetEnvironmentVariable("DB_PASSWORD"));
                        Debug.WriteLine($"api key sk_live_AbCdEf0123456789AbCdEf01 for {stripe}");
                        Activity.Current?.SetTag("vault.token", Environment.GetEnvironmentVariable("VAULT_TOKEN"));
                        if (string.IsNullOrEmpty(stripe))
                        {
                            throw new InvalidOperationException("no Stripe key; fallback was sk_test_4eC39HqLyjWDarjtT1zdp7dc");
                        }
                    }
                }
                """,
        };
    }
}

using System.Threading.Tasks;
using Saperly.Migration.Tests.FixLayer;
using Saperly.Migration.Tests.Verifiers;

namespace Saperly.Migration.Tests.Libraries
{
    /// <summary>Refit 16: the project's interfaces, made by <c>RestService.For</c> or registered with <c>AddRefitClient</c>.</summary>
    public class RefitTests
    {
        private const string Usings = "using Refit;\n";

        private static Task<System.Collections.Generic.IReadOnlyList<string>> FindingsAsync(string source) =>
            LibraryFindings.OfAsync(Usings + source, TestReferences.Refit, TestReferences.Net80Extensions10);

        private static Task<FixRun> FixAsync(string source, string ruleId) =>
            FixRun.RunAsync(Usings + source, ruleId, libraries: TestReferences.Refit, framework: TestReferences.Net80Extensions10);

        private const string Apis = """
            [Headers("Authorization: Bearer")]
            public interface ISaperlyKeys
            {
                [Post("/v1/keys")]
                Task<HttpResponseMessage> MintAsync([Body] object body, CancellationToken cancellationToken = default);

                [Post("/v1/keys/{id}/rotate")]
                Task<HttpResponseMessage> RotateAsync(string id, [Header("Idempotency-Key")] string? idempotencyKey = null);

                [Delete("/v1/keys/{id}")]
                Task RevokeAsync(string id);
            }

            [Headers("Authorization: Bearer")]
            public interface ISaperlyCalls
            {
                [Post("/v1/calls")]
                Task<HttpResponseMessage> PlaceAsync([Body] object body, [Header("Idempotency-Key")] string idempotencyKey);
            }

            """;

        [Fact]
        public async Task RegisteredInterfaces_TheGettersKey_AndTheHeaderParameters_AreFollowed()
        {
            const string source = Apis + """
                static class Registration
                {
                    public static void Add(IServiceCollection services, IConfiguration config)
                    {
                        services.AddRefitClient<ISaperlyKeys>(new RefitSettings { AuthorizationHeaderValueGetter = (_, _) => ValueTask.FromResult(config["SAPERLY_API_KEY"]!) })
                            .ConfigureHttpClient(c => c.BaseAddress = new Uri("https://saperly.com/api"));
                        services.AddRefitGeneratedClient<ISaperlyCalls>(_ => new RefitSettings { AuthorizationHeaderValueGetter = (_, _) => new ValueTask<string>(config["SAPERLY_SERVICE_KEY"]!) })
                            .ConfigureHttpClient(c => c.BaseAddress = new Uri("https://saperly.com/api"));
                    }
                }

                sealed class Fleet(ISaperlyKeys keys, ISaperlyCalls calls)
                {
                    public async Task Run(object body, string id)
                    {
                        using var minted = await keys.MintAsync(body);
                        using var rotated = await keys.RotateAsync(id, Guid.NewGuid().ToString());
                        await keys.RevokeAsync(id);
                        using var placed = await calls.PlaceAsync(body, Guid.NewGuid().ToString());
                    }
                }
                """;
            // The answers of the mint and the rotation (the keys' only plaintext) are dropped too: SAP006.
            Assert.Equal(new[]
            {
                "SAP001 keys.MintAsync(body)",
                "SAP003 keys.MintAsync(body)",
                "SAP006 keys.MintAsync(body)",
                "SAP001 keys.RotateAsync(id, Guid.NewGuid().ToString())",
                "SAP006 keys.RotateAsync(id, Guid.NewGuid().ToString())",
                "SAP001 keys.RevokeAsync(id)",
                "SAP002 calls.PlaceAsync(body, Guid.NewGuid().ToString())",
            }, await FindingsAsync(source));
        }

        [Fact]
        public async Task RestServiceFor_WithAnAuthorizeParameter_IsFollowed()
        {
            const string source = """
                public interface ISaperly
                {
                    [Get("/v1/keys")]
                    Task<string> ListKeysAsync([Authorize("Bearer")] string token);

                    [Get("/v1/audit")]
                    Task<string> AuditAsync([Authorize] string token);
                }

                sealed class Job
                {
                    private readonly ISaperly _api = RestService.For<ISaperly>("https://saperly.com/api");

                    public async Task Run()
                    {
                        await _api.ListKeysAsync(Environment.GetEnvironmentVariable("SAPERLY_API_KEY")!);
                        await _api.AuditAsync(Environment.GetEnvironmentVariable("SAPERLY_API_KEY")!);
                    }
                }
                """;
            Assert.Equal(new[] { "SAP001 _api.ListKeysAsync(Environment.GetEnvironmentVariable(\"SAPERLY_API_KEY\")!)" }, await FindingsAsync(source));
        }

        [Fact]
        public async Task TypedAnswer_ItsMappedPlaintextLogged_IsSAP006()
        {
            const string source = """
                using System.Text.Json.Serialization;
                using Microsoft.Extensions.Logging;

                public record MintEnvelope(MintedChild Key);
                public record MintedChild(string Id, [property: JsonPropertyName("key_prefix")] string Prefix, [property: JsonPropertyName("plaintext_key")] string? Secret);

                public interface ISaperlyKeyRecords
                {
                    [Post("/v1/keys")]
                    Task<MintEnvelope> MintAsync([Body] object body, [Header("Idempotency-Key")] string idempotencyKey, [Authorize] string token);
                }

                sealed class Fleet(ILogger<Fleet> logger)
                {
                    private readonly ISaperlyKeyRecords _keys = RestService.For<ISaperlyKeyRecords>("https://saperly.com/api");

                    public async Task Run(object body)
                    {
                        var minted = await _keys.MintAsync(body, Guid.NewGuid().ToString(), Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY")!);
                        logger.LogInformation("Minted {Prefix}", minted.Key.Prefix);
                        logger.LogInformation("Minted {Key}", minted?.Key.Secret);
                    }
                }
                """;
            Assert.Equal(new[] { "SAP006 minted?.Key.Secret" }, await FindingsAsync(source));
        }

        [Fact]
        public async Task OtherVendors_AreQuiet()
        {
            const string source = """
                [Headers("Authorization: Bearer")]
                public interface IStripe
                {
                    [Post("/v1/charges")]
                    Task<string> ChargeAsync([Body] object body, [Header("Idempotency-Key")] string key);

                    [Post("/v1/keys")]
                    Task<string> KeysAsync([Body] object body);
                }

                public interface IOpenAi
                {
                    [Post("/v1/chat/completions")]
                    Task<string> ChatAsync([Body] object body, [Authorize] string token);
                }

                public interface ITelephony
                {
                    [Post("/v1/calls")]
                    Task<string> CallAsync([Body] object body, [Header("Authorization")] string jwt);
                }

                public interface IVault
                {
                    [Post("/v1/keys/{name}")]
                    Task<string> CreateAsync(string name, [Header("X-Vault-Token")] string token);
                }

                sealed class Vendors
                {
                    public async Task Run(object body)
                    {
                        var stripe = RestService.For<IStripe>("https://api.stripe.com", new RefitSettings { AuthorizationHeaderValueGetter = (_, _) => ValueTask.FromResult(Environment.GetEnvironmentVariable("STRIPE_SECRET_KEY")!) });
                        await stripe.ChargeAsync(body, Guid.NewGuid().ToString());
                        await stripe.KeysAsync(body);
                        await RestService.For<IOpenAi>("https://api.openai.com").ChatAsync(body, Environment.GetEnvironmentVariable("OPENAI_API_KEY")!);
                        var telephony = RestService.For<ITelephony>("https://api.telephony.example");
                        await telephony.CallAsync(body, "Bearer " + Environment.GetEnvironmentVariable("TELEPHONY_JWT"));
                        var vault = RestService.For<IVault>("https://vault.internal:8200");
                        await vault.CreateAsync("agent", Environment.GetEnvironmentVariable("VAULT_TOKEN")!);
                    }
                }
                """;
            Assert.Empty(await FindingsAsync(source));
        }

        [Fact]
        public async Task MissingKey_BecomesAHeaderParameter_WithAFreshValueAtTheCall()
        {
            var source = Apis.Replace("[Headers(\"Authorization: Bearer\")]\npublic interface ISaperlyKeys", "public interface ISaperlyKeys") + """
                sealed class Fleet
                {
                    private readonly ISaperlyKeys _keys = RestService.For<ISaperlyKeys>("https://saperly.com/api");

                    public async Task Mint(object body, string id)
                    {
                        using var minted = await _keys.MintAsync(body);
                        using var again = await _keys.MintAsync(body, CancellationToken.None);
                        using var rotated = await _keys.RotateAsync(id);
                    }
                }
                """;
            var run = await FixAsync(source, "SAP003");
            Assert.Equal(3, run.Found.Length);
            Assert.True(run.Left.IsEmpty && run.ErrorsAfter.IsEmpty, run.ToString());
            Assert.Contains("Task<HttpResponseMessage> MintAsync([Body] object body, CancellationToken cancellationToken = default, [Header(\"Idempotency-Key\")] string? idempotencyKey = null);", run.After);
            Assert.Contains("using var minted = await _keys.MintAsync(body, idempotencyKey: idempotencyKey);", run.After);
            Assert.Contains("using var again = await _keys.MintAsync(body, CancellationToken.None, idempotencyKey: idempotencyKey2);", run.After);
            Assert.Contains("using var rotated = await _keys.RotateAsync(id, idempotencyKey: idempotencyKey3);", run.After);
        }

        [Fact]
        public async Task TheKeysInterfacesOwnGetter_IsRenamed_AndASharedOneIsLeftToTheDeveloper()
        {
            const string registrations = """
                static class Registration
                {
                    public static void Add(IServiceCollection services, IConfiguration config)
                    {
                        services.AddRefitClient<ISaperlyKeys>(new RefitSettings { AuthorizationHeaderValueGetter = (_, _) => ValueTask.FromResult(config["SAPERLY_API_KEY"]!) })
                            .ConfigureHttpClient(c => c.BaseAddress = new Uri("https://saperly.com/api"));
                        services.AddRefitClient<ISaperlyCalls>(SETTINGS)
                            .ConfigureHttpClient(c => c.BaseAddress = new Uri("https://saperly.com/api"));
                    }
                }

                sealed class Fleet(ISaperlyKeys keys, ISaperlyCalls calls)
                {
                    public Task Revoke(string id) => keys.RevokeAsync(id);

                    public Task<HttpResponseMessage> Dial(object body) => calls.PlaceAsync(body, Guid.NewGuid().ToString());
                }
                """;
            var own = await FixAsync(Apis + registrations.Replace("SETTINGS", "new RefitSettings { AuthorizationHeaderValueGetter = (_, _) => ValueTask.FromResult(config[\"SAPERLY_API_KEY\"]!) }"), "SAP001");
            Assert.Single(own.Found);
            Assert.True(own.Left.IsEmpty && own.ErrorsAfter.IsEmpty, own.ToString());
            Assert.Contains("services.AddRefitClient<ISaperlyKeys>(new RefitSettings { AuthorizationHeaderValueGetter = (_, _) => ValueTask.FromResult(config[\"SAPERLY_SERVICE_KEY\"]!) })", own.After);
            Assert.Contains("services.AddRefitClient<ISaperlyCalls>(new RefitSettings { AuthorizationHeaderValueGetter = (_, _) => ValueTask.FromResult(config[\"SAPERLY_API_KEY\"]!) })", own.After);

            // One settings object for both interfaces: its getter cannot change tier, nor can one call override it
            // (the getter replaces every request's token). Reported, left to the developer.
            var shared = await FixAsync(Apis + registrations
                .Replace("new RefitSettings { AuthorizationHeaderValueGetter = (_, _) => ValueTask.FromResult(config[\"SAPERLY_API_KEY\"]!) }", "Settings")
                .Replace("SETTINGS", "Settings")
                .Replace("    public static void Add", "    private static readonly RefitSettings Settings = new() { AuthorizationHeaderValueGetter = (_, _) => ValueTask.FromResult(Environment.GetEnvironmentVariable(\"SAPERLY_API_KEY\")!) };\n\n    public static void Add"), "SAP001");
            Assert.Single(shared.Found);
            Assert.Equal(shared.Before, shared.After);
            Assert.StartsWith("give ISaperlyKeys's key-management methods an interface of their own", shared.Found[0].Properties["WhatToDo"]);
        }

        [Fact]
        public async Task AConstantKeyArgument_BecomesOnePerOperation_AndAMessageGetsOne()
        {
            const string source = """
                [Headers("Authorization: Bearer")]
                public interface ISaperlyCalls
                {
                    [Post("/v1/calls")]
                    Task<HttpResponseMessage> PlaceAsync([Body] object body, [Header("Idempotency-Key")] string idempotencyKey);

                    [Post("/v1/messages")]
                    Task<HttpResponseMessage> TextAsync([Body] object body);
                }

                sealed class Agent
                {
                    private readonly ISaperlyCalls _calls = RestService.For<ISaperlyCalls>("https://saperly.com/api", new RefitSettings { AuthorizationHeaderValueGetter = (_, _) => ValueTask.FromResult(Environment.GetEnvironmentVariable("SAPERLY_API_KEY")!) });

                    public Task<HttpResponseMessage> Dial(object body) => _calls.PlaceAsync(body, "dial-1");

                    public Task<HttpResponseMessage> Text(object body) => _calls.TextAsync(body);
                }
                """;
            var sap008 = await FixAsync(source, "SAP008");
            Assert.Single(sap008.Found);
            Assert.True(sap008.Left.IsEmpty && sap008.ErrorsAfter.IsEmpty, sap008.ToString());
            Assert.DoesNotContain("\"dial-1\"", sap008.After);

            var sap009 = await FixAsync(source, "SAP009");
            Assert.Single(sap009.Found);
            Assert.True(sap009.Left.IsEmpty && sap009.ErrorsAfter.IsEmpty, sap009.ToString());
            Assert.True(sap009.After.Contains("Task<HttpResponseMessage> TextAsync([Body] object body, [Header(\"Idempotency-Key\")] string? idempotencyKey = null);"), sap009.ToString());
        }
    }
}

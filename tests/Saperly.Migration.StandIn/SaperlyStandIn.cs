using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Saperly.Migration.StandIn
{
    /// <summary>
    /// An in-process stand-in for the Saperly v0.5.7.0 API on <c>http://127.0.0.1:{free port}</c>.
    /// It enforces the credential tiers, the Idempotency-Key rules and the permission tiers of
    /// <c>saperly-api.md</c>, answers the data-plane endpoints the samples use, and records every request.
    /// Serves <c>/v1/...</c> and <c>/api/v1/...</c> alike.
    /// </summary>
    public sealed class SaperlyStandIn : IAsyncDisposable
    {
        internal const string PrincipalItem = "saperly.principal";
        internal const string ErrorCodeItem = "saperly.error";
        internal const string BodyHashItem = "saperly.body";

        private readonly List<RecordedRequest> _requests = new();
        private readonly object _requestsGate = new();
        private WebApplication? _app;

        /// <summary>Creates a stand-in that accepts the keys in <paramref name="options"/>; call <see cref="StartAsync"/>.</summary>
        public SaperlyStandIn(StandInOptions? options = null)
        {
            Options = options ?? new StandInOptions();
            State = new StandInState();
            Seed();
        }

        /// <summary>The options the stand-in was created with.</summary>
        public StandInOptions Options { get; }

        internal StandInState State { get; }

        internal DateTimeOffset Now => Options.TimeProvider.GetUtcNow();

        /// <summary><c>http://127.0.0.1:{port}/</c>, once started.</summary>
        public Uri BaseAddress { get; private set; } = new Uri("http://127.0.0.1/");

        /// <summary><c>http://127.0.0.1:{port}/api/</c>: the shape of the documented base <c>https://saperly.com/api/</c>.</summary>
        public Uri ApiBaseAddress => new Uri(BaseAddress, "api/");

        /// <summary>A snapshot of every request so far, in arrival order.</summary>
        public IReadOnlyList<RecordedRequest> Requests
        {
            get
            {
                lock (_requestsGate)
                {
                    return _requests.ToArray();
                }
            }
        }

        /// <summary>How many requests have been recorded; pass it to <see cref="RequestsSince"/> later.</summary>
        public int RequestCount
        {
            get
            {
                lock (_requestsGate)
                {
                    return _requests.Count;
                }
            }
        }

        /// <summary>The requests recorded from position <paramref name="sequence"/> on.</summary>
        public IReadOnlyList<RecordedRequest> RequestsSince(int sequence)
        {
            lock (_requestsGate)
            {
                return _requests.Skip(sequence).ToArray();
            }
        }

        /// <summary>Creates and starts a stand-in.</summary>
        public static async Task<SaperlyStandIn> StartNewAsync(StandInOptions? options = null, CancellationToken cancellationToken = default)
        {
            var standIn = new SaperlyStandIn(options);
            await standIn.StartAsync(cancellationToken).ConfigureAwait(false);
            return standIn;
        }

        /// <summary>Binds Kestrel to 127.0.0.1 on a free port and starts serving.</summary>
        public async Task StartAsync(CancellationToken cancellationToken = default)
        {
            if (_app is not null)
            {
                throw new InvalidOperationException("The stand-in is already started.");
            }

            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                ApplicationName = typeof(SaperlyStandIn).Assembly.GetName().Name,
                ContentRootPath = AppContext.BaseDirectory,
                EnvironmentName = "Production",
            });
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

            var app = builder.Build();
            app.Use(PipelineAsync);
            app.UseRouting();
            Endpoints.Map(app, this);

            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Kestrel reported no bound address.");
            BaseAddress = new Uri(address.TrimEnd('/') + "/");
            _app = app;
        }

        /// <summary>Stops the server.</summary>
        public async ValueTask DisposeAsync()
        {
            var app = Interlocked.Exchange(ref _app, null);
            if (app is not null)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await app.StopAsync(timeout.Token).ConfigureAwait(false);
                await app.DisposeAsync().ConfigureAwait(false);
            }
        }

        /// <summary>Classifies a key by its prefix alone.</summary>
        public static CredentialTier ClassifyKey(string? key)
        {
            if (string.IsNullOrEmpty(key))
            {
                return CredentialTier.None;
            }

            if (key.StartsWith("sk_svc_live_", StringComparison.Ordinal) || key.StartsWith("sk_svc_test_", StringComparison.Ordinal))
            {
                return CredentialTier.ServiceKey;
            }

            if (key.StartsWith("sk_live_", StringComparison.Ordinal) || key.StartsWith("sk_test_", StringComparison.Ordinal))
            {
                return CredentialTier.ApiKey;
            }

            return CredentialTier.None;
        }

        /// <summary>The tier prefix of a key (<c>sk_svc_test_</c>, <c>sk_live_</c>, ...): the only part ever recorded.</summary>
        public static string? TierPrefix(string? key)
        {
            if (key is null)
            {
                return null;
            }

            foreach (var prefix in new[] { "sk_svc_live_", "sk_svc_test_", "sk_live_", "sk_test_" })
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return prefix;
                }
            }

            return null;
        }

        internal static string EnvironmentOf(string key) => key.Contains("_test_", StringComparison.Ordinal) ? "test" : "live";

        private void Seed()
        {
            var portal = new DateTimeOffset(2025, 1, 15, 9, 30, 0, TimeSpan.Zero);
            var n = 0;
            foreach (var key in Options.ApiKeys)
            {
                if (ClassifyKey(key) != CredentialTier.ApiKey)
                {
                    throw new ArgumentException($"'{TierPrefix(key) ?? "(unknown prefix)"}…' is not an API key (sk_live_/sk_test_).", nameof(Options));
                }

                n++;
                var stored = new StoredKey
                {
                    Id = $"key_portal_{n:D4}",
                    Plaintext = key,
                    KeyPrefix = key.Substring(0, Math.Min(key.Length, TierPrefix(key)!.Length + 4)),
                    Environment = EnvironmentOf(key),
                    Name = "portal key",
                    Permissions = "full",
                    CreatedAt = portal,
                    Listed = false,
                };
                State.ApiKeysByPlaintext[key] = stored;
                State.KeysById[stored.Id] = stored;
            }

            n = 0;
            foreach (var key in Options.ServiceKeys)
            {
                if (ClassifyKey(key) != CredentialTier.ServiceKey)
                {
                    throw new ArgumentException($"'{TierPrefix(key) ?? "(unknown prefix)"}…' is not a service key (sk_svc_live_/sk_svc_test_).", nameof(Options));
                }

                n++;
                State.ServiceKeysByPlaintext[key] = ($"svc_{n:D4}", EnvironmentOf(key));
            }

            // One key minted before v0.5.7.0 per environment: the list always shows it, with legacy_full.
            foreach (var environment in new[] { "test", "live" })
            {
                var legacy = new StoredKey
                {
                    Id = $"key_legacy_{environment}",
                    Plaintext = null,
                    KeyPrefix = $"sk_{environment}_lgcy",
                    Environment = environment,
                    Name = "production agent (pre-0.5.7.0)",
                    Permissions = "legacy_full",
                    CreatedAt = portal.AddDays(-90),
                    LastUsedAt = portal.AddDays(10),
                    Listed = true,
                };
                State.KeysById[legacy.Id] = legacy;
            }

            State.Lines.Add(new LineRecord
            {
                Id = "550e8400-e29b-41d4-a716-446655440000",
                Environment = "test",
                PhoneNumber = "+14155550100",
                Name = "main line",
                CreatedAt = portal,
            });
            State.Lines.Add(new LineRecord
            {
                Id = "550e8400-e29b-41d4-a716-446655440000",
                Environment = "live",
                PhoneNumber = "+14155550100",
                Name = "main line",
                CreatedAt = portal,
            });
        }

        /// <summary>Normalizes the path, authenticates, enforces the tier of the plane, records the request.</summary>
        private async Task PipelineAsync(HttpContext context, RequestDelegate next)
        {
            var request = context.Request;
            var at = Now;
            var rawPath = request.PathBase.Add(request.Path).Value ?? "/";
            var route = rawPath.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) ? rawPath.Substring(4) : rawPath;
            var idempotencyKey = request.Headers.TryGetValue("Idempotency-Key", out var idem) ? idem.ToString() : null;

            // Buffer the body once: its hash is recorded and the idempotency rules compare it.
            string? bodyHash = null;
            if (request.ContentLength is > 0 || request.Headers.ContainsKey("Transfer-Encoding"))
            {
                using var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
                var bytes = buffer.ToArray();
                context.Items[BodyHashItem] = bytes;
                if (bytes.Length > 0)
                {
                    bodyHash = Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
                }
            }

            var presented = ReadBearer(request);
            var tier = ClassifyKey(presented);
            string? keyId = null;

            try
            {
                if (!route.Equals("/v1", StringComparison.OrdinalIgnoreCase) && !route.StartsWith("/v1/", StringComparison.OrdinalIgnoreCase))
                {
                    await Endpoints.ErrorAsync(context, 404, ErrorCodes.NotFound, $"{rawPath} is not a Saperly API path.").ConfigureAwait(false);
                    return;
                }

                var principal = Authenticate(presented, tier);
                if (principal is null)
                {
                    var why = presented is null
                        ? "Send Authorization: Bearer <key>."
                        : tier == CredentialTier.None ? "The key is not a Saperly key." : "The key is unknown or revoked.";
                    await Endpoints.ErrorAsync(context, 401, ErrorCodes.InvalidApiKey, "Invalid API key. " + why).ConfigureAwait(false);
                    return;
                }

                keyId = principal.KeyId;
                var isKeys = route.Equals("/v1/keys", StringComparison.OrdinalIgnoreCase) || route.StartsWith("/v1/keys/", StringComparison.OrdinalIgnoreCase);
                if (isKeys && principal.Tier != CredentialTier.ServiceKey)
                {
                    await Endpoints.ErrorAsync(context, 403, ErrorCodes.ServiceKeyRequired,
                        "Key management (/v1/keys) requires a service key (sk_svc_live_/sk_svc_test_); this is a regular API key.").ConfigureAwait(false);
                    return;
                }

                if (!isKeys && principal.Tier == CredentialTier.ServiceKey)
                {
                    await Endpoints.ErrorAsync(context, 401, ErrorCodes.InvalidApiKey,
                        "Invalid API key. Service keys can only call /v1/keys; use a regular API key for this endpoint.").ConfigureAwait(false);
                    return;
                }

                if (principal.ApiKey is not null)
                {
                    lock (State.Gate)
                    {
                        principal.ApiKey.LastUsedAt = at;
                    }
                }

                context.Items[PrincipalItem] = principal;
                request.PathBase = PathString.Empty;
                request.Path = new PathString(route);
                await next(context).ConfigureAwait(false);
            }
            catch (Exception ex) when (!context.Response.HasStarted)
            {
                await Endpoints.ErrorAsync(context, 500, ErrorCodes.InternalError, ex.GetType().Name + ": " + ex.Message).ConfigureAwait(false);
            }
            finally
            {
                var errorCode = context.Items.TryGetValue(ErrorCodeItem, out var code) ? code as string : null;
                lock (_requestsGate)
                {
                    _requests.Add(new RecordedRequest(
                        _requests.Count,
                        at,
                        request.Method,
                        rawPath,
                        route,
                        request.QueryString.Value ?? string.Empty,
                        tier,
                        TierPrefix(presented),
                        keyId,
                        idempotencyKey,
                        bodyHash,
                        context.Response.StatusCode,
                        errorCode));
                }
            }
        }

        private static string? ReadBearer(HttpRequest request)
        {
            var header = request.Headers.Authorization.ToString();
            if (string.IsNullOrWhiteSpace(header))
            {
                return null;
            }

            const string Scheme = "Bearer ";
            return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header.Substring(Scheme.Length).Trim() : string.Empty;
        }

        private Principal? Authenticate(string? key, CredentialTier tier)
        {
            if (key is null)
            {
                return null;
            }

            lock (State.Gate)
            {
                if (tier == CredentialTier.ServiceKey && State.ServiceKeysByPlaintext.TryGetValue(key, out var service))
                {
                    return new Principal(CredentialTier.ServiceKey, service.Id, service.Environment, null);
                }

                if (tier == CredentialTier.ApiKey && State.ApiKeysByPlaintext.TryGetValue(key, out var api) && api.RevokedAt is null)
                {
                    return new Principal(CredentialTier.ApiKey, api.Id, api.Environment, api);
                }
            }

            return null;
        }
    }
}

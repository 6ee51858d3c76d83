using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace Saperly.Migration.Analyzers.Model
{
    /// <summary>Which credential tier a Saperly request is authenticated with.</summary>
    internal enum CredentialTier
    {
        Unknown = 0,
        /// <summary>The regular API key: <c>sk_live_</c>/<c>sk_test_</c>, <c>SAPERLY_API_KEY</c>.</summary>
        ApiKey = 1,
        /// <summary>The service key: <c>sk_svc_live_</c>/<c>sk_svc_test_</c>, <c>SAPERLY_SERVICE_KEY</c>.</summary>
        ServiceKey = 2,
    }

    /// <summary>Which side of the API an endpoint belongs to.</summary>
    internal enum ApiPlane
    {
        /// <summary>The six <c>/v1/keys</c> endpoints: service key only.</summary>
        KeyManagement,
        /// <summary>Every other <c>/v1/</c> endpoint: API key only.</summary>
        DataPlane,
    }

    /// <summary>One documented Saperly operation: method, path template, plane and idempotency rule.</summary>
    internal sealed class SaperlyOperation
    {
        public SaperlyOperation(string name, string method, string pathTemplate, ApiPlane plane, bool requiresIdempotencyKey, bool recommendsIdempotencyKey = false)
        {
            Name = name;
            Method = method;
            PathTemplate = pathTemplate;
            Plane = plane;
            RequiresIdempotencyKey = requiresIdempotencyKey;
            RecommendsIdempotencyKey = recommendsIdempotencyKey;
            Segments = pathTemplate.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
        }

        public string Name { get; }
        public string Method { get; }
        public string PathTemplate { get; }
        public ApiPlane Plane { get; }
        public bool RequiresIdempotencyKey { get; }
        public bool RecommendsIdempotencyKey { get; }
        internal string[] Segments { get; }

        /// <summary>"POST /v1/keys", the way messages name an endpoint.</summary>
        public string Display => Method + " " + PathTemplate;
    }

    /// <summary>
    /// What the Saperly API is, as far as the migration cares: the single source every rule reads.
    /// Data only; no Roslyn here.
    /// </summary>
    internal static class SaperlyApi
    {
        public const string ApiKeySecret = "SAPERLY_API_KEY";
        public const string ServiceKeySecret = "SAPERLY_SERVICE_KEY";
        public const string ApiKeyConfigurationKey = "Saperly:ApiKey";
        public const string ServiceKeyConfigurationKey = "Saperly:ServiceKey";
        public const string IdempotencyHeader = "Idempotency-Key";
        public const string LegacyFull = "legacy_full";

        /// <summary>A path segment that stands for an identifier.</summary>
        public const string Hole = "{id}";

        public static readonly SaperlyOperation ListKeys = new SaperlyOperation("list child keys", "GET", "/v1/keys", ApiPlane.KeyManagement, false);
        public static readonly SaperlyOperation MintKey = new SaperlyOperation("mint a child key", "POST", "/v1/keys", ApiPlane.KeyManagement, true);
        public static readonly SaperlyOperation GetKey = new SaperlyOperation("get a key", "GET", "/v1/keys/{id}", ApiPlane.KeyManagement, false);
        public static readonly SaperlyOperation UpdateKey = new SaperlyOperation("update a key", "PATCH", "/v1/keys/{id}", ApiPlane.KeyManagement, false);
        public static readonly SaperlyOperation RevokeKey = new SaperlyOperation("revoke a key", "DELETE", "/v1/keys/{id}", ApiPlane.KeyManagement, false);
        public static readonly SaperlyOperation RotateKey = new SaperlyOperation("rotate a key", "POST", "/v1/keys/{id}/rotate", ApiPlane.KeyManagement, true);

        public static readonly SaperlyOperation CreateCall = new SaperlyOperation("place a call", "POST", "/v1/calls", ApiPlane.DataPlane, false, recommendsIdempotencyKey: true);
        public static readonly SaperlyOperation SendMessage = new SaperlyOperation("send an SMS", "POST", "/v1/messages", ApiPlane.DataPlane, false, recommendsIdempotencyKey: true);

        /// <summary>The six key-management operations, in the contract's order.</summary>
        public static readonly ImmutableArray<SaperlyOperation> KeyOperations =
            ImmutableArray.Create(ListKeys, MintKey, GetKey, UpdateKey, RevokeKey, RotateKey);

        /// <summary>Data-plane resources named by the official SDKs (any other /v1/ path is data-plane too).</summary>
        public static readonly ImmutableArray<string> DataPlaneResources = ImmutableArray.Create(
            "calls", "messages", "lines", "consent", "compliance", "disclosures", "billing", "webhooks",
            "conversations", "usage", "settings", "voices", "audit");

        /// <summary>The permission tiers a key record can carry.</summary>
        public static readonly ImmutableArray<string> SettablePermissions = ImmutableArray.Create("full", "call_only", "sms_only", "read_only");
        public static readonly ImmutableArray<string> AllPermissions = SettablePermissions.Add(LegacyFull);

        /// <summary>
        /// Typed-client resources of the SDK shape (<c>client.Keys</c>, <c>client.Calls</c>, ...).
        /// <c>Keys</c> is key management; every other resource is data-plane.
        /// </summary>
        public const string KeysResource = "Keys";

        /// <summary>The four key prefixes: tier and environment. Longest first, so sk_svc_ wins over sk_.</summary>
        public static readonly ImmutableArray<(string Prefix, CredentialTier Tier, bool Live)> KeyPrefixes = ImmutableArray.Create(
            ("sk_svc_live_", CredentialTier.ServiceKey, true),
            ("sk_svc_test_", CredentialTier.ServiceKey, false),
            ("sk_live_", CredentialTier.ApiKey, true),
            ("sk_test_", CredentialTier.ApiKey, false));

        /// <summary>Classify a key literal by its prefix; null when it is not shaped like a Saperly key.</summary>
        public static CredentialTier ClassifyKeyLiteral(string? value)
        {
            // Every string literal of a compilation is asked: one ordinal search settles almost all of them.
            if (value == null || value.IndexOf("sk_", StringComparison.Ordinal) < 0)
            {
                return CredentialTier.Unknown;
            }

            var v = value.Trim();
            if (v.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                v = v.Substring(7).TrimStart();
            }

            foreach (var (prefix, tier, _) in KeyPrefixes)
            {
                if (v.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return tier;
                }
            }

            return CredentialTier.Unknown;
        }

        /// <summary>Redact a key literal to its prefix: <c>sk_live_4eC3…</c> → <c>sk_live_…</c>.</summary>
        public static string RedactKey(string value)
        {
            foreach (var (prefix, _, _) in KeyPrefixes)
            {
                if (value.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return prefix + "…";
                }
            }

            return value;
        }

        /// <summary>
        /// Match an HTTP method and a request path against the contract. The path is the part after the
        /// host (or a relative URI), with or without an <c>/api</c> prefix and a query string; each
        /// segment that is <see cref="Hole"/> matches any identifier. Returns null for a path that is not
        /// a Saperly <c>/v1/</c> path.
        /// </summary>
        public static SaperlyOperation? Match(string method, IReadOnlyList<string> segments)
        {
            var start = 0;
            if (segments.Count > 0 && string.Equals(segments[0], "api", StringComparison.OrdinalIgnoreCase))
            {
                start = 1;
            }

            if (segments.Count <= start + 1 || !string.Equals(segments[start], "v1", StringComparison.Ordinal))
            {
                return null;
            }

            var rest = segments.Count - start;
            if (string.Equals(segments[start + 1], "keys", StringComparison.Ordinal))
            {
                foreach (var op in KeyOperations)
                {
                    if (!string.Equals(op.Method, method, StringComparison.OrdinalIgnoreCase) || op.Segments.Length != rest)
                    {
                        continue;
                    }

                    var ok = true;
                    for (var i = 0; i < rest && ok; i++)
                    {
                        var template = op.Segments[i];
                        var actual = segments[start + i];
                        ok = template == Hole ? actual.Length > 0 : string.Equals(template, actual, StringComparison.Ordinal);
                    }

                    if (ok)
                    {
                        return op;
                    }
                }

                // A /v1/keys path the contract does not name (e.g. PUT): still key management.
                return new SaperlyOperation("key management", method.ToUpperInvariant(), "/" + string.Join("/", Skip(segments, start)), ApiPlane.KeyManagement, false);
            }

            if (rest == 2 && string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase))
            {
                if (segments[start + 1] == "calls")
                {
                    return CreateCall;
                }

                if (segments[start + 1] == "messages")
                {
                    return SendMessage;
                }
            }

            return new SaperlyOperation("data-plane call", method.ToUpperInvariant(), "/" + string.Join("/", Skip(segments, start)), ApiPlane.DataPlane, false);
        }

        /// <summary>The data-plane operation a typed-client resource call stands for (Calls.CreateAsync → POST /v1/calls).</summary>
        public static SaperlyOperation ForResource(string resource, string method)
        {
            var r = resource.ToLowerInvariant();
            var verb = method.EndsWith("Async", StringComparison.Ordinal) ? method.Substring(0, method.Length - 5) : method;
            if (r == "keys")
            {
                switch (verb)
                {
                    case "Create":
                    case "Mint":
                        return MintKey;
                    case "Rotate":
                        return RotateKey;
                    case "Get":
                    case "Retrieve":
                        return GetKey;
                    case "Update":
                        return UpdateKey;
                    case "Delete":
                    case "Revoke":
                        return RevokeKey;
                    default:
                        return ListKeys;
                }
            }

            if (r == "calls" && verb == "Create")
            {
                return CreateCall;
            }

            if (r == "messages" && (verb == "Send" || verb == "Create"))
            {
                return SendMessage;
            }

            return new SaperlyOperation("data-plane call", "", "/v1/" + r, ApiPlane.DataPlane, false);
        }

        private static IEnumerable<string> Skip(IReadOnlyList<string> items, int start)
        {
            for (var i = start; i < items.Count; i++)
            {
                yield return items[i];
            }
        }

        /// <summary>
        /// The conventional secret name for a tier, or the configuration twin of a name:
        /// <c>SAPERLY_API_KEY</c> ↔ <c>SAPERLY_SERVICE_KEY</c>, <c>Saperly:ApiKey</c> ↔ <c>Saperly:ServiceKey</c>.
        /// </summary>
        public static string ConventionalSecret(CredentialTier tier) => tier == CredentialTier.ServiceKey ? ServiceKeySecret : ApiKeySecret;

        /// <summary>
        /// The name of the same secret for the other tier, keeping the name's own spelling:
        /// <c>SAPERLY_API_KEY</c> → <c>SAPERLY_SERVICE_KEY</c>, <c>Saperly:ApiKey</c> → <c>Saperly:ServiceKey</c>,
        /// <c>ApiKey</c> → <c>ServiceKey</c>. Null when the name has no tier word to swap.
        /// </summary>
        public static string? TwinName(string name, CredentialTier target)
        {
            var pairs = new[]
            {
                new[] { "API_KEY", "SERVICE_KEY" },
                new[] { "api_key", "service_key" },
                new[] { "ApiKey", "ServiceKey" },
                new[] { "apiKey", "serviceKey" },
                new[] { "APIKEY", "SERVICEKEY" },
                new[] { "apikey", "servicekey" },
                new[] { "Api_Key", "Service_Key" },
                new[] { "api-key", "service-key" },
            };

            foreach (var pair in pairs)
            {
                var from = target == CredentialTier.ServiceKey ? pair[0] : pair[1];
                var to = target == CredentialTier.ServiceKey ? pair[1] : pair[0];
                var at = name.LastIndexOf(from, StringComparison.Ordinal);
                if (at >= 0)
                {
                    return name.Substring(0, at) + to + name.Substring(at + from.Length);
                }
            }

            return null;
        }
    }
}

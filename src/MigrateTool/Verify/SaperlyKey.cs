using System;
using System.Linq;
using Saperly.Migration.Analyzers.Model;

namespace Saperly.Migration.Tool.Verify;

/// <summary>The credential tier a key's prefix selects (saperly-api.md, "Two credential tiers").</summary>
internal enum KeyTier
{
    /// <summary>Not shaped like a Saperly key.</summary>
    NotAKey = 0,

    /// <summary><c>sk_live_</c> / <c>sk_test_</c>: the data plane, <c>/v1/audit</c> included.</summary>
    ApiKey = 1,

    /// <summary><c>sk_svc_live_</c> / <c>sk_svc_test_</c>: the six <c>/v1/keys</c> endpoints only.</summary>
    ServiceKey = 2,
}

/// <summary>
/// A key read from the environment, classified by its prefix. Only <see cref="Prefix"/> is ever shown;
/// <see cref="ToString"/> is the prefix too, so an interpolation cannot leak the secret.
/// </summary>
/// <remarks>The prefixes come from the one model the rules use (<see cref="SaperlyApi.KeyPrefixes"/>).</remarks>
internal sealed class SaperlyKey
{
    private static readonly (string Prefix, KeyTier Tier, bool Live)[] Prefixes =
    [
        .. SaperlyApi.KeyPrefixes.Select(p => (p.Prefix, p.Tier == CredentialTier.ServiceKey ? KeyTier.ServiceKey : KeyTier.ApiKey, p.Live)),
    ];

    private SaperlyKey(string secret, string prefix, KeyTier tier, bool live)
    {
        Secret = secret;
        Prefix = prefix;
        Tier = tier;
        IsLive = live;
    }

    /// <summary>The whole key: for the Authorization header only, never for output.</summary>
    public string Secret { get; }

    /// <summary><c>sk_live_</c>, <c>sk_svc_test_</c>, ...</summary>
    public string Prefix { get; }

    public KeyTier Tier { get; }

    public bool IsLive { get; }

    /// <summary>"live" or "test".</summary>
    public string Environment => IsLive ? "live" : "test";

    /// <summary>The prefixes of a tier as messages show them: <c>sk_live_… or sk_test_…</c>.</summary>
    public static string PrefixesOf(KeyTier tier, string separator = " or ") =>
        string.Join(separator, Prefixes.Where(p => p.Tier == tier).Select(p => p.Prefix + "…"));

    /// <summary>The key as it may be shown: <c>sk_live_…</c>.</summary>
    public string Redacted => Prefix + "…";

    /// <summary>
    /// The key when <paramref name="value"/> is one (surrounding whitespace, e.g. the newline of a secret file,
    /// is ignored); null when it is not shaped like a Saperly key: no known prefix, nothing after the prefix,
    /// or characters that cannot be in a key (whitespace, controls, non-ASCII).
    /// </summary>
    public static SaperlyKey? TryParse(string? value)
    {
        var key = value?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        foreach (var (prefix, tier, live) in Prefixes)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                return key.Length > prefix.Length && IsKeyText(key) ? new SaperlyKey(key, prefix, tier, live) : null;
            }
        }

        return null;
    }

    /// <summary>The redacted form of whatever key <paramref name="value"/> starts with, or null.</summary>
    public static string? RedactedPrefixOf(string? value)
    {
        var key = value?.Trim() ?? string.Empty;
        foreach (var (prefix, _, _) in Prefixes)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                return prefix + "…";
            }
        }

        return null;
    }

    public override string ToString() => Redacted;

    private static bool IsKeyText(string key)
    {
        foreach (var c in key)
        {
            if (c <= ' ' || c > '~')
            {
                return false;
            }
        }

        return true;
    }
}

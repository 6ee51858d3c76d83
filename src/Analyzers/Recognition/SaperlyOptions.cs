using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Diagnostics;
using Saperly.Migration.Analyzers.Model;

namespace Saperly.Migration.Analyzers.Recognition
{
    /// <summary>
    /// The <c>.editorconfig</c> options every rule shares (documented in docs/configuration.md and on each rule's page).
    /// </summary>
    internal sealed class SaperlyOptions
    {
        /// <summary>Extra names (environment variables or configuration keys) that hold the regular API key.</summary>
        public const string ApiKeyNamesKey = "saperly_migration.api_key_names";
        /// <summary>Extra names (environment variables or configuration keys) that hold the service key.</summary>
        public const string ServiceKeyNamesKey = "saperly_migration.service_key_names";
        /// <summary>Substrings of type names that mark an SDK-style typed client (default: Saperly).</summary>
        public const string ClientTypesKey = "saperly_migration.client_types";
        /// <summary>Extra host names that are Saperly's (a self-hosted gateway, a proxy).</summary>
        public const string HostsKey = "saperly_migration.hosts";

        public static readonly SaperlyOptions Default = new SaperlyOptions(
            ImmutableHashSet<string>.Empty, ImmutableHashSet<string>.Empty, ImmutableArray.Create("Saperly"), ImmutableArray<string>.Empty);

        private SaperlyOptions(ImmutableHashSet<string> apiKeyNames, ImmutableHashSet<string> serviceKeyNames, ImmutableArray<string> clientTypes, ImmutableArray<string> hosts)
        {
            ApiKeyNames = apiKeyNames;
            ServiceKeyNames = serviceKeyNames;
            ClientTypes = clientTypes;
            Hosts = hosts;
        }

        public ImmutableHashSet<string> ApiKeyNames { get; }
        public ImmutableHashSet<string> ServiceKeyNames { get; }
        public ImmutableArray<string> ClientTypes { get; }
        public ImmutableArray<string> Hosts { get; }

        public static SaperlyOptions From(AnalyzerConfigOptions options)
        {
            var api = List(options, ApiKeyNamesKey);
            var svc = List(options, ServiceKeyNamesKey);
            var types = List(options, ClientTypesKey);
            var hosts = List(options, HostsKey);
            if (api.Count == 0 && svc.Count == 0 && types.Count == 0 && hosts.Count == 0)
            {
                return Default;
            }

            return new SaperlyOptions(
                api.ToImmutableHashSet(StringComparer.OrdinalIgnoreCase),
                svc.ToImmutableHashSet(StringComparer.OrdinalIgnoreCase),
                types.Count == 0 ? Default.ClientTypes : types.ToImmutableArray(),
                hosts.ToImmutableArray());
        }

        /// <summary>Whether any of the shared options is set (to anything but blanks).</summary>
        public static bool ConfiguresAny(AnalyzerConfigOptions options) =>
            List(options, ApiKeyNamesKey).Count > 0 || List(options, ServiceKeyNamesKey).Count > 0 ||
            List(options, ClientTypesKey).Count > 0 || List(options, HostsKey).Count > 0;

        private static List<string> List(AnalyzerConfigOptions options, string key)
        {
            var result = new List<string>();
            if (options.TryGetValue(key, out var raw) && raw != null)
            {
                foreach (var part in raw.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    var item = part.Trim();
                    if (item.Length > 0)
                    {
                        result.Add(item);
                    }
                }
            }

            return result;
        }

        /// <summary>The tier a secret's name stands for: an environment variable or a configuration key.</summary>
        public CredentialTier ClassifySecretName(string name)
        {
            if (ServiceKeyNames.Contains(name))
            {
                return CredentialTier.ServiceKey;
            }

            if (ApiKeyNames.Contains(name))
            {
                return CredentialTier.ApiKey;
            }

            var n = Normalize(name);
            if (!n.Contains("SAPERLY"))
            {
                return CredentialTier.Unknown;
            }

            if (n.EndsWith("SERVICEKEY", StringComparison.Ordinal) || n.EndsWith("SVCKEY", StringComparison.Ordinal))
            {
                return CredentialTier.ServiceKey;
            }

            if (n.EndsWith("APIKEY", StringComparison.Ordinal))
            {
                return CredentialTier.ApiKey;
            }

            return CredentialTier.Unknown;
        }

        /// <summary>Whether a name is one of the configured or conventional Saperly secret names.</summary>
        public bool IsSaperlySecretName(string name) => ClassifySecretName(name) != CredentialTier.Unknown;

        /// <summary>The tier an options-class property (<c>SaperlyOptions.ServiceKey</c>) stands for.</summary>
        public static CredentialTier ClassifyPropertyName(string name)
        {
            var n = Normalize(name);
            if (n.EndsWith("SERVICEKEY", StringComparison.Ordinal) || n.EndsWith("SVCKEY", StringComparison.Ordinal))
            {
                return CredentialTier.ServiceKey;
            }

            if (n.EndsWith("APIKEY", StringComparison.Ordinal))
            {
                return CredentialTier.ApiKey;
            }

            return CredentialTier.Unknown;
        }

        public bool IsClientTypeName(string typeName)
        {
            foreach (var part in ClientTypes)
            {
                if (typeName.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Saperly's own hosts, the configured ones, or null when the host says nothing (loopback).</summary>
        public bool? IsSaperlyHost(string host)
        {
            var h = host.ToLowerInvariant();
            if (h.Contains("saperly"))
            {
                return true;
            }

            foreach (var extra in Hosts)
            {
                if (string.Equals(h, extra, StringComparison.OrdinalIgnoreCase) || h.EndsWith("." + extra.ToLowerInvariant(), StringComparison.Ordinal))
                {
                    return true;
                }
            }

            if (h == "localhost" || h.StartsWith("127.", StringComparison.Ordinal) || h == "[::1]")
            {
                return null;
            }

            return false;
        }

        private static string Normalize(string name)
        {
            var chars = new char[name.Length];
            var n = 0;
            foreach (var c in name)
            {
                if (char.IsLetterOrDigit(c))
                {
                    chars[n++] = char.ToUpperInvariant(c);
                }
            }

            return new string(chars, 0, n);
        }
    }
}

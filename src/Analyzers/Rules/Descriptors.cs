using Microsoft.CodeAnalysis;

namespace Saperly.Migration.Analyzers.Rules
{
    /// <summary>The rule IDs: the only Saperly knowledge the fixes and the migration tool share with the analyzers.</summary>
    public static class RuleIds
    {
        public const string KeyManagementWithApiKey = "SAP001";
        public const string RuntimeCallWithServiceKey = "SAP002";
        public const string MissingIdempotencyKey = "SAP003";
        public const string PermissionModelMissingLegacyFull = "SAP004";
    }

    /// <summary>Every descriptor, in one table. Help links are computed from the ID.</summary>
    internal static class Descriptors
    {
        public const string Category = "Saperly.Migration";
        public const string HelpLinkBase = "https://github.com/saperly-migration/saperly-migration/blob/main/docs/rules/";

        public static string HelpLink(string id) => HelpLinkBase + id + ".md";

        public static readonly DiagnosticDescriptor KeyManagementWithApiKey = Create(
            RuleIds.KeyManagementWithApiKey,
            "Key management must use the service key",
            "{0} is authenticated with {1}; key management needs the service key ({2})",
            "Since v0.5.7.0 the /v1/keys endpoints accept only a service key (sk_svc_…, SAPERLY_SERVICE_KEY). The regular API key is rejected there.");

        public static readonly DiagnosticDescriptor RuntimeCallWithServiceKey = Create(
            RuleIds.RuntimeCallWithServiceKey,
            "Runtime calls must use the API key",
            "{0} is authenticated with {1}; a service key gets 401 invalid_api_key outside /v1/keys, use the API key ({2})",
            "A service key may only call the six /v1/keys endpoints. Calls, SMS, lines and /v1/audit need the regular API key (SAPERLY_API_KEY) or a child key minted by the service key.");

        public static readonly DiagnosticDescriptor MissingIdempotencyKey = Create(
            RuleIds.MissingIdempotencyKey,
            "Mint and rotate need an Idempotency-Key header",
            "{0} is sent without an Idempotency-Key header; the server rejects it with missing_idempotency_key",
            "POST /v1/keys and POST /v1/keys/{id}/rotate must carry an Idempotency-Key: one fresh value per logical operation, kept the same across retries.");

        public static readonly DiagnosticDescriptor PermissionModelMissingLegacyFull = Create(
            RuleIds.PermissionModelMissingLegacyFull,
            "Key permission models must accept legacy_full",
            "{0} lists the key permission tiers but not legacy_full; keys minted before v0.5.7.0 come back with permissions \"legacy_full\" and fail to read",
            "Key records returned by /v1/keys may carry the response-only permission legacy_full. A strict response model (enum, allow-list, JSON schema enum) must accept it.");

        private static DiagnosticDescriptor Create(string id, string title, string message, string description) =>
            new DiagnosticDescriptor(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, description: description, helpLinkUri: HelpLink(id));
    }
}

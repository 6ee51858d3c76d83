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
        public const string LegacyFullInRequest = "SAP005";
        public const string PlaintextKeyLostOrLeaked = "SAP006";
        public const string HardCodedSecretKey = "SAP007";
        public const string IdempotencyKeyNotPerOperation = "SAP008";
        public const string RecommendedIdempotencyKey = "SAP009";
    }

    /// <summary>Every descriptor, in one table. Help links are computed from the ID.</summary>
    internal static class Descriptors
    {
        public const string Category = "Saperly.Migration";
        /// <summary>Where the rule pages live: the repository the packages name (<see cref="SaperlyRepository.Url"/>).</summary>
        public const string HelpLinkBase = SaperlyRepository.Url + "/blob/main/docs/rules/";

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

        public static readonly DiagnosticDescriptor LegacyFullInRequest = Create(
            RuleIds.LegacyFullInRequest,
            "legacy_full cannot be sent",
            "{0} sends permissions \"legacy_full\", which is response-only and rejected; choose one of full, call_only, sms_only, read_only",
            "legacy_full is returned for keys minted before v0.5.7.0 but can never be set: POST /v1/keys and PATCH /v1/keys/{id} reject it. Which tier the key should have is a human decision, so there is no automatic fix.");

        public static readonly DiagnosticDescriptor PlaintextKeyLostOrLeaked = Create(
            RuleIds.PlaintextKeyLostOrLeaked,
            "The minted key's plaintext is shown exactly once",
            "{0}",
            "Mint and rotate return plaintext_key on the first response only; it cannot be retrieved later. Discarding it loses the key (the only recovery is to rotate); writing it to a log, the console, an exception or telemetry leaks it.");

        public static readonly DiagnosticDescriptor HardCodedSecretKey = Create(
            RuleIds.HardCodedSecretKey,
            "Saperly secret key hard-coded in source",
            "A {0} key is hard-coded in source; read it from {1} instead",
            "A Saperly API or service key literal that reaches a Saperly client, an Authorization header of a Saperly request, the fallback of a Saperly secret read (directly or through a constant) or the default of a Saperly options property is a leaked credential. Stripe uses the same sk_live_/sk_test_ prefixes: a literal that reaches only another host is not reported.");

        public static readonly DiagnosticDescriptor IdempotencyKeyNotPerOperation = Create(
            RuleIds.IdempotencyKeyNotPerOperation,
            "One Idempotency-Key per logical operation",
            "The Idempotency-Key of {0} {1}",
            "An Idempotency-Key must identify one logical operation: the same value across retries of that operation, a new value for the next operation. A constant makes different mints collide (idempotency_key_reused); a key generated inside a retry loop or retry-policy lambda makes each retry a new mint.");

        public static readonly DiagnosticDescriptor RecommendedIdempotencyKey = Create(
            RuleIds.RecommendedIdempotencyKey,
            "Calls and messages should carry an Idempotency-Key",
            "{0} is sent without an Idempotency-Key header; Saperly recommends one so that a retry does not place a second call or send a second message",
            "POST /v1/calls and POST /v1/messages accept an Idempotency-Key (recommended, not required).",
            DiagnosticSeverity.Info);

        private static DiagnosticDescriptor Create(string id, string title, string message, string description, DiagnosticSeverity severity = DiagnosticSeverity.Warning) =>
            new DiagnosticDescriptor(id, title, message, Category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpLink(id));
    }
}

using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Saperly.Migration.Analyzers.Rules;

namespace Saperly.Migration.Tool.Analysis;

/// <summary>
/// The "What to do" of a finding no fix removed, when the analyzer's diagnostic carries none
/// (<see cref="CallProperties.WhatToDo"/>): an action a person can take, where the rule's title only names the
/// problem. One row per rule, or per case of a rule that reports several (a diagnostic property's value);
/// the first matching row wins. The rules' pages (docs/rules) say more.
/// </summary>
internal static class RuleActions
{
    private static readonly (string RuleId, string? Property, string? Value, string Action)[] Rows =
    [
        (RuleIds.KeyManagementWithApiKey, null, null, "authenticate this /v1/keys call with the service key (SAPERLY_SERVICE_KEY); keep the API key for everything else"),
        (RuleIds.RuntimeCallWithServiceKey, null, null, "authenticate this call with the API key (SAPERLY_API_KEY); the service key is for /v1/keys only"),
        (RuleIds.MissingIdempotencyKey, null, null, "send an Idempotency-Key header: one new value per mint or rotate, the same value on its retries"),
        (RuleIds.PermissionModelMissingLegacyFull, null, null, "accept \"legacy_full\" in this model (an enum member, an allowed value or a schema enum entry) and decide how your code treats it"),
        (RuleIds.LegacyFullInRequest, null, null, "choose the tier this key needs (full, call_only, sms_only or read_only) and send that instead"),
        (RuleIds.PlaintextKeyLostOrLeaked, PlaintextKeyLostOrLeakedAnalyzer.KindProperty, "Lost", "keep the response and hand plaintext_key to your secret store; log key_prefix or id"),
        (RuleIds.PlaintextKeyLostOrLeaked, PlaintextKeyLostOrLeakedAnalyzer.KindProperty, "Leaked", "write key_prefix or id instead of plaintext_key, and rotate a key that already reached a log"),
        (RuleIds.PlaintextKeyLostOrLeaked, null, null, "store plaintext_key in your secret store, never log it; log key_prefix or id"),
        (RuleIds.HardCodedSecretKey, null, null, "read the key from SAPERLY_API_KEY or SAPERLY_SERVICE_KEY (environment or secret store), then rotate the committed key"),
        (RuleIds.IdempotencyKeyNotPerOperation, null, null, "create the Idempotency-Key once per logical operation, outside the retry loop or policy, and send it on every attempt"),
        (RuleIds.RecommendedIdempotencyKey, null, null, "send an Idempotency-Key header so that a retry does not place a second call or send a second message"),
    ];

    public static string? For(Diagnostic diagnostic) =>
        Rows.FirstOrDefault(r => string.Equals(r.RuleId, diagnostic.Id, StringComparison.Ordinal)
            && (r.Property is null || (diagnostic.Properties.TryGetValue(r.Property, out var value) && string.Equals(value, r.Value, StringComparison.Ordinal))))
            .Action;
}

using System;

namespace Saperly.Migration.StandIn
{
    /// <summary>The credential tier a request presented, decided by the key's prefix.</summary>
    public enum CredentialTier
    {
        /// <summary>No Authorization header, not Bearer, or a prefix that is neither tier.</summary>
        None = 0,

        /// <summary><c>sk_live_</c> / <c>sk_test_</c>.</summary>
        ApiKey = 1,

        /// <summary><c>sk_svc_live_</c> / <c>sk_svc_test_</c>.</summary>
        ServiceKey = 2,
    }

    /// <summary>
    /// One request as the stand-in saw it. Never holds a secret: <see cref="KeyPrefix"/> is the tier
    /// prefix only (<c>sk_test_</c>), <see cref="KeyId"/> the stand-in's identifier of the key.
    /// </summary>
    /// <param name="Sequence">Position in the log, from 0.</param>
    /// <param name="At">When the request arrived, by the stand-in's clock.</param>
    /// <param name="Method">HTTP method.</param>
    /// <param name="Path">The path as sent, without the query (<c>/api/v1/keys</c>).</param>
    /// <param name="Route">The path without an <c>/api</c> prefix (<c>/v1/keys</c>).</param>
    /// <param name="Query">The query string with its <c>?</c>, or empty.</param>
    /// <param name="Tier">The tier the key's prefix selects.</param>
    /// <param name="KeyPrefix">The tier prefix of the presented key, or null when there was none.</param>
    /// <param name="KeyId">The id of the key that authenticated, or null when none did.</param>
    /// <param name="IdempotencyKey">The Idempotency-Key header, or null.</param>
    /// <param name="BodySha256">Hex SHA-256 of the request body, or null when it had none.</param>
    /// <param name="Status">The status code answered.</param>
    /// <param name="ErrorCode">The error code answered, or null on success.</param>
    public sealed record RecordedRequest(
        int Sequence,
        DateTimeOffset At,
        string Method,
        string Path,
        string Route,
        string Query,
        CredentialTier Tier,
        string? KeyPrefix,
        string? KeyId,
        string? IdempotencyKey,
        string? BodySha256,
        int Status,
        string? ErrorCode)
    {
        /// <summary>True for the six <c>/v1/keys</c> endpoints.</summary>
        public bool IsKeyManagement => Route == "/v1/keys" || Route.StartsWith("/v1/keys/", StringComparison.Ordinal);

        /// <summary>"POST /v1/keys 201 ServiceKey", for assertion messages.</summary>
        public override string ToString() =>
            $"{Method} {Path}{Query} -> {Status}{(ErrorCode is null ? "" : " " + ErrorCode)} [{Tier} {KeyPrefix ?? "-"} {KeyId ?? "-"} idem={IdempotencyKey ?? "-"}]";
    }
}

using System.Text.Json.Serialization;
using Refit;

/// <summary>Runtime calls: place a call, read the audit stream.</summary>
[Headers("Authorization: Bearer")]
public interface ISaperlyCalls
{
    [Post("/v1/calls")]
    Task<Call> PlaceCallAsync([Body] object call, [Header("Idempotency-Key")] string idempotencyKey);

    [Get("/v1/audit")]
    Task<AuditPage> ReadAuditAsync(int limit);
}

/// <summary>Key management for the fleet's agents.</summary>
[Headers("Authorization: Bearer")]
public interface ISaperlyKeys
{
    [Post("/v1/keys")]
    Task<KeyEnvelope> MintAsync([Body] object key);

    [Post("/v1/keys/{id}/rotate")]
    Task<KeyEnvelope> RotateAsync(string id);

    [Get("/v1/keys")]
    Task<KeyList> ListAsync();

    [Delete("/v1/keys/{id}")]
    Task RevokeAsync(string id);
}

public sealed record Call([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("status")] string Status);

public sealed record AuditPage([property: JsonPropertyName("events")] List<AuditEvent> Events, [property: JsonPropertyName("total")] int Total);

public sealed record AuditEvent([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("type")] string Type);

public sealed record KeyEnvelope([property: JsonPropertyName("key")] KeyRecord Key);

public sealed record KeyList([property: JsonPropertyName("keys")] List<KeyRecord> Keys, [property: JsonPropertyName("total")] int Total);

public sealed record KeyRecord(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("key_prefix")] string KeyPrefix,
    [property: JsonPropertyName("permissions")] string Permissions,
    [property: JsonPropertyName("plaintext_key")] string? PlaintextKey);

public sealed record ErrorEnvelope([property: JsonPropertyName("error")] ErrorBody Error);

public sealed record ErrorBody([property: JsonPropertyName("code")] string Code, [property: JsonPropertyName("message")] string Message);

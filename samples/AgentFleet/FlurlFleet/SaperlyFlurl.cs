using System.Text.Json.Serialization;
using Flurl.Http;

/// <summary>Everything the fleet does with Saperly, through one FlurlClient.</summary>
public sealed class SaperlyFlurl
{
    private readonly IFlurlClient _client;

    public SaperlyFlurl()
    {
        _client = new FlurlClient(Environment.GetEnvironmentVariable("SAPERLY_BASE_URL") ?? "https://saperly.com/api")
            .WithOAuthBearerToken(Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
    }

    // ---- Runtime (data plane) ------------------------------------------------------------

    public Task<Call> PlaceCallAsync(string lineId, string toNumber) =>
        _client.Request("v1", "calls")
            .WithHeader("Idempotency-Key", Guid.NewGuid().ToString())
            .PostJsonAsync(new { line_id = lineId, to_number = toNumber })
            .ReceiveJson<Call>();

    public Task<AuditPage> ReadAuditAsync() =>
        _client.Request("v1/audit").SetQueryParam("limit", 10).GetJsonAsync<AuditPage>();

    // ---- Key management --------------------------------------------------------------------

    public async Task<KeyRecord> MintKeyAsync(string name, string permissions)
    {
        using var response = await _client.Request("v1", "keys")
            .PostJsonAsync(new { name, permissions, monthly_cap_cents = 500 });
        return (await response.GetJsonAsync<KeyEnvelope>()).Key;
    }

    public async Task<KeyRecord> RotateKeyAsync(string id)
    {
        var envelope = await _client.Request("v1", "keys", id, "rotate").PostAsync().ReceiveJson<KeyEnvelope>();
        return envelope.Key;
    }

    public Task<KeyList> ListKeysAsync() => _client.Request("v1/keys").GetJsonAsync<KeyList>();

    public async Task RevokeKeyAsync(string id)
    {
        await _client.Request("v1", "keys", id).DeleteAsync();
    }
}

public sealed record Call(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status);

public sealed record AuditPage(
    [property: JsonPropertyName("events")] List<AuditEvent> Events,
    [property: JsonPropertyName("total")] int Total);

public sealed record AuditEvent(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type);

public sealed record KeyEnvelope([property: JsonPropertyName("key")] KeyRecord Key);

public sealed record KeyList(
    [property: JsonPropertyName("keys")] List<KeyRecord> Keys,
    [property: JsonPropertyName("total")] int Total);

public sealed record KeyRecord(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("key_prefix")] string KeyPrefix,
    [property: JsonPropertyName("permissions")] string Permissions,
    [property: JsonPropertyName("plaintext_key")] string? PlaintextKey);

public sealed record ErrorEnvelope([property: JsonPropertyName("error")] ErrorBody Error);

public sealed record ErrorBody(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message);

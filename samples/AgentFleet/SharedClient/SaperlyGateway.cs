using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

/// <summary>Everything the app does with Saperly, through one shared HttpClient.</summary>
public sealed class SaperlyGateway
{
    private readonly HttpClient _http;

    public SaperlyGateway()
    {
        _http = new HttpClient
        {
            BaseAddress = new Uri(Environment.GetEnvironmentVariable("SAPERLY_BASE_URL") ?? "https://saperly.com/api/"),
        };
        _http.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
    }

    // ---- Runtime (data plane) ------------------------------------------------------------

    public async Task<Call> PlaceCallAsync(string lineId, string toNumber)
    {
        using var response = await _http.PostAsJsonAsync("v1/calls", new { line_id = lineId, to_number = toNumber });
        return await response.ReadSaperlyAsync<Call>("POST v1/calls");
    }

    public async Task<AuditPage> ReadAuditAsync()
    {
        using var response = await _http.GetAsync("v1/audit?limit=10");
        return await response.ReadSaperlyAsync<AuditPage>("GET v1/audit");
    }

    // ---- Key management --------------------------------------------------------------------

    public async Task<KeyRecord> MintKeyAsync(string name, string permissions)
    {
        using var response = await _http.PostAsJsonAsync("v1/keys", new { name, permissions, monthly_cap_cents = 500 });
        return (await response.ReadSaperlyAsync<KeyEnvelope>("POST v1/keys")).Key;
    }

    public async Task<KeyRecord> RotateKeyAsync(string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/keys/{id}/rotate");
        using var response = await _http.SendAsync(request);
        return (await response.ReadSaperlyAsync<KeyEnvelope>("POST v1/keys/{id}/rotate")).Key;
    }

    public async Task RevokeKeyAsync(string id)
    {
        using var response = await _http.DeleteAsync($"v1/keys/{id}");
        await response.ReadSaperlyAsync<KeyEnvelope>("DELETE v1/keys/{id}");
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

public sealed record KeyRecord(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("key_prefix")] string KeyPrefix,
    [property: JsonPropertyName("permissions")] string Permissions,
    [property: JsonPropertyName("plaintext_key")] string? PlaintextKey);

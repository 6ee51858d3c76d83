using System.Net.Http.Json;
using System.Text.Json.Serialization;

/// <summary>Mints, rotates and revokes agent keys through the "saperly" named client.</summary>
public sealed class KeyRotator(IHttpClientFactory httpClientFactory)
{
    public async Task<KeyRecord> ProvisionAsync(string name, string permissions, int monthlyCapCents)
    {
        var http = httpClientFactory.CreateClient("saperly");
        var body = new CreateKeyBody(name, $"fleet/{name}", permissions, monthlyCapCents);
        using var response = await http.PostAsJsonAsync("v1/keys", body);
        return (await response.ReadSaperlyAsync<KeyEnvelope>("POST v1/keys")).Key;
    }

    public async Task<KeyRecord> RotateAsync(string keyId)
    {
        var http = httpClientFactory.CreateClient("saperly");
        using var response = await http.PostAsync($"v1/keys/{keyId}/rotate", content: null);
        return (await response.ReadSaperlyAsync<KeyEnvelope>("POST v1/keys/{id}/rotate")).Key;
    }

    public async Task<int> CountActiveAsync()
    {
        var http = httpClientFactory.CreateClient("saperly");
        using var response = await http.GetAsync("v1/keys?limit=100");
        var page = await response.ReadSaperlyAsync<KeyPage>("GET v1/keys");
        return page.Keys.Count(k => k.RevokedAt is null);
    }

    public async Task RevokeAsync(string keyId)
    {
        var http = httpClientFactory.CreateClient("saperly");
        using var response = await http.DeleteAsync($"v1/keys/{keyId}");
        await response.ReadSaperlyAsync<KeyEnvelope>("DELETE v1/keys/{id}");
    }
}

public sealed record CreateKeyBody(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("agent_label")] string AgentLabel,
    [property: JsonPropertyName("permissions")] string Permissions,
    [property: JsonPropertyName("monthly_cap_cents")] int MonthlyCapCents);

public sealed record KeyEnvelope([property: JsonPropertyName("key")] KeyRecord Key);

public sealed record KeyPage(
    [property: JsonPropertyName("keys")] List<KeyRecord> Keys,
    [property: JsonPropertyName("total")] int Total);

public sealed record KeyRecord(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("key_prefix")] string KeyPrefix,
    [property: JsonPropertyName("permissions")] string Permissions,
    [property: JsonPropertyName("revoked_at")] DateTimeOffset? RevokedAt);

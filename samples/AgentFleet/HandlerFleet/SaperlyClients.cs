using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

/// <summary>Runtime calls: place a call, read the audit stream.</summary>
public sealed class SaperlyCalls(HttpClient http)
{
    public async Task<Call> PlaceCallAsync(string lineId, string toNumber)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/calls")
        {
            Content = JsonContent.Create(new { line_id = lineId, to_number = toNumber }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request);
        return await response.ReadAsync<Call>("POST v1/calls");
    }

    public async Task<AuditPage> ReadAuditAsync()
    {
        using var response = await http.GetAsync("v1/audit?limit=10");
        return await response.ReadAsync<AuditPage>("GET v1/audit");
    }
}

/// <summary>Key management for the fleet's agents.</summary>
public sealed class SaperlyKeys(HttpClient http)
{
    public async Task<KeyRecord> MintAsync(string name, string permissions)
    {
        using var response = await http.PostAsJsonAsync("v1/keys", new { name, permissions, monthly_cap_cents = 500 });
        return (await response.ReadAsync<KeyEnvelope>("POST v1/keys")).Key;
    }

    public async Task<KeyRecord> RotateAsync(string id)
    {
        using var response = await http.PostAsync($"v1/keys/{id}/rotate", null);
        return (await response.ReadAsync<KeyEnvelope>("POST v1/keys/{id}/rotate")).Key;
    }

    public async Task<KeyList> ListAsync()
    {
        using var response = await http.GetAsync("v1/keys");
        return await response.ReadAsync<KeyList>("GET v1/keys");
    }

    public async Task RevokeAsync(string id)
    {
        using var response = await http.DeleteAsync($"v1/keys/{id}");
        await response.ReadAsync<KeyEnvelope>("DELETE v1/keys/{id}");
    }
}

public static class SaperlyResponses
{
    /// <summary>The body of a successful answer; a Saperly error answer becomes a <see cref="SaperlyApiException"/> with its code.</summary>
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, string request)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.IsSuccessStatusCode)
        {
            return JsonSerializer.Deserialize<T>(body)!;
        }

        var error = body.TrimStart().StartsWith('{') ? JsonSerializer.Deserialize<ErrorEnvelope>(body)?.Error : null;
        throw new SaperlyApiException(error?.Code ?? "http_" + (int)response.StatusCode, request, (int)response.StatusCode, error?.Message ?? body);
    }
}

public sealed class SaperlyApiException(string code, string request, int status, string message) : Exception(message)
{
    public string Code { get; } = code;
    public string Request { get; } = request;
    public int Status { get; } = status;
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

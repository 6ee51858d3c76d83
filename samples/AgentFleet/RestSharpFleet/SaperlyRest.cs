using System.Text.Json;
using System.Text.Json.Serialization;
using RestSharp;
using RestSharp.Authenticators;

/// <summary>Everything the fleet does with Saperly, through one RestClient.</summary>
public sealed class SaperlyRest
{
    private readonly RestClient _client;

    public SaperlyRest()
    {
        var options = new RestClientOptions(Environment.GetEnvironmentVariable("SAPERLY_BASE_URL") ?? "https://saperly.com/api/")
        {
            Authenticator = new JwtAuthenticator(Environment.GetEnvironmentVariable("SAPERLY_API_KEY")!),
        };
        _client = new RestClient(options);
    }

    // ---- Runtime (data plane) ------------------------------------------------------------

    public async Task<Call> PlaceCallAsync(string lineId, string toNumber)
    {
        var request = new RestRequest("v1/calls", Method.Post)
            .AddJsonBody(new { line_id = lineId, to_number = toNumber })
            .AddHeader("Idempotency-Key", Guid.NewGuid().ToString());
        return Read<Call>(await _client.ExecuteAsync(request), "POST v1/calls");
    }

    public async Task<AuditPage> ReadAuditAsync() =>
        Read<AuditPage>(await _client.ExecuteGetAsync(new RestRequest("v1/audit").AddQueryParameter("limit", 10)), "GET v1/audit");

    // ---- Key management --------------------------------------------------------------------

    public async Task<KeyRecord> MintKeyAsync(string name, string permissions)
    {
        var request = new RestRequest("v1/keys", Method.Post);
        request.AddJsonBody(new { name, permissions, monthly_cap_cents = 500 });
        var response = await _client.ExecuteAsync(request);
        return Read<KeyEnvelope>(response, "POST v1/keys").Key;
    }

    public async Task<KeyRecord> RotateKeyAsync(string id)
    {
        var response = await _client.ExecutePostAsync(new RestRequest($"v1/keys/{id}/rotate"));
        return Read<KeyEnvelope>(response, "POST v1/keys/{id}/rotate").Key;
    }

    public async Task<KeyList> ListKeysAsync() =>
        Read<KeyList>(await _client.ExecuteGetAsync(new RestRequest("v1/keys")), "GET v1/keys");

    public async Task RevokeKeyAsync(string id)
    {
        var response = await _client.ExecuteAsync(new RestRequest($"v1/keys/{id}", Method.Delete));
        Read<KeyEnvelope>(response, "DELETE v1/keys/{id}");
    }

    /// <summary>The body of a successful answer; a Saperly error answer becomes a <see cref="SaperlyRestException"/> with its code.</summary>
    private static T Read<T>(RestResponse response, string request)
    {
        if (response.IsSuccessful && response.Content is { } content)
        {
            return JsonSerializer.Deserialize<T>(content)!;
        }

        var error = response.Content is { Length: > 0 } body && body.TrimStart().StartsWith('{') ? JsonSerializer.Deserialize<ErrorEnvelope>(body)?.Error : null;
        throw new SaperlyRestException(error?.Code ?? "http_" + (int)response.StatusCode, request, (int)response.StatusCode, error?.Message ?? response.ErrorMessage ?? "");
    }
}

public sealed class SaperlyRestException(string code, string request, int status, string message) : Exception(message)
{
    public string Code { get; } = code;
    public string Request { get; } = request;
    public int Status { get; } = status;
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

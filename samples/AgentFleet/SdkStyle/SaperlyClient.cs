using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

/// <summary>Options of <see cref="SaperlyClient"/>, mirroring the SDK's <c>{ apiKey, baseUrl }</c>.</summary>
public sealed class SaperlyClientOptions
{
    public string? ApiKey { get; set; }
    public string BaseUrl { get; set; } = "https://saperly.com/api/";
}

/// <summary>A typed Saperly client in the shape of the official SDKs.</summary>
public sealed class SaperlyClient : IDisposable
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient _http;

    public SaperlyClient(SaperlyClientOptions options)
    {
        _http = new HttpClient { BaseAddress = new Uri(options.BaseUrl) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        Keys = new KeysResource(_http);
        Calls = new CallsResource(_http);
    }

    public KeysResource Keys { get; }

    public CallsResource Calls { get; }

    public void Dispose() => _http.Dispose();
}

/// <summary><c>client.keys</c>: the six /v1/keys endpoints.</summary>
public sealed class KeysResource
{
    private readonly HttpClient _http;

    internal KeysResource(HttpClient http) => _http = http;

    public async Task<KeyRecord> CreateAsync(CreateKeyRequest request, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsJsonAsync("v1/keys", request, SaperlyClient.Json, cancellationToken);
        return (await response.ReadSaperlyAsync<KeyEnvelope>("POST v1/keys", cancellationToken)).Key;
    }

    public async Task<KeyPage> ListAsync(int limit = 20, int offset = 0, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync($"v1/keys?limit={limit}&offset={offset}", cancellationToken);
        return await response.ReadSaperlyAsync<KeyPage>("GET v1/keys", cancellationToken);
    }

    public async Task<KeyRecord> RotateAsync(string id, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/keys/{id}/rotate");
        using var response = await _http.SendAsync(request, cancellationToken);
        return (await response.ReadSaperlyAsync<KeyEnvelope>("POST v1/keys/{id}/rotate", cancellationToken)).Key;
    }

    public async Task<KeyRecord> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await _http.DeleteAsync($"v1/keys/{id}", cancellationToken);
        return (await response.ReadSaperlyAsync<KeyEnvelope>("DELETE v1/keys/{id}", cancellationToken)).Key;
    }
}

/// <summary><c>client.calls</c>.</summary>
public sealed class CallsResource
{
    private readonly HttpClient _http;

    internal CallsResource(HttpClient http) => _http = http;

    public async Task<CallRecord> CreateAsync(CreateCallRequest request, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsJsonAsync("v1/calls", request, SaperlyClient.Json, cancellationToken);
        return await response.ReadSaperlyAsync<CallRecord>("POST v1/calls", cancellationToken);
    }
}

public sealed class CreateKeyRequest
{
    public required string Name { get; init; }
    public string? AgentLabel { get; init; }
    public string? LineId { get; init; }
    public string? Permissions { get; init; }
    public int? MonthlyCapCents { get; init; }
    public string? Environment { get; init; }
}

public sealed class CreateCallRequest
{
    public required string LineId { get; init; }
    public required string ToNumber { get; init; }
}

public sealed record KeyEnvelope(KeyRecord Key);

public sealed record KeyPage(List<KeyRecord> Keys, int Total);

public sealed record KeyRecord(
    string Id,
    string KeyPrefix,
    string Environment,
    string Name,
    string Permissions,
    DateTimeOffset? RevokedAt,
    string? PlaintextKey);

public sealed record CallRecord(string Id, string Status, string LineId, string ToNumber);

/// <summary>A Saperly error answer: <c>{"error":{"code":"...","message":"..."}}</c>.</summary>
public sealed class SaperlyApiException(string request, System.Net.HttpStatusCode status, string code, string message)
    : Exception(message)
{
    public string Request { get; } = request;
    public System.Net.HttpStatusCode Status { get; } = status;
    public string Code { get; } = code;
}

internal static class SaperlyResponses
{
    public static async Task<T> ReadSaperlyAsync<T>(this HttpResponseMessage response, string request, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var code = "http_" + (int)response.StatusCode;
            var message = response.ReasonPhrase ?? "request failed";
            try
            {
                using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                if (error.RootElement.TryGetProperty("error", out var e))
                {
                    code = e.GetProperty("code").GetString() ?? code;
                    message = e.GetProperty("message").GetString() ?? message;
                }
            }
            catch (JsonException)
            {
                // Not a Saperly error body; keep the HTTP status.
            }

            throw new SaperlyApiException(request, response.StatusCode, code, message);
        }

        return await response.Content.ReadFromJsonAsync<T>(SaperlyClient.Json, cancellationToken)
            ?? throw new SaperlyApiException(request, response.StatusCode, "empty_response", "the response had no body");
    }
}

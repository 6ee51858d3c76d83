using System.Net.Http.Json;
using System.Text.Json.Serialization;

/// <summary>Typed client for the runtime endpoints; its HttpClient comes from AddHttpClient&lt;CallsClient&gt;.</summary>
public sealed class CallsClient(HttpClient http)
{
    public async Task<Call> PlaceCallAsync(string lineId, string toNumber)
    {
        using var response = await http.PostAsJsonAsync("v1/calls", new { line_id = lineId, to_number = toNumber });
        return await response.ReadSaperlyAsync<Call>("POST v1/calls");
    }

    public async Task<Message> SendSmsAsync(string lineId, string toNumber, string text)
    {
        using var response = await http.PostAsJsonAsync("v1/messages", new { line_id = lineId, to_number = toNumber, body = text });
        return await response.ReadSaperlyAsync<Message>("POST v1/messages");
    }
}

public sealed record Call(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status);

public sealed record Message(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status);

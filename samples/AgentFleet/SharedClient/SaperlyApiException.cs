using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

/// <summary>A Saperly error answer: <c>{"error":{"code":"...","message":"..."}}</c>.</summary>
public sealed class SaperlyApiException(string request, HttpStatusCode status, string code, string message)
    : Exception(message)
{
    public string Request { get; } = request;
    public HttpStatusCode Status { get; } = status;
    public string Code { get; } = code;
}

public static class SaperlyResponses
{
    public static async Task<T> ReadSaperlyAsync<T>(this HttpResponseMessage response, string request)
    {
        if (!response.IsSuccessStatusCode)
        {
            var code = "http_" + (int)response.StatusCode;
            var message = response.ReasonPhrase ?? "request failed";
            try
            {
                using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
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

        return await response.Content.ReadFromJsonAsync<T>()
            ?? throw new SaperlyApiException(request, response.StatusCode, "empty_response", "the response had no body");
    }
}

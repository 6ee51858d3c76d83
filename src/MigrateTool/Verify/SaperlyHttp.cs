using System;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Saperly.Migration.Tool.Verify;

/// <summary>
/// What one request came back with: an HTTP answer (status, the error code and message of
/// <c>{"error":{"code","message"}}</c>, a detail read from a success body) or, when there was no answer,
/// a one-line transport failure (refused, DNS, TLS, timeout).
/// </summary>
internal sealed record ApiAnswer(int? Status, string? ErrorCode, string? ErrorMessage, string? Detail, string? TransportFailure)
{
    public bool Answered => Status is not null;

    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>"201", "401 invalid_api_key: Invalid API key.", or "no answer: Connection refused".</summary>
    public string Describe()
    {
        if (Status is not int status)
        {
            return "no answer: " + TransportFailure;
        }

        var text = status.ToString(CultureInfo.InvariantCulture);
        if (IsSuccess)
        {
            return text;
        }

        text += " " + (ErrorCode ?? "(no error code in the body)");
        return string.IsNullOrWhiteSpace(ErrorMessage) ? text : text + ": " + OneLine(ErrorMessage, 200);
    }

    public static string OneLine(string text, int max)
    {
        var line = string.Join(" ", text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= max ? line : line.Substring(0, max) + "…";
    }
}

/// <summary>
/// The few requests <c>verify</c> sends: <c>Authorization: Bearer</c>, paths relative to the base URL,
/// a timeout per request, no redirects (a key is never replayed to another address).
/// </summary>
internal sealed class SaperlyHttp : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _baseUrl;
    private readonly TimeSpan _timeout;

    public SaperlyHttp(Uri baseUrl, TimeSpan timeout)
    {
        _baseUrl = baseUrl;
        _timeout = timeout;
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = timeout };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = 1024 * 1024 };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("saperly-migrate-verify/1.0");
        _http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
    }

    /// <summary>
    /// Sends one request. <paramref name="readDetail"/> reads what the caller needs from a success body;
    /// the body's bytes are zeroed afterwards (a mint answer holds a plaintext key). Throws
    /// <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task<ApiAnswer> SendAsync(
        HttpMethod method, string relativePath, SaperlyKey key, string? jsonBody, string? idempotencyKey,
        Func<JsonElement, string?>? readDetail, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_baseUrl, relativePath));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Secret);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        byte[] body;
        int status;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            status = (int)response.StatusCode;
            body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failure($"no answer within {_timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s from {Where()}");
        }
        catch (HttpRequestException ex)
        {
            var message = Describe(ex);
            return Failure(message.Contains(_baseUrl.Host, StringComparison.OrdinalIgnoreCase) ? message : $"{message} ({Where()})");
        }

        try
        {
            return Read(status, body, readDetail);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(body);
        }
    }

    public void Dispose() => _http.Dispose();

    private static ApiAnswer Failure(string message) => new(null, null, null, null, ApiAnswer.OneLine(message, 300));

    private static ApiAnswer Read(int status, byte[] body, Func<JsonElement, string?>? readDetail)
    {
        JsonDocument? document = null;
        try
        {
            try
            {
                document = body.Length == 0 ? null : JsonDocument.Parse(body);
            }
            catch (JsonException)
            {
                // Not JSON (an HTML error page from a wrong base URL, a proxy): the status says enough.
            }

            var root = document?.RootElement;
            if (status is >= 200 and < 300)
            {
                return new ApiAnswer(status, null, null, root is { } r && readDetail is not null ? readDetail(r) : null, null);
            }

            string? code = null;
            string? message = null;
            if (root is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            }

            return new ApiAnswer(status, code, message, null, null);
        }
        finally
        {
            document?.Dispose();
        }
    }

    private string Where() => _baseUrl.GetLeftPart(UriPartial.Authority);

    private static string Describe(HttpRequestException ex)
    {
        var message = ex.Message;
        if (ex.InnerException is { } inner && (message.Contains("inner exception", StringComparison.OrdinalIgnoreCase) || ex.HttpRequestError == HttpRequestError.SecureConnectionError))
        {
            message = message.Replace(", see inner exception", string.Empty, StringComparison.Ordinal).TrimEnd('.') + ": " + inner.Message;
        }

        return message;
    }
}

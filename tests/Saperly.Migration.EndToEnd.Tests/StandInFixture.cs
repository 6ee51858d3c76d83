using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Saperly.Migration.StandIn;

namespace Saperly.Migration.EndToEnd.Tests
{
    /// <summary>One stand-in per test class, with the default test-mode keys plus a live pair.</summary>
    public sealed class StandInFixture : IAsyncLifetime
    {
        public const string ApiKey = StandInOptions.DefaultApiKey;
        public const string ServiceKey = StandInOptions.DefaultServiceKey;
        public const string LiveApiKey = "sk_live_standin_api_key_00000002";
        public const string LiveServiceKey = "sk_svc_live_standin_service_key_00000002";

        public SaperlyStandIn Server { get; private set; } = null!;

        public HttpClient Http { get; } = new HttpClient();

        public async Task InitializeAsync()
        {
            Server = await SaperlyStandIn.StartNewAsync(new StandInOptions
            {
                ApiKeys = new[] { ApiKey, LiveApiKey },
                ServiceKeys = new[] { ServiceKey, LiveServiceKey },
            });
        }

        public async Task DisposeAsync()
        {
            Http.Dispose();
            await Server.DisposeAsync();
        }
    }

    /// <summary>Raw requests over loopback, so the tests see exactly what a client sees.</summary>
    public static class Api
    {
        public static async Task<Reply> SendAsync(
            HttpClient http, SaperlyStandIn server, HttpMethod method, string path, string? key, object? body = null, string? idempotencyKey = null, string? rawBody = null)
        {
            using var request = new HttpRequestMessage(method, new Uri(server.BaseAddress, path.TrimStart('/')));
            if (key is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            if (rawBody is not null)
            {
                request.Content = new StringContent(rawBody, Encoding.UTF8, "application/json");
            }
            else if (body is not null)
            {
                request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
            }

            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return new Reply((int)response.StatusCode, text, response.Content.Headers.ContentType?.MediaType);
        }

        public static string Fresh() => Guid.NewGuid().ToString();
    }

    public sealed class Reply
    {
        public Reply(int status, string text, string? mediaType)
        {
            Status = status;
            Text = text;
            MediaType = mediaType;
        }

        public int Status { get; }

        public string Text { get; }

        public string? MediaType { get; }

        public JsonElement Json => JsonDocument.Parse(Text).RootElement;

        public string? ErrorCode =>
            Json.TryGetProperty("error", out var error) ? error.GetProperty("code").GetString() : null;

        public JsonElement Key => Json.GetProperty("key");

        public override string ToString() => $"{Status} {Text}";
    }
}

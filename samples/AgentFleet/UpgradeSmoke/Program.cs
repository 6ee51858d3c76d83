// UpgradeSmoke: the upgrade guide's "Verify the upgrade" checks, scripted the way a team did it before
// v0.5.7.0: a top-level program with one HttpClient that carries SAPERLY_API_KEY for every call. It
// lists calls, mints a smoke-test child key, lists the keys, revokes the smoke-test key and reads the
// audit stream. Against v0.5.7.0 the mint is rejected: /v1/keys needs the service key, and a mint
// needs an Idempotency-Key.
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

var baseUrl = Environment.GetEnvironmentVariable("SAPERLY_BASE_URL") ?? "https://saperly.com/api/";
using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

try
{
    // 1. The existing API key still works.
    using var calls = await http.GetAsync("v1/calls?limit=1");
    await Check(calls, "GET v1/calls");
    Console.WriteLine("1. the API key lists calls");

    // 2. Mint a smoke-test child key.
    using var minted = await http.PostAsJsonAsync("v1/keys", new { name = "migration-smoke-test", permissions = "read_only" });
    await Check(minted, "POST v1/keys");
    var key = (await minted.Content.ReadFromJsonAsync<KeyEnvelope>())!.Key;
    Console.WriteLine($"2. minted {key.Id} ({key.KeyPrefix}…), {key.PlaintextKey?.Length ?? 0} characters shown once");

    // 3. The new key is listed.
    var keys = await http.GetFromJsonAsync<KeyList>("v1/keys");
    Console.WriteLine($"3. {keys!.Total} key(s) listed");

    // 4. Revoke the smoke-test key.
    using var revoked = await http.DeleteAsync($"v1/keys/{key.Id}");
    await Check(revoked, "DELETE v1/keys/{id}");
    Console.WriteLine($"4. revoked {key.Id}");

    // 5. Read the audit stream with the regular API key.
    using var audit = await http.GetAsync("v1/audit?limit=10");
    await Check(audit, "GET v1/audit");
    Console.WriteLine("5. the API key reads the audit stream");

    Console.WriteLine("UpgradeSmoke: done");
    return 0;
}
catch (SmokeTestFailure ex)
{
    Console.Error.WriteLine($"UpgradeSmoke: error {ex.Code}: {ex.Message}");
    return 1;
}
catch (HttpRequestException ex)
{
    Console.Error.WriteLine($"UpgradeSmoke: error http_{(int?)ex.StatusCode}: {ex.Message}");
    return 1;
}

// A Saperly error answer, {"error":{"code":"...","message":"..."}}, becomes a failure with its code.
static async Task Check(HttpResponseMessage response, string request)
{
    if (response.IsSuccessStatusCode)
    {
        return;
    }

    var code = "http_" + (int)response.StatusCode;
    var message = request + " answered " + (int)response.StatusCode;
    try
    {
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        if (error.RootElement.TryGetProperty("error", out var e))
        {
            code = e.GetProperty("code").GetString() ?? code;
            message += ": " + e.GetProperty("message").GetString();
        }
    }
    catch (JsonException)
    {
        // Not a Saperly error body; keep the HTTP status.
    }

    throw new SmokeTestFailure(code, message);
}

sealed class SmokeTestFailure(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

sealed record KeyEnvelope([property: JsonPropertyName("key")] KeyRecord Key);

sealed record KeyList(
    [property: JsonPropertyName("keys")] List<KeyRecord> Keys,
    [property: JsonPropertyName("total")] int Total);

sealed record KeyRecord(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("key_prefix")] string KeyPrefix,
    [property: JsonPropertyName("permissions")] string Permissions,
    [property: JsonPropertyName("plaintext_key")] string? PlaintextKey);

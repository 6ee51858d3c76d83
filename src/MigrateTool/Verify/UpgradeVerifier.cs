using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Saperly.Migration.Tool.Verify;

/// <summary>
/// The upgrade guide's "Verify the upgrade", in its order: (1) the API key still works, (2) a service key
/// mints a read-only smoke-test child key, (3) the service key revokes it, (4) the API key reads the audit log.
/// Whatever happens once a key may have been minted (a failure, a lost answer, Ctrl+C), it is revoked before
/// the run ends; a key whose revocation fails is named so it can be revoked by hand.
/// </summary>
internal sealed class UpgradeVerifier
{
    /// <summary>The body of the guide's step 2; one constant string so a replay is byte-identical.</summary>
    public const string SmokeTestKeyName = "migration-smoke-test";

    private const string MintBody = "{\"name\":\"" + SmokeTestKeyName + "\",\"permissions\":\"read_only\"}";
    private const int Steps = 4;

    private readonly VerifySettings _settings;
    private readonly SaperlyHttp _http;
    private readonly TextWriter _output;
    private int _passed;
    private int _failed;
    private string? _unreachable;

    public UpgradeVerifier(VerifySettings settings, SaperlyHttp http, TextWriter output)
    {
        _settings = settings;
        _http = http;
        _output = output;
    }

    /// <summary>Runs the four checks; 0 when all pass, 1 otherwise (a failure, a skipped check, or cancellation).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var s = _settings;
        await _output.WriteLineAsync($"Verifying the Saperly v0.5.7.0 upgrade against {s.BaseUrl}");
        await _output.WriteLineAsync($"  API key:     {s.ApiKeyVariable} ({s.ApiKey}, {s.ApiKey.Environment})");
        await _output.WriteLineAsync($"  service key: {s.ServiceKeyVariable} ({s.ServiceKey}, {s.ServiceKey.Environment})");

        var cancelled = false;
        try
        {
            await CheckApiKeyAsync(cancellationToken);
            await MintAndRevokeAsync(cancellationToken);
            await ReadAuditAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
        }

        var skipped = Steps - _passed - _failed;
        string summary;
        if (cancelled)
        {
            summary = $"verify: cancelled after {_passed} passed and {_failed} failed check(s)";
        }
        else if (_passed == Steps)
        {
            summary = $"verify: all {Steps} checks passed";
        }
        else
        {
            summary = $"verify: {_failed} of {Steps} checks failed" + (skipped > 0 ? $", {skipped} skipped" : string.Empty);
        }

        await _output.WriteLineAsync(summary);
        return !cancelled && _passed == Steps ? 0 : 1;
    }

    private async Task CheckApiKeyAsync(CancellationToken cancellationToken)
    {
        const string Title = "1. API key still works";
        const string Path = "v1/calls?limit=1";
        var answer = await _http.SendAsync(HttpMethod.Get, Path, _settings.ApiKey, null, null, null, cancellationToken);
        await ReportAsync(Title, $"GET /{Path} with {_settings.ApiKeyVariable}", answer, answer.IsSuccess);
    }

    private async Task MintAndRevokeAsync(CancellationToken cancellationToken)
    {
        const string Title = "2. mint a smoke-test child key";
        var via = $"POST /v1/keys with {_settings.ServiceKeyVariable}";
        if (_unreachable is not null)
        {
            await SkipAsync(Title, _unreachable);
            await SkipAsync("3. revoke the smoke-test key", "nothing was minted, nothing to revoke");
            return;
        }

        // One fresh Idempotency-Key for this mint, kept for its replay: never a constant.
        var idempotencyKey = Guid.NewGuid().ToString();
        via += $", Idempotency-Key {idempotencyKey}";
        string? mintedId = null;
        ApiAnswer? lost = null;
        try
        {
            var answer = await _http.SendAsync(HttpMethod.Post, "v1/keys", _settings.ServiceKey, MintBody, idempotencyKey, ReadKeyId, cancellationToken);
            if (!answer.Answered)
            {
                // The server may have minted the key and lost only the answer: settled in finally.
                lost = answer;
            }
            else if (answer.IsSuccess && answer.Detail is { } id)
            {
                mintedId = id;
                await ReportAsync(Title, via, answer, true, $"{id}, read_only; its plaintext_key was discarded unread");
            }
            else if (answer.IsSuccess)
            {
                await ReportAsync(Title, via, answer, false,
                    $"but the answer has no key.id, so the key cannot be revoked from here: look for '{SmokeTestKeyName}' in GET /v1/keys or the portal and revoke it");
            }
            else
            {
                await ReportAsync(Title, via, answer, false);
            }
        }
        catch (OperationCanceledException)
        {
            lost = new ApiAnswer(null, null, null, null, "cancelled while waiting for the answer");
            throw;
        }
        finally
        {
            // Never with the caller's token: Ctrl+C must not leave a live key behind.
            if (lost is not null)
            {
                mintedId = await ReplayLostMintAsync(Title, via, lost, idempotencyKey);
            }

            if (mintedId is not null)
            {
                await RevokeAsync(mintedId);
            }
            else
            {
                await SkipAsync("3. revoke the smoke-test key", "nothing was minted, nothing to revoke");
            }
        }
    }

    /// <summary>
    /// A mint without an answer: replay it with the same Idempotency-Key. The contract answers a replay with the
    /// same record (without plaintext_key), so the key, if it exists, is found and can be revoked.
    /// </summary>
    private async Task<string?> ReplayLostMintAsync(string title, string via, ApiAnswer lost, string idempotencyKey)
    {
        var replay = await _http.SendAsync(HttpMethod.Post, "v1/keys", _settings.ServiceKey, MintBody, idempotencyKey, ReadKeyId, CancellationToken.None);
        if (replay.IsSuccess && replay.Detail is { } id)
        {
            await ReportAsync(title, via, lost, true,
                $"a replay with the same Idempotency-Key answered {replay.Describe()}: {id}, read_only");
            return id;
        }

        await ReportAsync(title, via, lost, false,
            $"a replay with the same Idempotency-Key answered {replay.Describe()}; if the server minted a key, look for '{SmokeTestKeyName}' in GET /v1/keys or the portal and revoke it",
            noAnswerStopsTheRun: false);
        if (!replay.Answered)
        {
            _unreachable ??= "the server did not answer step 2";
        }

        return null;
    }

    private async Task RevokeAsync(string id)
    {
        const string Title = "3. revoke the smoke-test key";
        var path = "v1/keys/" + Uri.EscapeDataString(id);
        var answer = await _http.SendAsync(HttpMethod.Delete, path, _settings.ServiceKey, null, null, null, CancellationToken.None);
        await ReportAsync(Title, $"DELETE /{path} with {_settings.ServiceKeyVariable}", answer, answer.IsSuccess,
            answer.IsSuccess
                ? $"{id} is revoked"
                : $"{id} is STILL ACTIVE: revoke it with DELETE /v1/keys/{id} (service key) or in the portal");
    }

    private async Task ReadAuditAsync(CancellationToken cancellationToken)
    {
        const string Title = "4. read the audit log with the API key";
        if (_unreachable is not null)
        {
            await SkipAsync(Title, _unreachable);
            return;
        }

        const string Path = "v1/audit?limit=10";
        var answer = await _http.SendAsync(HttpMethod.Get, Path, _settings.ApiKey, null, null, ReadEventCount, cancellationToken);
        await ReportAsync(Title, $"GET /{Path} with {_settings.ApiKeyVariable}", answer, answer.IsSuccess,
            answer is { IsSuccess: true, Detail: { } count } ? count : null);
    }

    private async Task ReportAsync(string title, string request, ApiAnswer answer, bool pass, string? note = null, bool noAnswerStopsTheRun = true)
    {
        if (pass)
        {
            _passed++;
        }
        else
        {
            _failed++;
            if (!answer.Answered && noAnswerStopsTheRun)
            {
                _unreachable ??= $"the server did not answer step {title[0]}";
            }
        }

        var line = $"{(pass ? "PASS" : "FAIL")}  {title}: {request} -> {answer.Describe()}";
        await _output.WriteLineAsync(note is null ? line : line + "; " + note);
    }

    private Task SkipAsync(string title, string why) => _output.WriteLineAsync($"SKIP  {title}: {why}");

    /// <summary>key.id of a mint answer. plaintext_key is not read: it is never needed.</summary>
    private static string? ReadKeyId(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && root.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.Object
        && key.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
        && !string.IsNullOrEmpty(id.GetString())
            ? id.GetString()
            : null;

    private static string? ReadEventCount(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("events", out var events) && events.ValueKind == JsonValueKind.Array
            ? events.GetArrayLength().ToString(CultureInfo.InvariantCulture) + " event(s)"
            : null;
}

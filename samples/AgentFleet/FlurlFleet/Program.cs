// FlurlFleet: the fleet's Saperly client written with Flurl before v0.5.7.0. One FlurlClient carries
// SAPERLY_API_KEY as its bearer token for every call, key management included, and the mint and the
// rotation send no Idempotency-Key. Against v0.5.7.0 the first /v1/keys call is rejected.
using Flurl.Http;

var saperly = new SaperlyFlurl();

try
{
    // Runtime: place a call and read the compliance audit stream.
    var call = await saperly.PlaceCallAsync("550e8400-e29b-41d4-a716-446655440000", "+14155551234");
    Console.WriteLine($"placed call {call.Id} ({call.Status})");

    var audit = await saperly.ReadAuditAsync();
    Console.WriteLine($"read {audit.Events.Count} audit event(s)");

    // Key management: a key for the new agent, rotated, listed, then revoked.
    var minted = await saperly.MintKeyAsync("agent-flurl", "call_only");
    Console.WriteLine($"minted key {minted.Id} ({minted.KeyPrefix}…)");

    var rotated = await saperly.RotateKeyAsync(minted.Id);
    Console.WriteLine($"rotated key {minted.Id} -> {rotated.Id} ({rotated.KeyPrefix}…)");

    var keys = await saperly.ListKeysAsync();
    Console.WriteLine($"{keys.Total} key(s) listed");

    await saperly.RevokeKeyAsync(rotated.Id);
    Console.WriteLine($"revoked key {rotated.Id}");

    Console.WriteLine("FlurlFleet: done");
    return 0;
}
catch (FlurlHttpException ex)
{
    var error = await ex.GetResponseJsonAsync<ErrorEnvelope>();
    Console.Error.WriteLine($"FlurlFleet: error {error?.Error.Code ?? "http_" + ex.StatusCode}: {ex.Call.Request.Verb} {ex.Call.Request.Url.Path} answered {ex.StatusCode}: {error?.Error.Message}");
    return 1;
}

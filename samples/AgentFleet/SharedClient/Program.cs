// SharedClient: one HttpClient, one key, every Saperly call.
// This is how most teams wired Saperly up by hand before v0.5.7.0: the SAPERLY_API_KEY that places
// calls is also used to mint, rotate and revoke keys, and the key-management POSTs carry no
// Idempotency-Key. Against v0.5.7.0 the first /v1/keys call is rejected.

var gateway = new SaperlyGateway();

try
{
    // Runtime: place a call and read the compliance audit stream.
    var call = await gateway.PlaceCallAsync("550e8400-e29b-41d4-a716-446655440000", "+14155551234");
    Console.WriteLine($"placed call {call.Id} ({call.Status})");

    var audit = await gateway.ReadAuditAsync();
    Console.WriteLine($"read {audit.Events.Count} audit event(s)");

    // Key management: give the night-shift agent its own key, rotate it, then revoke it.
    var minted = await gateway.MintKeyAsync("agent-night-shift", "call_only");
    Console.WriteLine($"minted key {minted.Id} ({minted.KeyPrefix}…)");

    var rotated = await gateway.RotateKeyAsync(minted.Id);
    Console.WriteLine($"rotated key {minted.Id} -> {rotated.Id} ({rotated.KeyPrefix}…)");

    await gateway.RevokeKeyAsync(rotated.Id);
    Console.WriteLine($"revoked key {rotated.Id}");

    Console.WriteLine("SharedClient: done");
    return 0;
}
catch (SaperlyApiException ex)
{
    Console.Error.WriteLine($"SharedClient: error {ex.Code}: {ex.Request} answered {(int)ex.Status}: {ex.Message}");
    return 1;
}

// RestSharpFleet: the fleet's Saperly client written with RestSharp before v0.5.7.0. One RestClient
// authenticates every request with SAPERLY_API_KEY (a JwtAuthenticator in its options), key
// management included, and the mint and the rotation send no Idempotency-Key. Against v0.5.7.0 the
// first /v1/keys call is rejected.

var saperly = new SaperlyRest();

try
{
    // Runtime: place a call and read the compliance audit stream.
    var call = await saperly.PlaceCallAsync("550e8400-e29b-41d4-a716-446655440000", "+14155551234");
    Console.WriteLine($"placed call {call.Id} ({call.Status})");

    var audit = await saperly.ReadAuditAsync();
    Console.WriteLine($"read {audit.Events.Count} audit event(s)");

    // Key management: a key for the new agent, rotated, listed, then revoked.
    var minted = await saperly.MintKeyAsync("agent-restsharp", "call_only");
    Console.WriteLine($"minted key {minted.Id} ({minted.KeyPrefix}…)");

    var rotated = await saperly.RotateKeyAsync(minted.Id);
    Console.WriteLine($"rotated key {minted.Id} -> {rotated.Id} ({rotated.KeyPrefix}…)");

    var keys = await saperly.ListKeysAsync();
    Console.WriteLine($"{keys.Total} key(s) listed");

    await saperly.RevokeKeyAsync(rotated.Id);
    Console.WriteLine($"revoked key {rotated.Id}");

    Console.WriteLine("RestSharpFleet: done");
    return 0;
}
catch (SaperlyRestException ex)
{
    Console.Error.WriteLine($"RestSharpFleet: error {ex.Code}: {ex.Request} answered {ex.Status}: {ex.Message}");
    return 1;
}

// SdkStyle: a hand-written typed client that mirrors the official TypeScript/Python SDK
// (new Saperly({ apiKey }) -> client.keys.create / client.calls.create).
// One client, built from SAPERLY_API_KEY, does both key management and calls. The upgrade guide's
// Step 3 wants two: `svc` from SAPERLY_SERVICE_KEY for keys, `agent` from the minted child key for calls.

var client = new SaperlyClient(new SaperlyClientOptions
{
    ApiKey = Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? "sk_test_local_dev_only",
    BaseUrl = Environment.GetEnvironmentVariable("SAPERLY_BASE_URL") ?? "https://saperly.com/api/",
});

try
{
    var child = await client.Keys.CreateAsync(new CreateKeyRequest
    {
        Name = "agent-prod",
        Permissions = "call_only",
        MonthlyCapCents = 500,
    });
    Console.WriteLine($"minted {child.Id} ({child.KeyPrefix}…), permissions {child.Permissions}");

    var call = await client.Calls.CreateAsync(new CreateCallRequest
    {
        LineId = "550e8400-e29b-41d4-a716-446655440000",
        ToNumber = "+14155551234",
    });
    Console.WriteLine($"placed call {call.Id} ({call.Status})");

    var keys = await client.Keys.ListAsync(limit: 50);
    Console.WriteLine($"{keys.Total} key(s) on the account");

    var rotated = await client.Keys.RotateAsync(child.Id);
    Console.WriteLine($"rotated {child.Id} -> {rotated.Id}");

    await client.Keys.DeleteAsync(rotated.Id);
    Console.WriteLine($"revoked {rotated.Id}");

    Console.WriteLine("SdkStyle: done");
    return 0;
}
catch (SaperlyApiException ex)
{
    Console.Error.WriteLine($"SdkStyle: error {ex.Code}: {ex.Request} answered {(int)ex.Status}: {ex.Message}");
    return 1;
}

// StrictModels: a key-audit job that validates what /v1/keys returns before trusting it.
// This team already moved key management to the service key (upgrade guide steps 1-3) but skipped
// step 4: every permission model here knows only the four settable tiers, so the key list, which
// still holds a key minted before v0.5.7.0 with permissions "legacy_full", is rejected.
//
//   StrictModels                      list and validate every key
//   StrictModels <key-id> <tier>      also change one key's permission tier (PATCH)
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

using var http = new HttpClient
{
    BaseAddress = new Uri(Environment.GetEnvironmentVariable("SAPERLY_BASE_URL") ?? "https://saperly.com/api/"),
};
http.DefaultRequestHeaders.Authorization =
    new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));

try
{
    using var response = await http.GetAsync("v1/keys?limit=100");
    var json = await response.ReadSaperlyStringAsync("GET v1/keys");

    using (var document = JsonDocument.Parse(json))
    {
        foreach (var key in document.RootElement.GetProperty("keys").EnumerateArray())
        {
            // 1. The JSON schema shared with the TypeScript services.
            var problems = KeySchema.Validate(key);
            if (problems.Count > 0)
            {
                throw new InvalidKeyRecordException("schema_violation", string.Join("; ", problems));
            }

            // 2. The allow-list that guards permission strings before they reach the policy engine.
            ResponseValidator.EnsureKnownPermissions(key);

            // 3. The policy engine's scope for the tier.
            PolicyEngine.ScopeOf(key.GetProperty("permissions").GetString()!);
        }
    }

    // 4. The strongly typed model.
    KeyList list;
    try
    {
        list = JsonSerializer.Deserialize<KeyList>(json)
            ?? throw new InvalidKeyRecordException("empty_response", "GET v1/keys returned no body");
    }
    catch (JsonException ex)
    {
        throw new InvalidKeyRecordException("unreadable_key_list", ex.Message);
    }

    Console.WriteLine($"{list.Total} key(s):");
    foreach (var key in list.Keys)
    {
        Console.WriteLine($"  {key.Id,-28} {key.KeyPrefix,-14} {key.Permissions,-9} {(key.RevokedAt is null ? "active" : "revoked")}");
    }

    if (args.Length == 2)
    {
        var keyId = args[0];
        var tier = args[1];
        if (!PermissionRequests.IsSettable(tier))
        {
            Console.Error.WriteLine($"StrictModels: '{tier}' is not a permission tier you can set");
            return 2;
        }

        using var patch = await http.PatchAsJsonAsync($"v1/keys/{keyId}", new { permissions = tier });
        await patch.ReadSaperlyStringAsync("PATCH v1/keys/{id}");
        Console.WriteLine($"set {keyId} to {tier}");
    }

    Console.WriteLine("StrictModels: done");
    return 0;
}
catch (SaperlyApiException ex)
{
    Console.Error.WriteLine($"StrictModels: error {ex.Code}: {ex.Request} answered {(int)ex.Status}: {ex.Message}");
    return 1;
}
catch (InvalidKeyRecordException ex)
{
    Console.Error.WriteLine($"StrictModels: error {ex.Code}: the key list failed validation: {ex.Message}");
    return 3;
}

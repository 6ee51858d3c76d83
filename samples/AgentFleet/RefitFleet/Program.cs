// RefitFleet: the fleet's Saperly client as Refit interfaces, one for runtime calls and one for
// key management, each registered with AddRefitGeneratedClient and a token getter that reads
// SAPERLY_API_KEY. The mint and the rotation declare no Idempotency-Key. Against v0.5.7.0 the
// first /v1/keys call is rejected.
using Microsoft.Extensions.DependencyInjection;
using Refit;

var baseUrl = new Uri(Environment.GetEnvironmentVariable("SAPERLY_BASE_URL") ?? "https://saperly.com/api/");
var services = new ServiceCollection();
services.AddRefitGeneratedClient<ISaperlyCalls>(new RefitSettings { AuthorizationHeaderValueGetter = (_, _) => ValueTask.FromResult(Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? "") })
    .ConfigureHttpClient(c => c.BaseAddress = baseUrl);
services.AddRefitGeneratedClient<ISaperlyKeys>(new RefitSettings { AuthorizationHeaderValueGetter = (_, _) => ValueTask.FromResult(Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? "") })
    .ConfigureHttpClient(c => c.BaseAddress = baseUrl);

await using var provider = services.BuildServiceProvider();
var calls = provider.GetRequiredService<ISaperlyCalls>();
var keys = provider.GetRequiredService<ISaperlyKeys>();

try
{
    var call = await calls.PlaceCallAsync(new { line_id = "550e8400-e29b-41d4-a716-446655440000", to_number = "+14155551234" }, Guid.NewGuid().ToString());
    Console.WriteLine($"placed call {call.Id} ({call.Status})");

    var audit = await calls.ReadAuditAsync(10);
    Console.WriteLine($"read {audit.Events.Count} audit event(s)");

    var minted = (await keys.MintAsync(new { name = "agent-refit", permissions = "call_only", monthly_cap_cents = 500 })).Key;
    Console.WriteLine($"minted key {minted.Id} ({minted.KeyPrefix}…)");

    var rotated = (await keys.RotateAsync(minted.Id)).Key;
    Console.WriteLine($"rotated key {minted.Id} -> {rotated.Id} ({rotated.KeyPrefix}…)");

    var list = await keys.ListAsync();
    Console.WriteLine($"{list.Total} key(s) listed");

    await keys.RevokeAsync(rotated.Id);
    Console.WriteLine($"revoked key {rotated.Id}");

    Console.WriteLine("RefitFleet: done");
    return 0;
}
catch (ApiException ex)
{
    var error = await ex.GetContentAsAsync<ErrorEnvelope>();
    Console.Error.WriteLine($"RefitFleet: error {error?.Error.Code ?? "http_" + (int)ex.StatusCode}: {ex.HttpMethod} {ex.Uri?.AbsolutePath} answered {(int)ex.StatusCode}: {error?.Error.Message}");
    return 1;
}

// HandlerFleet: the bearer on every request comes from a DelegatingHandler, the way many teams keep
// the key out of their clients. SaperlyAuthHandler reads SAPERLY_API_KEY and is added to both typed
// clients with AddHttpMessageHandler<T>(): the one for calls and audit, and the one for /v1/keys.
// Against v0.5.7.0 the first /v1/keys call is rejected, and the handler would overwrite any service
// key a request carried.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

var config = new ConfigurationBuilder().AddEnvironmentVariables().Build();

var services = new ServiceCollection();
services.AddSingleton<IConfiguration>(config);
services.AddTransient<SaperlyAuthHandler>();
services.AddHttpClient<SaperlyCalls>(c => c.BaseAddress = new Uri(config["SAPERLY_BASE_URL"] ?? "https://saperly.com/api/"))
    .AddHttpMessageHandler<SaperlyAuthHandler>();
services.AddHttpClient<SaperlyKeys>(c => c.BaseAddress = new Uri(config["SAPERLY_BASE_URL"] ?? "https://saperly.com/api/"))
    .AddHttpMessageHandler<SaperlyAuthHandler>();

await using var provider = services.BuildServiceProvider();
var calls = provider.GetRequiredService<SaperlyCalls>();
var keys = provider.GetRequiredService<SaperlyKeys>();

try
{
    var call = await calls.PlaceCallAsync("550e8400-e29b-41d4-a716-446655440000", "+14155551234");
    Console.WriteLine($"placed call {call.Id} ({call.Status})");

    var audit = await calls.ReadAuditAsync();
    Console.WriteLine($"read {audit.Events.Count} audit event(s)");

    var minted = await keys.MintAsync("agent-handler", "call_only");
    Console.WriteLine($"minted key {minted.Id} ({minted.KeyPrefix}…)");

    var rotated = await keys.RotateAsync(minted.Id);
    Console.WriteLine($"rotated key {minted.Id} -> {rotated.Id} ({rotated.KeyPrefix}…)");

    var list = await keys.ListAsync();
    Console.WriteLine($"{list.Total} key(s) listed");

    await keys.RevokeAsync(rotated.Id);
    Console.WriteLine($"revoked key {rotated.Id}");

    Console.WriteLine("HandlerFleet: done");
    return 0;
}
catch (SaperlyApiException ex)
{
    Console.Error.WriteLine($"HandlerFleet: error {ex.Code}: {ex.Request} answered {ex.Status}: {ex.Message}");
    return 1;
}

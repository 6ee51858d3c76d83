// DiFleet: Saperly through IHttpClientFactory, the way an ASP.NET Core team wires it.
// A named client "saperly" (used by KeyRotator for /v1/keys) and a typed client CallsClient
// (calls and SMS) are both registered with the regular API key. Before v0.5.7.0 that was the only
// key there was; now key management needs the service key, and mint/rotate need an Idempotency-Key.
using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

var config = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables()
    .Build();

var baseUrl = config["SAPERLY_BASE_URL"] ?? "https://saperly.com/api/";

var services = new ServiceCollection();
services.AddSingleton<IConfiguration>(config);

services.AddHttpClient("saperly", c =>
{
    c.BaseAddress = new Uri(baseUrl);
    c.DefaultRequestHeaders.Authorization = new("Bearer", config["SAPERLY_API_KEY"]);
});

services.AddHttpClient<CallsClient>(c =>
{
    c.BaseAddress = new Uri(baseUrl);
    c.DefaultRequestHeaders.Authorization =
        new AuthenticationHeaderValue("Bearer", config["Saperly:ApiKey"] ?? config["SAPERLY_API_KEY"]);
});

services.AddTransient<KeyRotator>();

await using var provider = services.BuildServiceProvider();
var rotator = provider.GetRequiredService<KeyRotator>();
var calls = provider.GetRequiredService<CallsClient>();

var agentName = config["Saperly:AgentName"] ?? "agent-7";
var lineId = config["Saperly:LineId"] ?? "550e8400-e29b-41d4-a716-446655440000";
var toNumber = config["Saperly:ToNumber"] ?? "+14155551234";

try
{
    var key = await rotator.ProvisionAsync(agentName, "call_only", monthlyCapCents: 500);
    Console.WriteLine($"provisioned {agentName}: key {key.Id} ({key.KeyPrefix}…)");

    var call = await calls.PlaceCallAsync(lineId, toNumber);
    Console.WriteLine($"placed call {call.Id} ({call.Status})");

    var sms = await calls.SendSmsAsync(lineId, toNumber, $"{agentName} is on shift.");
    Console.WriteLine($"sent message {sms.Id} ({sms.Status})");

    var rotated = await rotator.RotateAsync(key.Id);
    Console.WriteLine($"rotated {key.Id} -> {rotated.Id}");

    var active = await rotator.CountActiveAsync();
    Console.WriteLine($"{active} active key(s)");

    await rotator.RevokeAsync(rotated.Id);
    Console.WriteLine($"revoked {rotated.Id}");

    Console.WriteLine("DiFleet: done");
    return 0;
}
catch (SaperlyApiException ex)
{
    Console.Error.WriteLine($"DiFleet: error {ex.Code}: {ex.Request} answered {(int)ex.Status}: {ex.Message}");
    return 1;
}

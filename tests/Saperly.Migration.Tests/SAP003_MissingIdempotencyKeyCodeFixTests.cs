using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Saperly.Migration.Analyzers.Rules;
using VerifyCS = Saperly.Migration.Tests.Verifiers.CodeFixVerifier<
    Saperly.Migration.Analyzers.Rules.MissingIdempotencyKeyAnalyzer,
    Saperly.Migration.CodeFixes.MissingIdempotencyKeyCodeFix>;

namespace Saperly.Migration.Tests
{
    public class SAP003_MissingIdempotencyKeyCodeFixTests
    {
        private static DiagnosticResult Sap003(int location, string endpoint = "POST /v1/keys") =>
            VerifyCS.Diagnostic(RuleIds.MissingIdempotencyKey).WithLocation(location).WithArguments(endpoint);

        [Fact]
        public async Task PostAsJsonAsync_BecomesARequestWithTheHeader_KeepingTheCancellationToken()
        {
            const string source = """
                class KeyManager
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task<HttpResponseMessage> Mint(object body, CancellationToken ct)
                    {
                        // mint a child key
                        var response = await {|#0:_http.PostAsJsonAsync("v1/keys", body, ct)|};
                        return response;
                    }
                }
                """;
            const string fixedSource = """
                class KeyManager
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task<HttpResponseMessage> Mint(object body, CancellationToken ct)
                    {
                        var idempotencyKey = Guid.NewGuid().ToString();
                        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") { Content = JsonContent.Create(body) };
                        request.Headers.Add("Idempotency-Key", idempotencyKey);
                        // mint a child key
                        var response = await _http.SendAsync(request, ct);
                        return response;
                    }
                }
                """;
            await VerifyCS.VerifyAsync(source, fixedSource, Sap003(0));
        }
    }
}

using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;

/// <summary>Puts the Saperly key on every request the client sends.</summary>
public sealed class SaperlyAuthHandler : DelegatingHandler
{
    private readonly string? _apiKey;

    public SaperlyAuthHandler(IConfiguration config)
    {
        _apiKey = config["SAPERLY_API_KEY"];
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        return base.SendAsync(request, cancellationToken);
    }
}

using System;
using System.Globalization;
using Saperly.Migration.Tool.Cli;

namespace Saperly.Migration.Tool.Verify;

/// <summary>What <c>saperly-migrate verify</c> runs with, checked before anything is sent.</summary>
internal sealed record VerifySettings(Uri BaseUrl, string ApiKeyVariable, SaperlyKey ApiKey, string ServiceKeyVariable, SaperlyKey ServiceKey, TimeSpan Timeout)
{
    public const string DefaultBaseUrl = "https://saperly.com/api/";
    public const string DefaultApiKeyVariable = Saperly.Migration.Analyzers.Model.SaperlyApi.ApiKeySecret;
    public const string DefaultServiceKeyVariable = Saperly.Migration.Analyzers.Model.SaperlyApi.ServiceKeySecret;
    public const int DefaultTimeoutSeconds = 30;

    /// <summary>
    /// Validates the options and reads the two keys. Throws <see cref="ToolInputException"/> (one line, exit 2)
    /// on a bad base URL or timeout, a missing or empty variable, a value that is not a Saperly key, a key of
    /// the wrong tier, or a live/test mismatch. Messages name variables and prefixes, never a value.
    /// </summary>
    public static VerifySettings Read(string? baseUrl, string? apiKeyVariable, string? serviceKeyVariable, int timeoutSeconds, Func<string, string?> readVariable)
    {
        var url = ParseBaseUrl(baseUrl ?? DefaultBaseUrl);
        if (timeoutSeconds is < 1 or > 600)
        {
            throw new ToolInputException($"--timeout {timeoutSeconds.ToString(CultureInfo.InvariantCulture)} is out of range: give 1 to 600 seconds");
        }

        var apiName = VariableName(apiKeyVariable ?? DefaultApiKeyVariable, "--api-key-variable");
        var serviceName = VariableName(serviceKeyVariable ?? DefaultServiceKeyVariable, "--service-key-variable");
        if (string.Equals(apiName, serviceName, StringComparison.Ordinal))
        {
            throw new ToolInputException($"--api-key-variable and --service-key-variable both name {apiName}: the API key and the service key are two different keys");
        }

        var api = ReadKey(apiName, readVariable, KeyTier.ApiKey);
        var service = ReadKey(serviceName, readVariable, KeyTier.ServiceKey);
        if (api.IsLive != service.IsLive)
        {
            throw new ToolInputException(
                $"{apiName} is a {api.Environment} key ({api}) but {serviceName} is a {service.Environment} key ({service}): live and test keys are never interchangeable; use a pair from one environment");
        }

        return new VerifySettings(url, apiName, api, serviceName, service, TimeSpan.FromSeconds(timeoutSeconds));
    }

    private static Uri ParseBaseUrl(string text)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new ToolInputException($"--base-url '{text}' is not an absolute http(s) URL (default {DefaultBaseUrl})");
        }

        if (!string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment) || !string.IsNullOrEmpty(url.UserInfo))
        {
            throw new ToolInputException($"--base-url must not carry a query, a fragment or user info (e.g. {DefaultBaseUrl})");
        }

        // The keys travel in a header: plain http only to this machine.
        if (url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback)
        {
            throw new ToolInputException($"--base-url {url.GetLeftPart(UriPartial.Path)} is plain http to another host: the keys would cross the network unencrypted; use https");
        }

        // Paths are appended as "v1/...": accept ".../api", ".../api/" and a base that already ends in "/v1".
        var path = url.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/v1", StringComparison.OrdinalIgnoreCase))
        {
            path = path.Substring(0, path.Length - 3);
        }

        return new UriBuilder(url) { Path = path + "/" }.Uri;
    }

    private static string VariableName(string name, string option)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0 || trimmed.Contains('=') || trimmed.Contains('\0'))
        {
            throw new ToolInputException($"{option} '{name}' is not an environment variable name");
        }

        return trimmed;
    }

    private static SaperlyKey ReadKey(string variable, Func<string, string?> readVariable, KeyTier expected)
    {
        var value = readVariable(variable);
        var wanted = expected == KeyTier.ApiKey ? $"a regular API key ({SaperlyKey.PrefixesOf(KeyTier.ApiKey)})" : $"a service key ({SaperlyKey.PrefixesOf(KeyTier.ServiceKey)})";
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ToolInputException($"{variable} is {(value is null ? "not set" : "empty")}: set it to {wanted}");
        }

        var key = SaperlyKey.TryParse(value);
        if (key is null)
        {
            var prefix = SaperlyKey.RedactedPrefixOf(value);
            throw new ToolInputException(prefix is null
                ? $"{variable} does not hold a Saperly key: expected {wanted}"
                : $"{variable} ({prefix}) is not a well-formed key: expected {wanted}, with no spaces or other characters a key cannot hold");
        }

        if (key.Tier != expected)
        {
            throw new ToolInputException(expected == KeyTier.ApiKey
                ? $"{variable} holds a service key ({key}): it needs {wanted}; service keys only manage /v1/keys and get 401 invalid_api_key elsewhere"
                : $"{variable} holds a regular API key ({key}): it needs {wanted}; /v1/keys rejects API keys");
        }

        return key;
    }
}

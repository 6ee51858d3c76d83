using System;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using Saperly.Migration.Tool.Cli;

namespace Saperly.Migration.Tool.Verify;

/// <summary>
/// <c>saperly-migrate verify</c>: the upgrade guide's "Verify the upgrade" against a live (or stand-in) API,
/// with the two keys read from environment variables (never from the command line, which process lists show).
/// </summary>
internal sealed class VerifyCommand
{
    /// <summary>A check failed, was skipped, or the run was cancelled.</summary>
    public const int CheckFailed = 1;

    public const string ExitCodesHelp =
        "Exit codes:\n" +
        "  0  all four checks passed\n" +
        "  1  a check failed (the smoke-test key is still revoked)\n" +
        "  2  bad input: a missing or empty variable, a key of the wrong tier, a live/test mismatch, a bad option; nothing was sent";

    private readonly Option<string> _baseUrl = new("--base-url")
    {
        HelpName = "URL",
        Description = "The API base; paths v1/... are appended to it. The default is the documented production base.",
        DefaultValueFactory = _ => VerifySettings.DefaultBaseUrl,
    };

    private readonly Option<string> _apiKeyVariable = new("--api-key-variable")
    {
        HelpName = "NAME",
        Description = $"The environment variable holding the regular API key ({SaperlyKey.PrefixesOf(KeyTier.ApiKey, "/")}).",
        DefaultValueFactory = _ => VerifySettings.DefaultApiKeyVariable,
    };

    private readonly Option<string> _serviceKeyVariable = new("--service-key-variable")
    {
        HelpName = "NAME",
        Description = $"The environment variable holding the service key ({SaperlyKey.PrefixesOf(KeyTier.ServiceKey, "/")}).",
        DefaultValueFactory = _ => VerifySettings.DefaultServiceKeyVariable,
    };

    private readonly Option<int> _timeout = new("--timeout")
    {
        HelpName = "SECONDS",
        Description = "How long to wait for each answer (1-600).",
        DefaultValueFactory = _ => VerifySettings.DefaultTimeoutSeconds,
    };

    private readonly Func<string, string?> _readVariable;

    /// <param name="readVariable">Reads an environment variable; the process environment by default.</param>
    public VerifyCommand(Func<string, string?>? readVariable = null)
    {
        _readVariable = readVariable ?? Environment.GetEnvironmentVariable;
    }

    public void AddTo(Command root)
    {
        var command = new Command(
            "verify",
            "Runs the upgrade guide's four checks against the Saperly API: (1) GET /v1/calls?limit=1 with the API key, " +
            "(2) mint a read-only smoke-test child key with the service key and a fresh Idempotency-Key, (3) revoke it, " +
            "(4) GET /v1/audit?limit=10 with the API key. The keys come from environment variables, never from arguments; " +
            "only their prefixes are printed. The smoke-test key is always revoked, even when a later step fails.\n\n" + ExitCodesHelp);
        command.Options.Add(_baseUrl);
        command.Options.Add(_apiKeyVariable);
        command.Options.Add(_serviceKeyVariable);
        command.Options.Add(_timeout);
        command.SetAction(RunAsync);
        root.Subcommands.Add(command);
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        VerifySettings settings;
        try
        {
            settings = VerifySettings.Read(
                parse.GetValue(_baseUrl),
                parse.GetValue(_apiKeyVariable),
                parse.GetValue(_serviceKeyVariable),
                parse.GetValue(_timeout),
                _readVariable);
        }
        catch (ToolInputException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}; nothing was sent");
            return ExitCodes.BadInput;
        }

        using var http = new SaperlyHttp(settings.BaseUrl, settings.Timeout);
        return await new UpgradeVerifier(settings, http, output).RunAsync(cancellationToken);
    }
}

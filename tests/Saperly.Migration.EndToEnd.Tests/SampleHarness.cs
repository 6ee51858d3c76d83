using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Saperly.Migration.StandIn;

namespace Saperly.Migration.EndToEnd.Tests
{
    /// <summary>The AgentFleet programs.</summary>
    public static class Samples
    {
        /// <summary>The upgrade guide's verification steps as a top-level program with one client.</summary>
        public const string UpgradeSmoke = "UpgradeSmoke";

        public const string SharedClient = "SharedClient";
        public const string DiFleet = "DiFleet";
        public const string SdkStyle = "SdkStyle";
        public const string StrictModels = "StrictModels";

        /// <summary>The fleet's client written with Flurl: one <c>FlurlClient</c> with the API key as its bearer token.</summary>
        public const string FlurlFleet = "FlurlFleet";

        /// <summary>The fleet's client written with RestSharp: one <c>RestClient</c> whose options authenticate with the API key.</summary>
        public const string RestSharpFleet = "RestSharpFleet";

        /// <summary>The bearer put on every request by a <c>DelegatingHandler</c> added to two typed clients.</summary>
        public const string HandlerFleet = "HandlerFleet";

        /// <summary>The fleet's client as two Refit interfaces, registered with <c>AddRefitClient</c> and a token getter each.</summary>
        public const string RefitFleet = "RefitFleet";
    }

    /// <summary>One run of a sample program against the stand-in: its output and the requests it made.</summary>
    public sealed record SampleRun(string Project, ProcessResult Process, IReadOnlyList<RecordedRequest> Requests)
    {
        public int ExitCode => Process.ExitCode;

        public IEnumerable<RecordedRequest> KeyRequests => Requests.Where(r => r.IsKeyManagement);

        public IEnumerable<RecordedRequest> DataPlaneRequests => Requests.Where(r => !r.IsKeyManagement);

        /// <summary>Mint (<c>POST /v1/keys</c>) and rotate (<c>POST /v1/keys/{id}/rotate</c>).</summary>
        public IEnumerable<RecordedRequest> MintAndRotate => Requests.Where(r =>
            r.Method == "POST" && (r.Route == "/v1/keys" || (r.Route.StartsWith("/v1/keys/", StringComparison.Ordinal) && r.Route.EndsWith("/rotate", StringComparison.Ordinal))));

        public override string ToString() =>
            $"{Project}: {Process}\n--- requests ---\n{string.Join("\n", Requests.Select(r => r.ToString()))}";
    }

    /// <summary>A built copy of the samples plus a stand-in to run them against.</summary>
    public sealed class SampleHarness
    {
        public SampleHarness(SaperlyStandIn server, SampleCopy copy)
        {
            Server = server;
            Copy = copy;
        }

        public SaperlyStandIn Server { get; }

        public SampleCopy Copy { get; }

        /// <summary>The environment a user who followed the upgrade guide has: both keys provisioned.</summary>
        public Dictionary<string, string?> Environment() => new()
        {
            ["SAPERLY_BASE_URL"] = Server.ApiBaseAddress.ToString(),
            ["SAPERLY_API_KEY"] = StandInOptions.DefaultApiKey,
            ["SAPERLY_SERVICE_KEY"] = StandInOptions.DefaultServiceKey,
        };

        /// <summary>Runs one built sample with <paramref name="environment"/> (default <see cref="Environment"/>).</summary>
        public async Task<SampleRun> RunAsync(string project, IReadOnlyDictionary<string, string?>? environment = null)
        {
            var dll = Copy.ProgramDll(project);
            Assert.True(File.Exists(dll), $"{dll} was not built");
            var mark = Server.RequestCount;
            var process = await ProcessRunner.RunAsync(
                ProcessRunner.Dotnet, new[] { dll }, Path.GetDirectoryName(dll)!, environment ?? Environment(), TimeSpan.FromSeconds(90));
            return new SampleRun(project, process, Server.RequestsSince(mark));
        }
    }
}

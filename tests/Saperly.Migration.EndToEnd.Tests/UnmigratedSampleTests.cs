using System;
using System.Linq;
using System.Threading.Tasks;
using Saperly.Migration.StandIn;

namespace Saperly.Migration.EndToEnd.Tests
{
    /// <summary>Copies samples/ once, builds AgentFleet.sln once, and starts one stand-in for the class.</summary>
    public sealed class UnmigratedSamplesFixture : IAsyncLifetime
    {
        private SaperlyStandIn? _server;
        private SampleCopy? _copy;

        public SampleHarness Harness { get; private set; } = null!;

        public ProcessResult Build { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _server = await SaperlyStandIn.StartNewAsync();
            _copy = new SampleCopy("unmigrated");
            Build = await ProcessRunner.BuildAsync(_copy.Solution, TimeSpan.FromMinutes(10));
            Harness = new SampleHarness(_server, _copy);
        }

        public async Task DisposeAsync()
        {
            _copy?.Dispose();
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The samples as users wrote them before v0.5.7.0, run against the v0.5.7.0 stand-in: each fails
    /// with the error the contract documents. These pin what the migration has to fix.
    /// </summary>
    public sealed class UnmigratedSampleTests : IClassFixture<UnmigratedSamplesFixture>
    {
        private readonly UnmigratedSamplesFixture _fixture;

        public UnmigratedSampleTests(UnmigratedSamplesFixture fixture) => _fixture = fixture;

        private SampleHarness Harness
        {
            get
            {
                Assert.True(_fixture.Build.ExitCode == 0, _fixture.Build.ToString());
                return _fixture.Harness;
            }
        }

        [Fact]
        public void Sample_solution_builds_with_zero_errors()
        {
            Assert.True(_fixture.Build.ExitCode == 0, _fixture.Build.ToString());
            Assert.Contains(" 0 Error(s)", _fixture.Build.Output);
        }

        [Fact]
        public async Task SharedClient_fails_with_service_key_required_on_its_first_key_call()
        {
            var run = await Harness.RunAsync(Samples.SharedClient);

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains("error service_key_required", run.Process.StdErr);
            Assert.Contains(run.Requests, r => r.Method == "POST" && r.Route == "/v1/calls" && r.Tier == CredentialTier.ApiKey && r.Status == 201);
            Assert.Contains(run.Requests, r => r.Method == "GET" && r.Route == "/v1/audit" && r.Tier == CredentialTier.ApiKey && r.Status == 200);
            var mint = Assert.Single(run.KeyRequests);
            Assert.True(mint is { Method: "POST", Route: "/v1/keys", Tier: CredentialTier.ApiKey, Status: 403, IdempotencyKey: null }, run.ToString());
        }

        [Fact]
        public async Task SharedClient_with_only_the_service_key_fails_runtime_calls_with_invalid_api_key()
        {
            var environment = Harness.Environment();
            environment["SAPERLY_API_KEY"] = StandInOptions.DefaultServiceKey;
            var run = await Harness.RunAsync(Samples.SharedClient, environment);

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains("error invalid_api_key", run.Process.StdErr);
            var call = Assert.Single(run.Requests);
            Assert.True(call is { Method: "POST", Route: "/v1/calls", Tier: CredentialTier.ServiceKey, Status: 401, ErrorCode: ErrorCodes.InvalidApiKey }, run.ToString());
        }

        [Fact]
        public async Task DiFleet_fails_with_service_key_required_at_mint()
        {
            var run = await Harness.RunAsync(Samples.DiFleet);

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains("error service_key_required", run.Process.StdErr);
            var mint = Assert.Single(run.Requests);
            Assert.True(mint is { Method: "POST", Route: "/v1/keys", Tier: CredentialTier.ApiKey, Status: 403, IdempotencyKey: null }, run.ToString());
        }

        [Fact]
        public async Task DiFleet_with_the_secret_swapped_but_no_code_change_fails_with_missing_idempotency_key()
        {
            var environment = Harness.Environment();
            environment["SAPERLY_API_KEY"] = StandInOptions.DefaultServiceKey;
            var run = await Harness.RunAsync(Samples.DiFleet, environment);

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains("error missing_idempotency_key", run.Process.StdErr);
            var mint = Assert.Single(run.Requests);
            Assert.True(mint is { Method: "POST", Route: "/v1/keys", Tier: CredentialTier.ServiceKey, Status: 400, ErrorCode: ErrorCodes.MissingIdempotencyKey }, run.ToString());
        }

        [Fact]
        public async Task SdkStyle_fails_with_service_key_required_at_Keys_CreateAsync()
        {
            var run = await Harness.RunAsync(Samples.SdkStyle);

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains("error service_key_required", run.Process.StdErr);
            var mint = Assert.Single(run.Requests);
            Assert.True(mint is { Method: "POST", Route: "/v1/keys", Path: "/api/v1/keys", Tier: CredentialTier.ApiKey, Status: 403 }, run.ToString());
        }

        [Fact]
        public async Task SdkStyle_with_the_secret_swapped_but_no_code_change_fails_with_missing_idempotency_key()
        {
            var environment = Harness.Environment();
            environment["SAPERLY_API_KEY"] = StandInOptions.DefaultServiceKey;
            var run = await Harness.RunAsync(Samples.SdkStyle, environment);

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains("error missing_idempotency_key", run.Process.StdErr);
            Assert.True(run.Requests.Single() is { Route: "/v1/keys", Tier: CredentialTier.ServiceKey, Status: 400 }, run.ToString());
        }

        [Fact]
        public async Task UpgradeSmoke_fails_with_service_key_required_at_its_mint()
        {
            var run = await Harness.RunAsync(Samples.UpgradeSmoke);

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains("error service_key_required", run.Process.StdErr);
            Assert.Contains(run.Requests, r => r.Method == "GET" && r.Route == "/v1/calls" && r.Tier == CredentialTier.ApiKey && r.Status == 200);
            var mint = Assert.Single(run.KeyRequests);
            Assert.True(mint is { Method: "POST", Route: "/v1/keys", Tier: CredentialTier.ApiKey, Status: 403, IdempotencyKey: null }, run.ToString());
        }

        [Theory]
        [InlineData(Samples.FlurlFleet)]
        [InlineData(Samples.RestSharpFleet)]
        [InlineData(Samples.HandlerFleet)]
        [InlineData(Samples.RefitFleet)]
        public async Task A_library_client_fails_with_service_key_required_at_its_mint(string sample)
        {
            var run = await Harness.RunAsync(sample);

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains("error service_key_required", run.Process.StdErr);
            Assert.Contains(run.Requests, r => r.Method == "POST" && r.Route == "/v1/calls" && r.Tier == CredentialTier.ApiKey && r.Status == 201);
            var mint = Assert.Single(run.KeyRequests);
            Assert.True(mint is { Method: "POST", Route: "/v1/keys", Tier: CredentialTier.ApiKey, Status: 403, IdempotencyKey: null }, run.ToString());
        }

        [Fact]
        public async Task StrictModels_rejects_the_key_list_because_of_the_legacy_full_key()
        {
            var run = await Harness.RunAsync(Samples.StrictModels);

            Assert.True(run.ExitCode == 3, run.ToString());
            Assert.Contains("error schema_violation", run.Process.StdErr);
            Assert.Contains("permissions 'legacy_full' is not one of [full, call_only, sms_only, read_only]", run.Process.StdErr);
            var list = Assert.Single(run.Requests);
            Assert.True(list is { Method: "GET", Route: "/v1/keys", Tier: CredentialTier.ServiceKey, Status: 200 }, run.ToString());
        }
    }
}

using System;
using System.IO;
using System.Threading.Tasks;
using Saperly.Migration.StandIn;

namespace Saperly.Migration.EndToEnd.Tests
{
    /// <summary>
    /// Copies samples/, references our analyzer and fix assemblies from every sample project (as the package does), runs
    /// the SDK's own <c>dotnet format analyzers</c> on the copy for every rule, and builds the result: once for the class.
    /// </summary>
    public sealed class FormattedSamplesFixture : IAsyncLifetime
    {
        private readonly Lazy<Task<MigrationOutcome>> _outcome;
        private SaperlyStandIn? _server;
        private SampleCopy? _copy;

        public FormattedSamplesFixture() => _outcome = new Lazy<Task<MigrationOutcome>>(FormatAndBuildAsync);

        public SampleHarness Harness { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _server = await SaperlyStandIn.StartNewAsync();
            _copy = new SampleCopy("formatted");
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

        /// <summary>The fixed, built copy; fails the calling test with dotnet format's or the build's output otherwise.</summary>
        public async Task<SampleHarness> FormattedAsync()
        {
            var outcome = await _outcome.Value;
            Assert.True(outcome.Tool.ExitCode == 0, "dotnet format analyzers did not succeed:\n" + outcome.Tool);
            Assert.True(outcome.Build is { ExitCode: 0 }, "the fixed samples do not build:\n" + outcome.Build);
            return Harness;
        }

        private async Task<MigrationOutcome> FormatAndBuildAsync()
        {
            // The assemblies this test runs with are the ones the tool ships: the package's analyzers/dotnet/cs content.
            var analyzers = Path.Combine(AppContext.BaseDirectory, "Saperly.Migration.Analyzers.dll");
            var fixes = Path.Combine(AppContext.BaseDirectory, "Saperly.Migration.CodeFixes.dll");
            File.WriteAllText(Path.Combine(_copy!.FleetFolder, "Directory.Build.targets"), $"""
                <Project>
                  <ItemGroup>
                    <Analyzer Include="{analyzers}" />
                    <Analyzer Include="{fixes}" />
                  </ItemGroup>
                </Project>
                """);

            var format = await ProcessRunner.RunAsync(
                ProcessRunner.Dotnet,
                new[] { "format", "analyzers", _copy.Solution, "--severity", "info", "--diagnostics", "SAP001", "SAP002", "SAP003", "SAP004", "SAP007", "SAP008", "SAP009" },
                _copy.FleetFolder,
                null,
                TimeSpan.FromMinutes(10));
            if (format.ExitCode != 0)
            {
                return new MigrationOutcome(format, null);
            }

            var build = await ProcessRunner.BuildAsync(_copy.Solution, TimeSpan.FromMinutes(10));
            return new MigrationOutcome(format, build);
        }

        public Task<string> FixedTextAsync(string project, string file) =>
            File.ReadAllTextAsync(Path.Combine(_copy!.FleetFolder, project, file));
    }

    /// <summary>
    /// The fixes driven by a client we did not write: after <c>dotnet format analyzers</c> the samples build and pass
    /// against the stand-in as they do after <c>saperly-migrate --apply</c>.
    /// </summary>
    [Trait("Category", "MigrationE2E")]
    public sealed class FormattedSampleTests : IClassFixture<FormattedSamplesFixture>
    {
        private readonly FormattedSamplesFixture _fixture;

        public FormattedSampleTests(FormattedSamplesFixture fixture) => _fixture = fixture;

        [Fact]
        public async Task UpgradeSmoke_fixed_by_dotnet_format_uses_a_service_key_client_and_passes()
        {
            var harness = await _fixture.FormattedAsync();
            await MigratedRuns.AssertAsync(harness, Samples.UpgradeSmoke, "GET /v1/calls", "POST /v1/keys", "GET /v1/keys", "DELETE /v1/keys/{id}", "GET /v1/audit");
            var text = await _fixture.FixedTextAsync(Samples.UpgradeSmoke, "Program.cs");
            Assert.Contains("using var svc = new HttpClient { BaseAddress = new Uri(baseUrl) };", text);
            Assert.Contains("svc.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(\"Bearer\", Environment.GetEnvironmentVariable(\"SAPERLY_SERVICE_KEY\"));", text);
        }

        [Theory]
        [InlineData(Samples.SharedClient, new[] { "POST /v1/calls", "GET /v1/audit", "POST /v1/keys", "POST /v1/keys/{id}/rotate", "DELETE /v1/keys/{id}" })]
        [InlineData(Samples.DiFleet, new[] { "POST /v1/keys", "POST /v1/calls", "POST /v1/messages", "POST /v1/keys/{id}/rotate", "GET /v1/keys", "DELETE /v1/keys/{id}" })]
        [InlineData(Samples.SdkStyle, new[] { "POST /v1/keys", "POST /v1/calls", "GET /v1/keys", "POST /v1/keys/{id}/rotate", "DELETE /v1/keys/{id}" })]
        [InlineData(Samples.StrictModels, new[] { "GET /v1/keys" })]
        [InlineData(Samples.FlurlFleet, new[] { "POST /v1/calls", "GET /v1/audit", "POST /v1/keys", "POST /v1/keys/{id}/rotate", "GET /v1/keys", "DELETE /v1/keys/{id}" })]
        [InlineData(Samples.RestSharpFleet, new[] { "POST /v1/calls", "GET /v1/audit", "POST /v1/keys", "POST /v1/keys/{id}/rotate", "GET /v1/keys", "DELETE /v1/keys/{id}" })]
        [InlineData(Samples.HandlerFleet, new[] { "POST /v1/calls", "GET /v1/audit", "POST /v1/keys", "POST /v1/keys/{id}/rotate", "GET /v1/keys", "DELETE /v1/keys/{id}" })]
        [InlineData(Samples.RefitFleet, new[] { "POST /v1/calls", "GET /v1/audit", "POST /v1/keys", "POST /v1/keys/{id}/rotate", "GET /v1/keys", "DELETE /v1/keys/{id}" })]
        public async Task Every_sample_fixed_by_dotnet_format_passes(string project, string[] operations)
        {
            var harness = await _fixture.FormattedAsync();
            await MigratedRuns.AssertAsync(harness, project, operations);
        }
    }
}

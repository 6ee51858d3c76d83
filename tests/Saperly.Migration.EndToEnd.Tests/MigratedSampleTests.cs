using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Saperly.Migration.StandIn;

namespace Saperly.Migration.EndToEnd.Tests
{
    /// <summary>What running <c>saperly-migrate --apply</c> on a copy of the samples, then building it, gave.</summary>
    public sealed record MigrationOutcome(ProcessResult Tool, ProcessResult? Build);

    /// <summary>
    /// Copies samples/, runs the migration tool on the copy (<c>dotnet run --project src/MigrateTool -- &lt;copy&gt; --apply</c>)
    /// and builds the result, once for the class and only when a test asks for it.
    /// </summary>
    public sealed class MigratedSamplesFixture : IAsyncLifetime
    {
        private readonly Lazy<Task<MigrationOutcome>> _outcome;
        private SaperlyStandIn? _server;
        private SampleCopy? _copy;

        public MigratedSamplesFixture() => _outcome = new Lazy<Task<MigrationOutcome>>(MigrateAndBuildAsync);

        public SampleHarness Harness { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _server = await SaperlyStandIn.StartNewAsync();
            _copy = new SampleCopy("migrated");
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

        /// <summary>The migrated, built copy; fails the calling test with the tool's or the build's output otherwise.</summary>
        public async Task<SampleHarness> MigratedAsync()
        {
            var outcome = await _outcome.Value;
            Assert.True(outcome.Tool.ExitCode == 0, "saperly-migrate --apply did not succeed:\n" + outcome.Tool);
            Assert.True(outcome.Build is { ExitCode: 0 }, "the migrated samples do not build:\n" + outcome.Build);
            Assert.Contains(" 0 Error(s)", outcome.Build!.Output);
            return Harness;
        }

        public Task<MigrationOutcome> OutcomeAsync() => _outcome.Value;

        /// <summary>The JSON report the migration wrote (next to the copied samples).</summary>
        public string ReportPath => Path.Combine(_copy!.Root, "migration-report.json");

        private async Task<MigrationOutcome> MigrateAndBuildAsync()
        {
            var project = RepoPaths.MigrateToolProject;
            if (!Directory.Exists(project) || Directory.GetFiles(project, "*.csproj").Length == 0)
            {
                return new MigrationOutcome(
                    new ProcessResult("dotnet run --project " + project, -1, "", "src/MigrateTool has no project yet.", TimeSpan.Zero), null);
            }

            var tool = await ProcessRunner.RunAsync(
                ProcessRunner.Dotnet,
                new[] { "run", "--project", project, "--", _copy!.FleetFolder, "--apply", "--report", ReportPath },
                _copy.Root,
                null,
                TimeSpan.FromMinutes(15));
            if (tool.ExitCode != 0)
            {
                return new MigrationOutcome(tool, null);
            }

            var build = await ProcessRunner.BuildAsync(_copy.Solution, TimeSpan.FromMinutes(10));
            return new MigrationOutcome(tool, build);
        }
    }

    /// <summary>
    /// The second half of the end-to-end proof: after <c>saperly-migrate --apply</c> each sample builds,
    /// succeeds against the v0.5.7.0 stand-in, sends /v1/keys with the service key and everything else
    /// with the API key, and gives every mint and rotate its own Idempotency-Key (fresh on every run).
    /// These wait on src/MigrateTool and the code fixes: filter them with <c>Category=MigrationE2E</c>.
    /// </summary>
    [Trait("Category", "MigrationE2E")]
    public sealed class MigratedSampleTests : IClassFixture<MigratedSamplesFixture>
    {
        private readonly MigratedSamplesFixture _fixture;

        public MigratedSampleTests(MigratedSamplesFixture fixture) => _fixture = fixture;

        [Fact]
        public async Task Migration_applies_to_the_sample_solution_and_the_result_builds_with_zero_errors()
        {
            await _fixture.MigratedAsync();
            var outcome = await _fixture.OutcomeAsync();
            Assert.DoesNotContain(StandInOptions.DefaultApiKey, outcome.Tool.Output);
        }

        [Fact]
        public async Task SharedClient_after_migration_uses_the_service_key_for_keys_and_the_api_key_for_runtime()
        {
            await AssertMigratedAsync(Samples.SharedClient,
                "POST /v1/calls", "GET /v1/audit", "POST /v1/keys", "POST /v1/keys/{id}/rotate", "DELETE /v1/keys/{id}");
        }

        [Fact]
        public async Task DiFleet_after_migration_uses_the_service_key_for_the_named_client_and_the_api_key_for_the_typed_client()
        {
            await AssertMigratedAsync(Samples.DiFleet,
                "POST /v1/keys", "POST /v1/calls", "POST /v1/messages", "POST /v1/keys/{id}/rotate", "GET /v1/keys", "DELETE /v1/keys/{id}");
        }

        [Fact]
        public async Task SdkStyle_after_migration_manages_keys_with_the_service_key_and_calls_with_an_api_key()
        {
            await AssertMigratedAsync(Samples.SdkStyle,
                "POST /v1/keys", "POST /v1/calls", "GET /v1/keys", "POST /v1/keys/{id}/rotate", "DELETE /v1/keys/{id}");
        }

        [Fact]
        public async Task UpgradeSmoke_after_migration_manages_keys_through_a_service_key_client_and_reads_audit_with_the_api_key()
        {
            await AssertMigratedAsync(Samples.UpgradeSmoke, "GET /v1/calls", "POST /v1/keys", "GET /v1/keys", "DELETE /v1/keys/{id}", "GET /v1/audit");
        }

        [Theory]
        [InlineData(Samples.FlurlFleet)]
        [InlineData(Samples.RestSharpFleet)]
        [InlineData(Samples.HandlerFleet)]
        [InlineData(Samples.RefitFleet)]
        public async Task A_library_client_after_migration_sends_key_requests_with_the_service_key_and_the_rest_with_the_api_key(string sample)
        {
            await AssertMigratedAsync(sample,
                "POST /v1/calls", "GET /v1/audit", "POST /v1/keys", "POST /v1/keys/{id}/rotate", "GET /v1/keys", "DELETE /v1/keys/{id}");
        }

        /// <summary>Issue 20: what each client library's sample must be found doing (and the migration fixed).</summary>
        [Fact]
        public async Task Every_finding_of_the_library_samples_is_reported_and_fixed()
        {
            await _fixture.MigratedAsync();
            using var report = System.Text.Json.JsonDocument.Parse(File.ReadAllText(_fixture.ReportPath));
            var found = report.RootElement.GetProperty("findings").EnumerateArray()
                .Where(f => f.GetProperty("project").GetString() is "FlurlFleet" or "RestSharpFleet" or "HandlerFleet" or "RefitFleet")
                .Select(f => $"{f.GetProperty("rule").GetString()} {f.GetProperty("file").GetString()}:{f.GetProperty("line").GetInt32()} fixed={f.GetProperty("fixed").GetBoolean()}")
                .Order(StringComparer.Ordinal)
                .ToArray();
            string[] Calls(string file, int mint, int rotate, int list, int revoke) =>
            [
                $"SAP001 {file}:{mint} fixed=True", $"SAP003 {file}:{mint} fixed=True",
                $"SAP001 {file}:{rotate} fixed=True", $"SAP003 {file}:{rotate} fixed=True",
                $"SAP001 {file}:{list} fixed=True", $"SAP001 {file}:{revoke} fixed=True",
            ];
            var expected = Calls("FlurlFleet/SaperlyFlurl.cs", 30, 37, 41, 45)
                .Concat(Calls("HandlerFleet/SaperlyClients.cs", 31, 37, 43, 49))
                .Concat(Calls("RefitFleet/Program.cs", 27, 30, 33, 36))
                .Concat(Calls("RestSharpFleet/SaperlyRest.cs", 39, 45, 50, 54))
                .Order(StringComparer.Ordinal)
                .ToArray();
            Assert.Equal(expected, found);
        }

        [Fact]
        public async Task StrictModels_after_migration_accepts_the_legacy_full_key()
        {
            var runs = await AssertMigratedAsync(Samples.StrictModels, "GET /v1/keys");
            Assert.Contains("key_legacy_test", runs[0].Process.StdOut);
        }

        private async Task<SampleRun[]> AssertMigratedAsync(string project, params string[] expectedOperations) =>
            await MigratedRuns.AssertAsync(await _fixture.MigratedAsync(), project, expectedOperations);
    }

    /// <summary>What every migrated sample must do against the stand-in, however it was migrated.</summary>
    public static class MigratedRuns
    {
        /// <summary>Runs the program twice and checks both runs (<see cref="AssertHealthy"/>) and that no Idempotency-Key repeats across them.</summary>
        public static async Task<SampleRun[]> AssertAsync(SampleHarness harness, string project, params string[] expectedOperations)
        {
            // Twice: a constant Idempotency-Key would turn the second run's mint into a replay (or a 409).
            var first = await harness.RunAsync(project);
            AssertHealthy(first, expectedOperations);
            var second = await harness.RunAsync(project);
            AssertHealthy(second, expectedOperations);

            var reused = first.MintAndRotate.Select(r => r.IdempotencyKey).Intersect(second.MintAndRotate.Select(r => r.IdempotencyKey)).ToList();
            Assert.True(reused.Count == 0, $"Idempotency-Key reused across two runs (a constant?): {string.Join(", ", reused)}\n{second}");
            return new[] { first, second };
        }

        public static void AssertHealthy(SampleRun run, IReadOnlyList<string> expectedOperations)
        {
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains($"{run.Project}: done", run.Process.StdOut);

            var failed = run.Requests.Where(r => r.Status >= 400).ToList();
            Assert.True(failed.Count == 0, "requests failed:\n" + run);

            foreach (var operation in expectedOperations)
            {
                var parts = operation.Split(' ');
                var pattern = new Regex("^" + Regex.Escape(parts[1]).Replace(Regex.Escape("{id}"), "[^/]+", StringComparison.Ordinal) + "$");
                Assert.True(run.Requests.Any(r => r.Method == parts[0] && pattern.IsMatch(r.Route)), $"no {operation} request:\n{run}");
            }

            Assert.All(run.KeyRequests, r => Assert.True(r.Tier == CredentialTier.ServiceKey, $"{r} should carry the service key\n{run}"));
            Assert.All(run.DataPlaneRequests, r => Assert.True(r.Tier == CredentialTier.ApiKey, $"{r} should carry an API key\n{run}"));

            var mintAndRotate = run.MintAndRotate.ToList();
            Assert.All(mintAndRotate, r => Assert.False(string.IsNullOrWhiteSpace(r.IdempotencyKey), $"{r} has no Idempotency-Key\n{run}"));
            var distinct = mintAndRotate.Select(r => r.IdempotencyKey).Distinct(StringComparer.Ordinal).Count();
            Assert.True(distinct == mintAndRotate.Count, $"one Idempotency-Key per mint/rotate expected\n{run}");
        }
    }
}

using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Saperly.Migration.StandIn;
using Saperly.Migration.Tool.Analysis;
using Saperly.Migration.Tool.Cli;
using Saperly.Migration.Tool.Verify;

namespace Saperly.Migration.EndToEnd.Tests
{
    /// <summary>
    /// <c>saperly-migrate verify</c> against the real v0.5.7.0 stand-in over loopback. The keys reach the tool
    /// through environment variables (unique names per run, removed afterwards), never through arguments.
    /// Most runs use the verify command with plain writers, so "no key in the output" is proven without the
    /// tool's redactor; one run goes through the tool's real entry point.
    /// </summary>
    public sealed class VerifyCommandTests : IClassFixture<StandInFixture>
    {
        private const string ApiKey = StandInFixture.ApiKey;
        private const string ServiceKey = StandInFixture.ServiceKey;
        private readonly StandInFixture _fixture;

        public VerifyCommandTests(StandInFixture fixture) => _fixture = fixture;

        private SaperlyStandIn Server => _fixture.Server;

        // ---- all four pass ---------------------------------------------------------------------

        [Fact]
        public async Task VerifyCommand_all_four_checks_pass_with_each_key_on_its_own_plane()
        {
            var mark = Server.RequestCount;
            var run = await VerifyAsync(Server.ApiBaseAddress, ApiKey, ServiceKey);

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(4, Lines(run, "PASS").Length);
            Assert.Contains("verify: all 4 checks passed", run.StdOut);
            Assert.Equal(string.Empty, run.StdErr);

            var requests = Server.RequestsSince(mark);
            Assert.True(requests.Count == 4, string.Join("\n", requests));
            AssertRequest(requests[0], "GET", "/api/v1/calls", CredentialTier.ApiKey, 200);
            Assert.Equal("?limit=1", requests[0].Query);
            AssertRequest(requests[1], "POST", "/api/v1/keys", CredentialTier.ServiceKey, 201);
            Assert.True(Guid.TryParse(requests[1].IdempotencyKey, out _), requests[1].ToString());
            var minted = MintedId(requests);
            AssertRequest(requests[2], "DELETE", "/api/v1/keys/" + minted, CredentialTier.ServiceKey, 200);
            AssertRequest(requests[3], "GET", "/api/v1/audit", CredentialTier.ApiKey, 200);
            Assert.Equal("?limit=10", requests[3].Query);
            Assert.Single(requests, r => r.IdempotencyKey is not null);
            Assert.Contains(requests[1].IdempotencyKey!, run.StdOut);

            await AssertRevokedAsync(minted, ServiceKey);
            Assert.Contains($"{minted} is revoked", run.StdOut);
            Assert.Contains("SAPERLY-TEST-API", run.StdOut);
            Assert.Contains("(sk_test_…, test)", run.StdOut);
            Assert.Contains("(sk_svc_test_…, test)", run.StdOut);
        }

        [Theory]
        [InlineData("api/")]
        [InlineData("api")]
        [InlineData("api/v1")]
        [InlineData("")]
        public async Task VerifyCommand_accepts_a_base_with_or_without_trailing_slash_api_or_v1(string basePath)
        {
            var baseUrl = Server.BaseAddress.GetLeftPart(UriPartial.Authority) + "/" + basePath;
            var mark = Server.RequestCount;
            var run = await VerifyAsync(new Uri(baseUrl), ApiKey, ServiceKey);

            Assert.True(run.ExitCode == 0, run.ToString());
            var requests = Server.RequestsSince(mark);
            Assert.Equal(new[] { "/v1/calls", "/v1/keys", "/v1/keys/" + MintedId(requests), "/v1/audit" }, requests.Select(r => r.Route));
        }

        [Fact]
        public async Task VerifyCommand_passes_with_a_live_pair()
        {
            var mark = Server.RequestCount;
            var run = await VerifyAsync(Server.ApiBaseAddress, StandInFixture.LiveApiKey, StandInFixture.LiveServiceKey);

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("(sk_live_…, live)", run.StdOut);
            var requests = Server.RequestsSince(mark);
            Assert.All(requests, r => Assert.StartsWith(r.Tier == CredentialTier.ApiKey ? "sk_live_" : "sk_svc_live_", r.KeyPrefix));
            await AssertRevokedAsync(MintedId(requests), StandInFixture.LiveServiceKey);
        }

        [Fact]
        public async Task VerifyCommand_through_the_tool_entry_point_registers_verify_and_documents_exit_codes()
        {
            var mark = Server.RequestCount;
            var run = await VerifyAsync(Server.ApiBaseAddress, ApiKey, ServiceKey, throughEntryPoint: true);
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(4, Server.RequestsSince(mark).Count);

            var help = await VerifyAsync(Server.ApiBaseAddress, null, null, throughEntryPoint: true, extra: new[] { "--help" });
            Assert.Equal(0, help.ExitCode);
            Assert.Contains("1  a check failed", help.StdOut);
            Assert.Contains("--api-key-variable", help.StdOut);
            Assert.Equal(mark + 4, Server.RequestCount);
        }

        // ---- refused before anything is sent ------------------------------------------------------

        [Theory]
        [InlineData(ServiceKey, ServiceKey, "holds a service key (sk_svc_test_…)")]
        [InlineData(ApiKey, ApiKey, "holds a regular API key (sk_test_…)")]
        [InlineData(ServiceKey, ApiKey, "holds a service key (sk_svc_test_…)")]
        [InlineData(StandInFixture.LiveApiKey, ServiceKey, "is a live key (sk_live_…) but")]
        [InlineData(ApiKey, StandInFixture.LiveServiceKey, "is a test key (sk_test_…) but")]
        [InlineData("pk_live_0123456789abcdef", ServiceKey, "does not hold a Saperly key")]
        [InlineData(ApiKey, "Bearer " + ServiceKey, "does not hold a Saperly key")]
        [InlineData("sk_test_", ServiceKey, "is not a well-formed key")]
        [InlineData("sk_test_abc def", ServiceKey, "is not a well-formed key")]
        public async Task VerifyCommand_refuses_a_wrong_tier_a_live_test_mismatch_or_a_non_key_and_sends_nothing(string apiKey, string serviceKey, string expected)
        {
            var mark = Server.RequestCount;
            var run = await VerifyAsync(Server.ApiBaseAddress, apiKey, serviceKey, secrets: new[] { apiKey, serviceKey, "0123456789abcdef" });

            AssertRefused(run, expected);
            Assert.Empty(Server.RequestsSince(mark));
        }

        [Theory]
        [InlineData(null, ServiceKey, "SAPERLY-TEST-API-", "is not set")]
        [InlineData(ApiKey, null, "SAPERLY-TEST-SVC-", "is not set")]
        [InlineData(" ", ServiceKey, "SAPERLY-TEST-API-", "is empty")]
        [InlineData(ApiKey, "\t\n", "SAPERLY-TEST-SVC-", "is empty")]
        public async Task VerifyCommand_refuses_a_missing_or_empty_variable_and_sends_nothing(string? apiKey, string? serviceKey, string variable, string expected)
        {
            var mark = Server.RequestCount;
            var run = await VerifyAsync(Server.ApiBaseAddress, apiKey, serviceKey);

            AssertRefused(run, expected);
            Assert.Matches($"error: {variable}[0-9a-f]{{8}} {expected}", run.StdErr);
            Assert.Empty(Server.RequestsSince(mark));
        }

        [Theory]
        [InlineData("--timeout", "0")]
        [InlineData("--timeout", "601")]
        [InlineData("--base-url", "ftp://saperly.com/api/")]
        [InlineData("--base-url", "saperly.com/api")]
        [InlineData("--base-url", "http://saperly.com/api/")]
        [InlineData("--base-url", "https://saperly.com/api/?x=1")]
        public async Task VerifyCommand_refuses_a_bad_option_and_sends_nothing(string option, string value)
        {
            var mark = Server.RequestCount;
            var run = await VerifyAsync(Server.ApiBaseAddress, ApiKey, ServiceKey, extra: new[] { option, value });

            AssertRefused(run, option);
            Assert.Empty(Server.RequestsSince(mark));
        }

        // ---- a check fails ------------------------------------------------------------------------

        [Fact]
        public async Task VerifyCommand_an_api_key_the_server_does_not_accept_fails_step_1_with_invalid_api_key()
        {
            const string Unknown = "sk_test_notissuedbythestandin42";
            var mark = Server.RequestCount;
            var run = await VerifyAsync(Server.ApiBaseAddress, Unknown, ServiceKey, secrets: new[] { Unknown, ServiceKey });

            Assert.True(run.ExitCode == 1, run.ToString());
            var step1 = Assert.Single(Lines(run, "FAIL  1."));
            Assert.Contains("-> 401 invalid_api_key", step1);
            Assert.Contains("-> 401 invalid_api_key", Assert.Single(Lines(run, "FAIL  4.")));
            Assert.Contains("verify: 2 of 4 checks failed", run.StdOut);

            // Mint and revoke are independent of the API key and still ran; the smoke-test key is revoked.
            var requests = Server.RequestsSince(mark);
            await AssertRevokedAsync(MintedId(requests), ServiceKey);
        }

        [Fact]
        public async Task VerifyCommand_a_service_key_the_server_does_not_accept_fails_step_2_and_revokes_nothing()
        {
            const string Unknown = "sk_svc_test_notissuedbythestandin42";
            var mark = Server.RequestCount;
            var run = await VerifyAsync(Server.ApiBaseAddress, ApiKey, Unknown, secrets: new[] { ApiKey, Unknown });

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains("-> 401 invalid_api_key", Assert.Single(Lines(run, "FAIL  2.")));
            Assert.Contains("nothing was minted, nothing to revoke", Assert.Single(Lines(run, "SKIP  3.")));
            Assert.Single(Lines(run, "PASS  1."));
            Assert.Single(Lines(run, "PASS  4."));
            Assert.Contains("verify: 1 of 4 checks failed, 1 skipped", run.StdOut);
            var requests = Server.RequestsSince(mark);
            Assert.DoesNotContain(requests, r => r.Method == "DELETE");
            Assert.Equal(new[] { "GET /v1/calls", "POST /v1/keys", "GET /v1/audit" }, requests.Select(r => r.Method + " " + r.Route));
        }

        [Fact]
        public async Task VerifyCommand_a_failing_audit_read_fails_step_4_with_the_server_error_code_and_the_key_is_revoked()
        {
            await using var proxy = await FaultyProxy.StartAsync(Server.BaseAddress, before: context =>
                context.Request.Path.Value!.EndsWith("/v1/audit", StringComparison.Ordinal)
                    ? FaultyProxy.ErrorAsync(context, 503, "audit_unavailable")
                    : null);
            var mark = Server.RequestCount;
            var run = await VerifyAsync(proxy.ApiBaseAddress, ApiKey, ServiceKey);

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains("-> 503 audit_unavailable", Assert.Single(Lines(run, "FAIL  4.")));
            Assert.Equal(3, Lines(run, "PASS").Length);
            var requests = Server.RequestsSince(mark);
            await AssertRevokedAsync(MintedId(requests), ServiceKey);
        }

        [Fact]
        public async Task VerifyCommand_a_mint_whose_answer_is_lost_is_replayed_with_the_same_idempotency_key_and_revoked()
        {
            var mints = 0;
            await using var proxy = await FaultyProxy.StartAsync(Server.BaseAddress, after: async context =>
            {
                // The stand-in minted the key; its answer never reaches the tool (which waits 1 s).
                if (context.Request.Method == "POST" && Interlocked.Increment(ref mints) == 1)
                {
                    await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
                }
            });
            var mark = Server.RequestCount;
            var run = await VerifyAsync(proxy.ApiBaseAddress, ApiKey, ServiceKey, extra: new[] { "--timeout", "1" });

            Assert.True(run.ExitCode == 0, run.ToString());
            var step2 = Assert.Single(Lines(run, "PASS  2."));
            Assert.Contains("no answer within 1 s", step2);
            Assert.Contains("a replay with the same Idempotency-Key answered 201", step2);

            var requests = Server.RequestsSince(mark);
            var posts = requests.Where(r => r.Method == "POST").ToArray();
            Assert.Equal(2, posts.Length);
            Assert.All(posts, p => Assert.Equal(201, p.Status));
            Assert.Equal(posts[0].IdempotencyKey, posts[1].IdempotencyKey);
            Assert.Equal(posts[0].BodySha256, posts[1].BodySha256);
            var minted = MintedId(requests);
            Assert.Single(requests, r => r.Method == "DELETE" && r.Status == 200);
            await AssertRevokedAsync(minted, ServiceKey);
        }

        [Fact]
        public async Task VerifyCommand_a_failed_revoke_names_the_key_still_active()
        {
            await using var proxy = await FaultyProxy.StartAsync(Server.BaseAddress, before: context =>
                context.Request.Method == "DELETE" ? FaultyProxy.ErrorAsync(context, 500, "internal_error") : null);
            var run = await VerifyAsync(proxy.ApiBaseAddress, ApiKey, ServiceKey);

            Assert.True(run.ExitCode == 1, run.ToString());
            var step3 = Assert.Single(Lines(run, "FAIL  3."));
            Assert.Contains("-> 500 internal_error", step3);
            Assert.Matches("key_[0-9a-f]+ is STILL ACTIVE: revoke it with DELETE /v1/keys/key_[0-9a-f]+", step3);
            Assert.Single(Lines(run, "PASS  4."));
        }

        [Fact]
        public async Task VerifyCommand_a_closed_port_is_a_one_line_failure_and_the_rest_is_skipped()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();

            var run = await VerifyAsync(new Uri($"http://127.0.0.1:{port}/api/"), ApiKey, ServiceKey, extra: new[] { "--timeout", "5" });

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains("-> no answer: ", Assert.Single(Lines(run, "FAIL  1.")));
            Assert.Equal(3, Lines(run, "SKIP").Length);
            Assert.DoesNotContain("   at ", run.StdOut + run.StdErr);
            Assert.Equal(string.Empty, run.StdErr);
        }

        [Fact]
        public async Task VerifyCommand_a_server_that_never_answers_times_out_per_request()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var accepted = new List<TcpClient>();
            var accepting = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        accepted.Add(await listener.AcceptTcpClientAsync());
                    }
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                }
            });

            var run = await VerifyAsync(new Uri($"http://127.0.0.1:{port}/api/"), ApiKey, ServiceKey, extra: new[] { "--timeout", "1" });
            listener.Stop();
            await accepting;
            accepted.ForEach(c => c.Dispose());

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains("-> no answer: no answer within 1 s from http://127.0.0.1:" + port, Assert.Single(Lines(run, "FAIL  1.")));
            Assert.DoesNotContain("   at ", run.StdOut + run.StdErr);
        }

        // ---- helpers ------------------------------------------------------------------------------

        private sealed record VerifyRun(int ExitCode, string StdOut, string StdErr)
        {
            public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
        }

        /// <summary>
        /// Runs <c>verify</c> with the keys in two fresh environment variables (null: not set). Asserts that no
        /// key, and no secret part of a key, appears in what it printed.
        /// </summary>
        private static async Task<VerifyRun> VerifyAsync(
            Uri baseUrl, string? apiKey, string? serviceKey, string[]? extra = null, bool throughEntryPoint = false, string[]? secrets = null)
        {
            var suffix = Guid.NewGuid().ToString("N").Substring(0, 8);
            var apiVariable = "SAPERLY-TEST-API-" + suffix;
            var serviceVariable = "SAPERLY-TEST-SVC-" + suffix;
            extra ??= Array.Empty<string>();
            var args = new List<string> { "verify", "--api-key-variable", apiVariable, "--service-key-variable", serviceVariable };
            if (!extra.Contains("--base-url"))
            {
                args.AddRange(new[] { "--base-url", baseUrl.ToString() });
            }

            args.AddRange(extra);

            Environment.SetEnvironmentVariable(apiVariable, apiKey);
            Environment.SetEnvironmentVariable(serviceVariable, serviceKey);
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int exit;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                if (throughEntryPoint)
                {
                    exit = await ToolCommandLine.RunAsync(args.ToArray(), stdout, stderr, new ToolServices { Rules = RuleCatalog.LoadDefault }, timeout.Token);
                }
                else
                {
                    // The verify command alone, with plain writers: nothing here redacts on its behalf.
                    var root = new RootCommand();
                    new VerifyCommand().AddTo(root);
                    var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
                    exit = await root.Parse(args.ToArray()).InvokeAsync(configuration, timeout.Token);
                }
            }
            finally
            {
                Environment.SetEnvironmentVariable(apiVariable, null);
                Environment.SetEnvironmentVariable(serviceVariable, null);
            }

            var run = new VerifyRun(exit, stdout.ToString(), stderr.ToString());
            var printed = run.StdOut + run.StdErr;
            foreach (var secret in (secrets ?? Array.Empty<string>()).Concat(new[] { apiKey, serviceKey, ApiKey, ServiceKey, StandInFixture.LiveApiKey, StandInFixture.LiveServiceKey }))
            {
                var secretPart = Regex.Replace(secret?.Trim() ?? string.Empty, "^(Bearer )?sk_(svc_)?(live|test)_", string.Empty);
                if (secretPart.Length == 0)
                {
                    continue; // nothing secret: empty, or a bare prefix
                }

                Assert.DoesNotContain(secret!.Trim(), printed);
                if (secretPart.Length >= 4)
                {
                    Assert.DoesNotContain(secretPart, printed);
                }
            }

            // Nothing shaped like a key beyond its prefix: covers the minted child's plaintext_key too.
            Assert.DoesNotMatch(@"sk_(svc_)?(live|test)_[A-Za-z0-9]", printed);
            return run;
        }

        private static string[] Lines(VerifyRun run, string start) =>
            run.StdOut.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith(start, StringComparison.Ordinal)).ToArray();

        private static void AssertRefused(VerifyRun run, string expected)
        {
            Assert.True(run.ExitCode == 2, run.ToString());
            Assert.Equal(string.Empty, run.StdOut);
            var line = Assert.Single(run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: ", line);
            Assert.Contains(expected, line);
        }

        private static void AssertRequest(RecordedRequest request, string method, string path, CredentialTier tier, int status)
        {
            Assert.True(request.Method == method && request.Path == path && request.Tier == tier && request.Status == status,
                $"expected {method} {path} {tier} {status}, got {request}");
        }

        private static string MintedId(IReadOnlyList<RecordedRequest> requests)
        {
            var delete = Assert.Single(requests, r => r.Method == "DELETE");
            return delete.Route.Substring("/v1/keys/".Length);
        }

        private async Task AssertRevokedAsync(string id, string serviceKey)
        {
            var reply = await Api.SendAsync(_fixture.Http, Server, HttpMethod.Get, "/v1/keys/" + id, serviceKey);
            Assert.True(reply.Status == 200, reply.ToString());
            Assert.Equal("migration-smoke-test", reply.Key.GetProperty("name").GetString());
            Assert.Equal("read_only", reply.Key.GetProperty("permissions").GetString());
            Assert.Equal(JsonValueKind.String, reply.Key.GetProperty("revoked_at").ValueKind);
        }

        /// <summary>
        /// A loopback reverse proxy in front of the stand-in, to make one step fail in a way the stand-in itself
        /// never does (an audit outage, a lost answer, a failing revoke). Everything else is forwarded unchanged.
        /// </summary>
        private sealed class FaultyProxy : IAsyncDisposable
        {
            private readonly WebApplication _app;
            private readonly HttpClient _client;

            private FaultyProxy(WebApplication app, HttpClient client, Uri address)
            {
                _app = app;
                _client = client;
                ApiBaseAddress = new Uri(address, "api/");
            }

            public Uri ApiBaseAddress { get; }

            public static Task ErrorAsync(HttpContext context, int status, string code) =>
                Results.Json(new { error = new { code, message = "injected by the test proxy" } }, statusCode: status).ExecuteAsync(context);

            /// <param name="before">Answers instead of the stand-in when it returns a task; null forwards.</param>
            /// <param name="after">Runs after the stand-in answered, before the answer is passed on.</param>
            public static async Task<FaultyProxy> StartAsync(Uri target, Func<HttpContext, Task?>? before = null, Func<HttpContext, Task>? after = null)
            {
                var client = new HttpClient();
                var builder = WebApplication.CreateSlimBuilder();
                builder.Logging.ClearProviders();
                builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
                var app = builder.Build();
                app.Run(async context =>
                {
                    if (before?.Invoke(context) is { } answered)
                    {
                        await answered;
                        return;
                    }

                    using var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(target, context.Request.Path.Value!.TrimStart('/') + context.Request.QueryString));
                    foreach (var header in new[] { "Authorization", "Idempotency-Key" })
                    {
                        if (context.Request.Headers.TryGetValue(header, out var value))
                        {
                            forward.Headers.TryAddWithoutValidation(header, value.ToString());
                        }
                    }

                    using var body = new MemoryStream();
                    await context.Request.Body.CopyToAsync(body);
                    if (body.Length > 0)
                    {
                        forward.Content = new ByteArrayContent(body.ToArray());
                        forward.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType);
                    }

                    using var response = await client.SendAsync(forward);
                    var bytes = await response.Content.ReadAsByteArrayAsync();
                    try
                    {
                        if (after is not null)
                        {
                            await after(context);
                        }
                    }
                    catch (OperationCanceledException)
                    {
                        return; // the client gave up waiting
                    }

                    context.Response.StatusCode = (int)response.StatusCode;
                    context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
                    await context.Response.Body.WriteAsync(bytes);
                });
                await app.StartAsync();
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                return new FaultyProxy(app, client, new Uri(address.TrimEnd('/') + "/"));
            }

            public async ValueTask DisposeAsync()
            {
                await _app.StopAsync();
                await _app.DisposeAsync();
                _client.Dispose();
            }
        }
    }
}

using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Saperly.Migration.StandIn;

namespace Saperly.Migration.EndToEnd.Tests
{
    /// <summary>Pins each rule of the v0.5.7.0 contract the stand-in enforces, with real HTTP over loopback.</summary>
    public sealed class StandInContractTests : IClassFixture<StandInFixture>
    {
        private const string ApiKey = StandInFixture.ApiKey;
        private const string ServiceKey = StandInFixture.ServiceKey;
        private readonly StandInFixture _fixture;

        public StandInContractTests(StandInFixture fixture) => _fixture = fixture;

        private Task<Reply> Send(HttpMethod method, string path, string? key, object? body = null, string? idempotencyKey = null, string? rawBody = null) =>
            Api.SendAsync(_fixture.Http, _fixture.Server, method, path, key, body, idempotencyKey, rawBody);

        private async Task<JsonElement> MintAsync(object? body = null, string key = ServiceKey)
        {
            var reply = await Send(HttpMethod.Post, "/v1/keys", key, body ?? new { name = "agent-" + Api.Fresh() }, Api.Fresh());
            Assert.True(reply.Status == 201, reply.ToString());
            return reply.Key;
        }

        private static void AssertError(Reply reply, int status, string code)
        {
            Assert.True(reply.Status == status && reply.ErrorCode == code, $"expected {status} {code}, got {reply}");
            Assert.Equal("application/json", reply.MediaType);
            Assert.False(string.IsNullOrEmpty(reply.Json.GetProperty("error").GetProperty("message").GetString()));
        }

        // ---- credential tiers ------------------------------------------------------------------

        [Fact]
        public async Task Missing_authorization_is_401_invalid_api_key()
        {
            AssertError(await Send(HttpMethod.Get, "/v1/calls", key: null), 401, ErrorCodes.InvalidApiKey);
            AssertError(await Send(HttpMethod.Get, "/v1/keys", key: null), 401, ErrorCodes.InvalidApiKey);
        }

        [Theory]
        [InlineData("pk_live_abc")]
        [InlineData("sk_abc")]
        [InlineData("")]
        [InlineData("rk_test_abc")]
        public async Task Key_that_is_neither_tier_is_401_invalid_api_key(string key)
        {
            AssertError(await Send(HttpMethod.Get, "/v1/calls", key), 401, ErrorCodes.InvalidApiKey);
            AssertError(await Send(HttpMethod.Get, "/v1/keys", key), 401, ErrorCodes.InvalidApiKey);
        }

        [Fact]
        public async Task Non_bearer_scheme_is_401_invalid_api_key()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_fixture.Server.BaseAddress, "v1/calls"));
            request.Headers.TryAddWithoutValidation("Authorization", "Basic " + ApiKey);
            using var response = await _fixture.Http.SendAsync(request);
            Assert.Equal(401, (int)response.StatusCode);
            Assert.Contains(ErrorCodes.InvalidApiKey, await response.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task Unknown_key_with_a_valid_prefix_is_401_invalid_api_key()
        {
            AssertError(await Send(HttpMethod.Get, "/v1/calls", "sk_test_not_issued_by_the_stand_in"), 401, ErrorCodes.InvalidApiKey);
            AssertError(await Send(HttpMethod.Get, "/v1/keys", "sk_svc_test_not_issued_by_the_stand_in"), 401, ErrorCodes.InvalidApiKey);
        }

        [Theory]
        [InlineData("POST", "/v1/calls")]
        [InlineData("GET", "/v1/calls?limit=1")]
        [InlineData("POST", "/v1/messages")]
        [InlineData("GET", "/v1/audit?limit=10")]
        [InlineData("GET", "/v1/lines")]
        [InlineData("GET", "/api/v1/billing/balance")]
        [InlineData("GET", "/v1/anything-else")]
        public async Task Service_key_on_a_data_plane_path_is_401_invalid_api_key(string method, string path)
        {
            var reply = await Send(new HttpMethod(method), path, ServiceKey, method == "POST" ? new { to_number = "+14155551234", body = "hi" } : null);
            AssertError(reply, 401, ErrorCodes.InvalidApiKey);
        }

        [Theory]
        [InlineData("GET", "/v1/keys")]
        [InlineData("POST", "/v1/keys")]
        [InlineData("GET", "/v1/keys/key_legacy_test")]
        [InlineData("PATCH", "/v1/keys/key_legacy_test")]
        [InlineData("DELETE", "/v1/keys/key_legacy_test")]
        [InlineData("POST", "/v1/keys/key_legacy_test/rotate")]
        [InlineData("POST", "/api/v1/keys")]
        public async Task Api_key_on_key_management_is_403_service_key_required(string method, string path)
        {
            var reply = await Send(new HttpMethod(method), path, ApiKey, new { name = "x", permissions = "full" }, Api.Fresh());
            AssertError(reply, 403, ErrorCodes.ServiceKeyRequired);
        }

        [Fact]
        public async Task Both_v1_and_api_v1_paths_are_served_and_others_are_404()
        {
            Assert.Equal(200, (await Send(HttpMethod.Get, "/v1/calls?limit=1", ApiKey)).Status);
            Assert.Equal(200, (await Send(HttpMethod.Get, "/api/v1/calls?limit=1", ApiKey)).Status);
            Assert.Equal(200, (await Send(HttpMethod.Get, "/api/v1/keys", ServiceKey)).Status);
            AssertError(await Send(HttpMethod.Get, "/v2/calls", ApiKey), 404, ErrorCodes.NotFound);
            AssertError(await Send(HttpMethod.Get, "/v1/no-such-resource", ApiKey), 404, ErrorCodes.NotFound);
        }

        // ---- Idempotency-Key -------------------------------------------------------------------

        [Fact]
        public async Task Mint_without_idempotency_key_is_400_missing_idempotency_key()
        {
            var reply = await Send(HttpMethod.Post, "/v1/keys", ServiceKey, new { name = "agent" }, idempotencyKey: null);
            AssertError(reply, 400, ErrorCodes.MissingIdempotencyKey);
        }

        [Fact]
        public async Task Rotate_without_idempotency_key_is_400_missing_idempotency_key()
        {
            var key = await MintAsync();
            var reply = await Send(HttpMethod.Post, $"/v1/keys/{key.GetProperty("id").GetString()}/rotate", ServiceKey, idempotencyKey: null);
            AssertError(reply, 400, ErrorCodes.MissingIdempotencyKey);
        }

        [Fact]
        public async Task Mint_replay_with_the_same_body_returns_the_same_key_without_plaintext()
        {
            var idem = Api.Fresh();
            var body = new { name = "agent-replay", permissions = "call_only" };
            var first = await Send(HttpMethod.Post, "/v1/keys", ServiceKey, body, idem);
            var replay = await Send(HttpMethod.Post, "/v1/keys", ServiceKey, body, idem);

            Assert.Equal(201, first.Status);
            Assert.StartsWith("sk_test_", first.Key.GetProperty("plaintext_key").GetString());
            Assert.Equal(201, replay.Status);
            Assert.Equal(first.Key.GetProperty("id").GetString(), replay.Key.GetProperty("id").GetString());
            Assert.False(replay.Key.TryGetProperty("plaintext_key", out _), replay.Text);
        }

        [Fact]
        public async Task Idempotency_key_reused_with_a_different_body_is_409_idempotency_key_reused()
        {
            var idem = Api.Fresh();
            Assert.Equal(201, (await Send(HttpMethod.Post, "/v1/keys", ServiceKey, new { name = "agent-a" }, idem)).Status);
            AssertError(await Send(HttpMethod.Post, "/v1/keys", ServiceKey, new { name = "agent-b" }, idem), 409, ErrorCodes.IdempotencyKeyReused);
        }

        [Fact]
        public async Task Rotate_replay_returns_the_same_new_key_without_plaintext_and_revokes_the_old_one()
        {
            var old = await MintAsync();
            var oldId = old.GetProperty("id").GetString();
            var idem = Api.Fresh();
            var first = await Send(HttpMethod.Post, $"/v1/keys/{oldId}/rotate", ServiceKey, idempotencyKey: idem);
            var replay = await Send(HttpMethod.Post, $"/v1/keys/{oldId}/rotate", ServiceKey, idempotencyKey: idem);

            Assert.Equal(201, first.Status);
            Assert.Equal(oldId, first.Key.GetProperty("rotated_from").GetString());
            Assert.StartsWith("sk_test_", first.Key.GetProperty("plaintext_key").GetString());
            Assert.Equal(201, replay.Status);
            Assert.Equal(first.Key.GetProperty("id").GetString(), replay.Key.GetProperty("id").GetString());
            Assert.False(replay.Key.TryGetProperty("plaintext_key", out _));

            var oldNow = await Send(HttpMethod.Get, $"/v1/keys/{oldId}", ServiceKey);
            Assert.NotEqual(JsonValueKind.Null, oldNow.Key.GetProperty("revoked_at").ValueKind);
            AssertError(await Send(HttpMethod.Get, "/v1/calls", old.GetProperty("plaintext_key").GetString()), 401, ErrorCodes.InvalidApiKey);
            Assert.Equal(200, (await Send(HttpMethod.Get, "/v1/calls", first.Key.GetProperty("plaintext_key").GetString())).Status);
        }

        [Fact]
        public async Task A_rejected_mint_does_not_consume_its_idempotency_key()
        {
            var idem = Api.Fresh();
            AssertError(await Send(HttpMethod.Post, "/v1/keys", ServiceKey, new { name = "agent", permissions = "legacy_full" }, idem), 422, ErrorCodes.InvalidPermissions);
            Assert.Equal(201, (await Send(HttpMethod.Post, "/v1/keys", ServiceKey, new { name = "agent", permissions = "full" }, idem)).Status);
        }

        [Fact]
        public async Task Same_idempotency_key_while_the_first_request_runs_is_409_idempotency_in_progress()
        {
            await using var slow = await SaperlyStandIn.StartNewAsync(new StandInOptions { KeyOperationDelay = TimeSpan.FromMilliseconds(800) });
            var idem = Api.Fresh();
            var body = new { name = "agent-slow" };
            var first = Api.SendAsync(_fixture.Http, slow, HttpMethod.Post, "/v1/keys", StandInOptions.DefaultServiceKey, body, idem);
            await Task.Delay(200);
            var second = await Api.SendAsync(_fixture.Http, slow, HttpMethod.Post, "/v1/keys", StandInOptions.DefaultServiceKey, body, idem);

            AssertError(second, 409, ErrorCodes.IdempotencyInProgress);
            Assert.Equal(201, (await first).Status);
        }

        [Fact]
        public async Task Idempotency_key_is_forgotten_after_the_window()
        {
            var clock = new ManualClock(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
            await using var server = await SaperlyStandIn.StartNewAsync(new StandInOptions { TimeProvider = clock });
            var idem = Api.Fresh();
            Assert.Equal(201, (await Api.SendAsync(_fixture.Http, server, HttpMethod.Post, "/v1/keys", StandInOptions.DefaultServiceKey, new { name = "a" }, idem)).Status);

            clock.Advance(TimeSpan.FromHours(23));
            AssertError(await Api.SendAsync(_fixture.Http, server, HttpMethod.Post, "/v1/keys", StandInOptions.DefaultServiceKey, new { name = "b" }, idem), 409, ErrorCodes.IdempotencyKeyReused);

            clock.Advance(TimeSpan.FromHours(2));
            var later = await Api.SendAsync(_fixture.Http, server, HttpMethod.Post, "/v1/keys", StandInOptions.DefaultServiceKey, new { name = "b" }, idem);
            Assert.Equal(201, later.Status);
            Assert.True(later.Key.TryGetProperty("plaintext_key", out _));
        }

        [Fact]
        public async Task Mints_and_rotations_beyond_the_hourly_limit_are_429()
        {
            await using var server = await SaperlyStandIn.StartNewAsync(new StandInOptions { MintsPerHour = 2, RotationsPerHour = 1 });
            Task<Reply> Mint(string name, string idem) =>
                Api.SendAsync(_fixture.Http, server, HttpMethod.Post, "/v1/keys", StandInOptions.DefaultServiceKey, new { name }, idem);

            var idem1 = Api.Fresh();
            var one = await Mint("one", idem1);
            Assert.Equal(201, one.Status);
            Assert.Equal(201, (await Mint("one", idem1)).Status); // a replay is not a new mint
            Assert.Equal(201, (await Mint("two", Api.Fresh())).Status);
            AssertError(await Mint("three", Api.Fresh()), 429, ErrorCodes.RateLimited);

            var id = one.Key.GetProperty("id").GetString();
            var rotated = await Api.SendAsync(_fixture.Http, server, HttpMethod.Post, $"/v1/keys/{id}/rotate", StandInOptions.DefaultServiceKey, null, Api.Fresh());
            Assert.Equal(201, rotated.Status);
            var newId = rotated.Key.GetProperty("id").GetString();
            AssertError(await Api.SendAsync(_fixture.Http, server, HttpMethod.Post, $"/v1/keys/{newId}/rotate", StandInOptions.DefaultServiceKey, null, Api.Fresh()), 429, ErrorCodes.RateLimited);
        }

        // ---- permission tiers ------------------------------------------------------------------

        [Theory]
        [InlineData("\"legacy_full\"")]
        [InlineData("\"admin\"")]
        [InlineData("\"FULL\"")]
        [InlineData("\"\"")]
        [InlineData("3")]
        [InlineData("null")]
        public async Task Mint_with_a_permission_that_cannot_be_set_is_422(string permissionsJson)
        {
            var reply = await Send(HttpMethod.Post, "/v1/keys", ServiceKey, idempotencyKey: Api.Fresh(),
                rawBody: $"{{\"name\":\"agent\",\"permissions\":{permissionsJson}}}");
            AssertError(reply, 422, ErrorCodes.InvalidPermissions);
        }

        [Theory]
        [InlineData("full")]
        [InlineData("call_only")]
        [InlineData("sms_only")]
        [InlineData("read_only")]
        public async Task Mint_accepts_each_settable_tier(string tier)
        {
            var key = await MintAsync(new { name = "agent-" + tier, permissions = tier, monthly_cap_cents = 500 });
            Assert.Equal(tier, key.GetProperty("permissions").GetString());
            Assert.Equal(500, key.GetProperty("monthly_cap_cents").GetInt32());
        }

        [Fact]
        public async Task Mint_defaults_permissions_to_full_and_returns_the_documented_record()
        {
            var key = await MintAsync(new { name = "agent-default", agent_label = "fleet/7", line_id = "550e8400-e29b-41d4-a716-446655440000" });
            Assert.Equal("full", key.GetProperty("permissions").GetString());
            foreach (var field in new[]
            {
                "id", "key_prefix", "environment", "name", "agent_label", "line_id", "permissions", "monthly_cap_cents",
                "monthly_spend_cents", "created_at", "revoked_at", "last_used_at", "rotated_from", "created_by_service_key_id", "plaintext_key",
            })
            {
                Assert.True(key.TryGetProperty(field, out _), $"key record lacks {field}: {key}");
            }

            Assert.Equal("test", key.GetProperty("environment").GetString());
            Assert.StartsWith(key.GetProperty("key_prefix").GetString()!, key.GetProperty("plaintext_key").GetString());
        }

        [Fact]
        public async Task Patch_with_legacy_full_is_422_and_a_settable_tier_is_accepted()
        {
            var id = (await MintAsync()).GetProperty("id").GetString();
            AssertError(await Send(HttpMethod.Patch, $"/v1/keys/{id}", ServiceKey, new { permissions = "legacy_full" }), 422, ErrorCodes.InvalidPermissions);
            var ok = await Send(HttpMethod.Patch, $"/v1/keys/{id}", ServiceKey, new { permissions = "read_only", monthly_cap_cents = 100 });
            Assert.Equal(200, ok.Status);
            Assert.Equal("read_only", ok.Key.GetProperty("permissions").GetString());
        }

        [Fact]
        public async Task Mint_without_a_name_is_422_and_malformed_json_is_400()
        {
            AssertError(await Send(HttpMethod.Post, "/v1/keys", ServiceKey, new { permissions = "full" }, Api.Fresh()), 422, ErrorCodes.InvalidRequest);
            AssertError(await Send(HttpMethod.Post, "/v1/keys", ServiceKey, idempotencyKey: Api.Fresh(), rawBody: "{not json"), 400, ErrorCodes.InvalidJson);
        }

        // ---- key list and lifecycle --------------------------------------------------------------

        [Fact]
        public async Task Key_list_always_contains_one_pre_0570_key_with_legacy_full()
        {
            await MintAsync();
            var list = await Send(HttpMethod.Get, "/v1/keys", ServiceKey);
            Assert.Equal(200, list.Status);
            var keys = list.Json.GetProperty("keys").EnumerateArray().ToList();
            Assert.Single(keys, k => k.GetProperty("permissions").GetString() == "legacy_full");
            Assert.True(list.Json.GetProperty("total").GetInt32() >= 2);
            Assert.All(keys, k => Assert.False(k.TryGetProperty("plaintext_key", out _)));

            var firstPage = await Send(HttpMethod.Get, "/v1/keys?limit=1&offset=0", ServiceKey);
            Assert.Single(firstPage.Json.GetProperty("keys").EnumerateArray());
            Assert.Equal("legacy_full", firstPage.Json.GetProperty("keys")[0].GetProperty("permissions").GetString());
        }

        [Fact]
        public async Task Get_patch_and_delete_one_key()
        {
            var id = (await MintAsync(new { name = "agent-life" })).GetProperty("id").GetString();
            var got = await Send(HttpMethod.Get, $"/v1/keys/{id}", ServiceKey);
            Assert.Equal("agent-life", got.Key.GetProperty("name").GetString());
            Assert.False(got.Key.TryGetProperty("plaintext_key", out _));

            var patched = await Send(HttpMethod.Patch, $"/v1/keys/{id}", ServiceKey, new { name = "agent-renamed" });
            Assert.Equal("agent-renamed", patched.Key.GetProperty("name").GetString());

            var deleted = await Send(HttpMethod.Delete, $"/v1/keys/{id}", ServiceKey);
            Assert.Equal(200, deleted.Status);
            Assert.NotEqual(JsonValueKind.Null, deleted.Key.GetProperty("revoked_at").ValueKind);
            AssertError(await Send(HttpMethod.Patch, $"/v1/keys/{id}", ServiceKey, new { name = "x" }), 409, ErrorCodes.KeyRevoked);
            AssertError(await Send(HttpMethod.Post, $"/v1/keys/{id}/rotate", ServiceKey, idempotencyKey: Api.Fresh()), 409, ErrorCodes.KeyRevoked);
            AssertError(await Send(HttpMethod.Get, "/v1/keys/key_does_not_exist", ServiceKey), 404, ErrorCodes.KeyNotFound);
        }

        // ---- child keys, live and test ---------------------------------------------------------

        [Fact]
        public async Task Minted_child_key_is_a_real_api_key_on_the_data_plane_and_not_on_keys()
        {
            var key = await MintAsync(new { name = "agent-child", permissions = "call_only" });
            var plaintext = key.GetProperty("plaintext_key").GetString();
            Assert.StartsWith("sk_test_", plaintext);
            Assert.Equal("svc_0001", key.GetProperty("created_by_service_key_id").GetString());

            Assert.Equal(201, (await Send(HttpMethod.Post, "/v1/calls", plaintext, new { line_id = "550e8400-e29b-41d4-a716-446655440000", to_number = "+14155551234" })).Status);
            AssertError(await Send(HttpMethod.Get, "/v1/keys", plaintext), 403, ErrorCodes.ServiceKeyRequired);

            var after = await Send(HttpMethod.Get, $"/v1/keys/{key.GetProperty("id").GetString()}", ServiceKey);
            Assert.NotEqual(JsonValueKind.Null, after.Key.GetProperty("last_used_at").ValueKind);

            await Send(HttpMethod.Delete, $"/v1/keys/{key.GetProperty("id").GetString()}", ServiceKey);
            AssertError(await Send(HttpMethod.Get, "/v1/calls", plaintext), 401, ErrorCodes.InvalidApiKey);
        }

        [Fact]
        public async Task Live_and_test_keys_are_never_interchangeable()
        {
            var live = await MintAsync(new { name = "agent-live" }, StandInFixture.LiveServiceKey);
            Assert.StartsWith("sk_live_", live.GetProperty("plaintext_key").GetString());
            Assert.Equal("live", live.GetProperty("environment").GetString());

            AssertError(await Send(HttpMethod.Post, "/v1/keys", ServiceKey, new { name = "x", environment = "live" }, Api.Fresh()), 422, ErrorCodes.EnvironmentMismatch);
            AssertError(await Send(HttpMethod.Post, "/v1/keys", StandInFixture.LiveServiceKey, new { name = "x", environment = "test" }, Api.Fresh()), 422, ErrorCodes.EnvironmentMismatch);
            AssertError(await Send(HttpMethod.Get, $"/v1/keys/{live.GetProperty("id").GetString()}", ServiceKey), 404, ErrorCodes.KeyNotFound);

            var testList = await Send(HttpMethod.Get, "/v1/keys?limit=100", ServiceKey);
            Assert.All(testList.Json.GetProperty("keys").EnumerateArray(), k => Assert.Equal("test", k.GetProperty("environment").GetString()));
        }

        [Fact]
        public void Options_reject_a_key_of_the_wrong_tier()
        {
            Assert.Throws<ArgumentException>(() => new SaperlyStandIn(new StandInOptions { ApiKeys = new[] { "sk_svc_test_x" } }));
            Assert.Throws<ArgumentException>(() => new SaperlyStandIn(new StandInOptions { ServiceKeys = new[] { "sk_test_x" } }));
        }

        // ---- data plane --------------------------------------------------------------------------

        [Fact]
        public async Task Calls_can_be_placed_listed_fetched_and_hung_up()
        {
            var created = await Send(HttpMethod.Post, "/api/v1/calls", ApiKey, new { line_id = "550e8400-e29b-41d4-a716-446655440000", to_number = "+14155551234" }, Api.Fresh());
            Assert.Equal(201, created.Status);
            var id = created.Json.GetProperty("id").GetString();
            Assert.Equal("queued", created.Json.GetProperty("status").GetString());

            var list = await Send(HttpMethod.Get, "/v1/calls?limit=100", ApiKey);
            Assert.Contains(list.Json.GetProperty("calls").EnumerateArray(), c => c.GetProperty("id").GetString() == id);
            Assert.Equal(id, (await Send(HttpMethod.Get, $"/v1/calls/{id}", ApiKey)).Json.GetProperty("id").GetString());
            Assert.Equal("completed", (await Send(HttpMethod.Post, $"/v1/calls/{id}/hangup", ApiKey)).Json.GetProperty("status").GetString());
            AssertError(await Send(HttpMethod.Post, "/v1/calls", ApiKey, new { line_id = "x" }), 422, ErrorCodes.InvalidRequest);
        }

        [Fact]
        public async Task Messages_and_lines_answer_plausibly()
        {
            var sms = await Send(HttpMethod.Post, "/v1/messages", ApiKey, new { line_id = "550e8400-e29b-41d4-a716-446655440000", to_number = "+14155551234", body = "hello" });
            Assert.Equal(201, sms.Status);
            Assert.StartsWith("msg_", sms.Json.GetProperty("id").GetString());

            var lines = await Send(HttpMethod.Get, "/v1/lines", ApiKey);
            Assert.Contains(lines.Json.GetProperty("lines").EnumerateArray(), l => l.GetProperty("id").GetString() == "550e8400-e29b-41d4-a716-446655440000");
            var line = await Send(HttpMethod.Post, "/v1/lines", ApiKey, new { name = "support" });
            Assert.Equal(201, line.Status);
            var lineId = line.Json.GetProperty("id").GetString();
            Assert.Equal(201, (await Send(HttpMethod.Post, $"/v1/lines/{lineId}/sms", ApiKey, new { to_number = "+14155551234", body = "hi" })).Status);
            Assert.Equal("released", (await Send(HttpMethod.Delete, $"/v1/lines/{lineId}", ApiKey)).Json.GetProperty("status").GetString());
        }

        [Fact]
        public async Task Reading_the_audit_log_writes_an_audit_read_event_seen_on_the_next_read()
        {
            var first = await Send(HttpMethod.Get, "/v1/audit?limit=100", ApiKey);
            Assert.Equal(200, first.Status);
            var firstIds = first.Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToHashSet();

            var second = await Send(HttpMethod.Get, "/api/v1/audit?limit=100", ApiKey);
            var newest = second.Json.GetProperty("events").EnumerateArray().Where(e => !firstIds.Contains(e.GetProperty("id").GetString())).ToList();
            Assert.Contains(newest, e => e.GetProperty("type").GetString() == "audit_read" && e.GetProperty("actor_key_id").GetString() == "key_portal_0001");
        }

        // ---- the request log -------------------------------------------------------------------

        [Fact]
        public async Task Every_request_is_recorded_with_tier_prefix_and_idempotency_key_but_never_the_secret()
        {
            var server = _fixture.Server;
            var mark = server.RequestCount;
            var idem = Api.Fresh();
            await Send(HttpMethod.Post, "/api/v1/keys", ServiceKey, new { name = "agent-log" }, idem);
            await Send(HttpMethod.Get, "/v1/audit?limit=10", ApiKey);
            await Send(HttpMethod.Get, "/v1/keys", ApiKey);
            await Send(HttpMethod.Get, "/v1/calls", key: null);

            var mine = server.RequestsSince(mark).Where(r => r.IdempotencyKey == idem || r.Route is "/v1/audit" or "/v1/keys" or "/v1/calls").ToList();
            var mint = Assert.Single(mine, r => r.IdempotencyKey == idem);
            Assert.Equal(("POST", "/api/v1/keys", "/v1/keys", CredentialTier.ServiceKey, "sk_svc_test_", "svc_0001", 201),
                (mint.Method, mint.Path, mint.Route, mint.Tier, mint.KeyPrefix, mint.KeyId, mint.Status));
            Assert.True(mint.IsKeyManagement);
            Assert.NotNull(mint.BodySha256);

            Assert.Contains(mine, r => r.Route == "/v1/audit" && r.Query == "?limit=10" && r.Tier == CredentialTier.ApiKey && r.KeyPrefix == "sk_test_" && r.Status == 200);
            Assert.Contains(mine, r => r.Route == "/v1/keys" && r.Method == "GET" && r.Tier == CredentialTier.ApiKey && r.Status == 403 && r.ErrorCode == ErrorCodes.ServiceKeyRequired);
            Assert.Contains(mine, r => r.Route == "/v1/calls" && r.Tier == CredentialTier.None && r.KeyPrefix is null && r.Status == 401);

            var everything = string.Join("\n", server.Requests.Select(r => r.ToString() + " " + JsonSerializer.Serialize(r)));
            Assert.DoesNotContain(ApiKey, everything);
            Assert.DoesNotContain(ServiceKey, everything);
        }
    }

    /// <summary>A clock a test moves by hand.</summary>
    public sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now;

        public ManualClock(DateTimeOffset start) => _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}

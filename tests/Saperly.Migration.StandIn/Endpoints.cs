using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Saperly.Migration.StandIn
{
    /// <summary>The stand-in's routes. Authentication and the tier of each plane are enforced before these run.</summary>
    internal static class Endpoints
    {
        private static readonly string[] SettablePermissions = { "full", "call_only", "sms_only", "read_only" };

        internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        };

        public static void Map(WebApplication app, SaperlyStandIn standIn)
        {
            var v1 = app.MapGroup("/v1");

            // Key management (service key only).
            v1.MapGet("/keys", (HttpContext c) => ListKeys(c, standIn));
            // A cast to Delegate: a Func<HttpContext, Task<IResult>> would bind as a RequestDelegate and drop the result.
            v1.MapPost("/keys", (Delegate)((HttpContext c) => MintOrRotateAsync(c, standIn, rotateId: null)));
            v1.MapGet("/keys/{id}", (HttpContext c, string id) => GetKey(c, standIn, id));
            v1.MapPatch("/keys/{id}", (HttpContext c, string id) => UpdateKey(c, standIn, id));
            v1.MapDelete("/keys/{id}", (HttpContext c, string id) => RevokeKey(c, standIn, id));
            v1.MapPost("/keys/{id}/rotate", (HttpContext c, string id) => MintOrRotateAsync(c, standIn, rotateId: id));

            // Data plane (API key only).
            v1.MapPost("/calls", (HttpContext c) => CreateCall(c, standIn));
            v1.MapGet("/calls", (HttpContext c) => ListCalls(c, standIn));
            v1.MapGet("/calls/{id}", (HttpContext c, string id) => GetCall(c, standIn, id, hangup: false));
            v1.MapPost("/calls/{id}/hangup", (HttpContext c, string id) => GetCall(c, standIn, id, hangup: true));
            v1.MapPost("/messages", (HttpContext c) => SendMessage(c, standIn, lineId: null));
            v1.MapGet("/audit", (HttpContext c) => ReadAudit(c, standIn));
            v1.MapGet("/lines", (HttpContext c) => ListLines(c, standIn));
            v1.MapPost("/lines", (HttpContext c) => CreateLine(c, standIn));
            v1.MapGet("/lines/{id}", (HttpContext c, string id) => LineById(c, standIn, id, release: false));
            v1.MapDelete("/lines/{id}", (HttpContext c, string id) => LineById(c, standIn, id, release: true));
            v1.MapPost("/lines/{id}/sms", (HttpContext c, string id) => SendMessage(c, standIn, lineId: id));
            v1.MapGet("/billing/balance", (HttpContext c) => Ok(new { balance_cents = 10_000, currency = "usd" }));

            app.MapFallback((HttpContext c) => Error(c, 404, ErrorCodes.NotFound, $"No endpoint {c.Request.Method} {c.Request.Path}."));
        }

        // ---- errors and bodies ------------------------------------------------------------------

        public static IResult Error(HttpContext context, int status, string code, string message)
        {
            context.Items[SaperlyStandIn.ErrorCodeItem] = code;
            return Results.Json(new { error = new { code, message } }, Json, statusCode: status);
        }

        public static Task ErrorAsync(HttpContext context, int status, string code, string message) =>
            Error(context, status, code, message).ExecuteAsync(context);

        private static IResult Ok(object value, int status = 200) => Results.Json(value, Json, statusCode: status);

        private static Principal Caller(HttpContext context) => (Principal)context.Items[SaperlyStandIn.PrincipalItem]!;

        private static byte[] Body(HttpContext context) =>
            context.Items.TryGetValue(SaperlyStandIn.BodyHashItem, out var body) && body is byte[] bytes ? bytes : Array.Empty<byte>();

        /// <summary>The body as a JSON object; an empty body is an empty object. Null (and an error result) when malformed.</summary>
        private static JsonElement? ReadObject(HttpContext context, out IResult? error)
        {
            error = null;
            var bytes = Body(context);
            if (bytes.Length == 0)
            {
                return JsonDocument.Parse("{}").RootElement.Clone();
            }

            try
            {
                using var document = JsonDocument.Parse(bytes);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    return document.RootElement.Clone();
                }
            }
            catch (JsonException)
            {
            }

            error = Error(context, 400, ErrorCodes.InvalidJson, "The request body must be a JSON object.");
            return null;
        }

        private static bool TryOptionalString(JsonElement body, string name, out string? value, out bool present)
        {
            value = null;
            present = body.TryGetProperty(name, out var element);
            if (!present || element.ValueKind == JsonValueKind.Null)
            {
                return true;
            }

            if (element.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            value = element.GetString();
            return true;
        }

        private static string NewId(string prefix) => prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();

        private static int Limit(HttpContext context, int fallback = 20)
        {
            var raw = context.Request.Query["limit"].ToString();
            return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit) ? Math.Clamp(limit, 1, 100) : fallback;
        }

        private static int Offset(HttpContext context)
        {
            var raw = context.Request.Query["offset"].ToString();
            return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var offset) ? Math.Max(0, offset) : 0;
        }

        // ---- key management ------------------------------------------------------------------

        /// <summary>The writable fields of a key, validated (POST and PATCH share the rules).</summary>
        private sealed record KeyFields(
            string? Name, bool HasName,
            string? AgentLabel, bool HasAgentLabel,
            string? LineId, bool HasLineId,
            string? Permissions, bool HasPermissions,
            long? MonthlyCapCents, bool HasMonthlyCap,
            string? Environment);

        private static KeyFields? ReadKeyFields(HttpContext context, JsonElement body, out IResult? error)
        {
            error = null;
            if (!TryOptionalString(body, "name", out var name, out var hasName)
                || !TryOptionalString(body, "agent_label", out var label, out var hasLabel)
                || !TryOptionalString(body, "line_id", out var lineId, out var hasLine)
                || !TryOptionalString(body, "environment", out var environment, out _))
            {
                error = Error(context, 422, ErrorCodes.InvalidRequest, "name, agent_label, line_id and environment must be strings.");
                return null;
            }

            string? permissions = null;
            var hasPermissions = body.TryGetProperty("permissions", out var p);
            if (hasPermissions)
            {
                permissions = p.ValueKind == JsonValueKind.String ? p.GetString() : null;
                if (permissions is null || !SettablePermissions.Contains(permissions, StringComparer.Ordinal))
                {
                    error = Error(context, 422, ErrorCodes.InvalidPermissions,
                        $"permissions must be one of {string.Join(", ", SettablePermissions)}; got {p.GetRawText()}. legacy_full is returned for old keys but cannot be set.");
                    return null;
                }
            }

            long? cap = null;
            var hasCap = body.TryGetProperty("monthly_cap_cents", out var c) && c.ValueKind != JsonValueKind.Null;
            if (hasCap)
            {
                if (c.ValueKind != JsonValueKind.Number || !c.TryGetInt64(out var value) || value < 0)
                {
                    error = Error(context, 422, ErrorCodes.InvalidRequest, "monthly_cap_cents must be a non-negative integer.");
                    return null;
                }

                cap = value;
            }

            if (environment is not null && environment != "test" && environment != "live")
            {
                error = Error(context, 422, ErrorCodes.InvalidRequest, "environment must be test or live.");
                return null;
            }

            return new KeyFields(name, hasName, label, hasLabel, lineId, hasLine, permissions, hasPermissions, cap, hasCap, environment);
        }

        private static IResult ListKeys(HttpContext context, SaperlyStandIn standIn)
        {
            var caller = Caller(context);
            lock (standIn.State.Gate)
            {
                var keys = standIn.State.KeysById.Values
                    .Where(k => k.Listed && k.Environment == caller.Environment)
                    .OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal)
                    .ToList();
                var page = keys.Skip(Offset(context)).Take(Limit(context)).Select(k => k.ToDto(withPlaintext: false)).ToList();
                return Ok(new { keys = page, total = keys.Count });
            }
        }

        private static StoredKey? FindKey(SaperlyStandIn standIn, Principal caller, string id) =>
            standIn.State.KeysById.TryGetValue(id, out var key) && key.Listed && key.Environment == caller.Environment ? key : null;

        private static IResult GetKey(HttpContext context, SaperlyStandIn standIn, string id)
        {
            lock (standIn.State.Gate)
            {
                var key = FindKey(standIn, Caller(context), id);
                return key is null
                    ? Error(context, 404, ErrorCodes.KeyNotFound, $"No key {id}.")
                    : Ok(new { key = key.ToDto(withPlaintext: false) });
            }
        }

        private static IResult UpdateKey(HttpContext context, SaperlyStandIn standIn, string id)
        {
            var body = ReadObject(context, out var error);
            if (body is null)
            {
                return error!;
            }

            var fields = ReadKeyFields(context, body.Value, out error);
            if (fields is null)
            {
                return error!;
            }

            var caller = Caller(context);
            lock (standIn.State.Gate)
            {
                var key = FindKey(standIn, caller, id);
                if (key is null)
                {
                    return Error(context, 404, ErrorCodes.KeyNotFound, $"No key {id}.");
                }

                if (key.RevokedAt is not null)
                {
                    return Error(context, 409, ErrorCodes.KeyRevoked, $"Key {id} is revoked.");
                }

                if (fields.HasName)
                {
                    if (string.IsNullOrWhiteSpace(fields.Name))
                    {
                        return Error(context, 422, ErrorCodes.InvalidRequest, "name cannot be empty.");
                    }

                    key.Name = fields.Name;
                }

                if (fields.HasAgentLabel)
                {
                    key.AgentLabel = fields.AgentLabel;
                }

                if (fields.HasLineId)
                {
                    key.LineId = fields.LineId;
                }

                if (fields.HasPermissions)
                {
                    key.Permissions = fields.Permissions!;
                }

                if (fields.HasMonthlyCap)
                {
                    key.MonthlyCapCents = fields.MonthlyCapCents;
                }

                AddAudit(standIn, caller, "key.updated", key.Id);
                return Ok(new { key = key.ToDto(withPlaintext: false) });
            }
        }

        private static IResult RevokeKey(HttpContext context, SaperlyStandIn standIn, string id)
        {
            var caller = Caller(context);
            lock (standIn.State.Gate)
            {
                var key = FindKey(standIn, caller, id);
                if (key is null)
                {
                    return Error(context, 404, ErrorCodes.KeyNotFound, $"No key {id}.");
                }

                if (key.RevokedAt is null)
                {
                    key.RevokedAt = standIn.Now;
                    AddAudit(standIn, caller, "key.revoked", key.Id);
                }

                return Ok(new { key = key.ToDto(withPlaintext: false) });
            }
        }

        /// <summary>POST /v1/keys and POST /v1/keys/{id}/rotate: Idempotency-Key, rate limit, validation, creation.</summary>
        private static async Task<IResult> MintOrRotateAsync(HttpContext context, SaperlyStandIn standIn, string? rotateId)
        {
            var caller = Caller(context);
            var state = standIn.State;
            var operation = rotateId is null ? "mint" : "rotate";
            var idempotencyKey = context.Request.Headers["Idempotency-Key"].ToString();
            if (string.IsNullOrWhiteSpace(idempotencyKey))
            {
                return Error(context, 400, ErrorCodes.MissingIdempotencyKey,
                    $"POST {context.Request.Path} requires an Idempotency-Key header: one fresh value per operation, reused only to retry it.");
            }

            var fingerprint = context.Request.Method + " " + context.Request.Path + " " +
                Convert.ToHexString(SHA256.HashData(Body(context)));
            var slot = (caller.KeyId, idempotencyKey);
            IdempotencyEntry claimed;
            lock (state.Gate)
            {
                var now = standIn.Now;
                if (state.Idempotency.TryGetValue(slot, out var existing) && now - existing.CreatedAt < standIn.Options.IdempotencyWindow)
                {
                    if (!string.Equals(existing.Fingerprint, fingerprint, StringComparison.Ordinal))
                    {
                        return Error(context, 409, ErrorCodes.IdempotencyKeyReused,
                            "This Idempotency-Key was used with a different request within 24 hours; use a fresh key per operation.");
                    }

                    if (existing.State == IdempotencyState.InProgress)
                    {
                        return Error(context, 409, ErrorCodes.IdempotencyInProgress, "A request with this Idempotency-Key is still running; retry later.");
                    }

                    // Replay: the same record, without the plaintext (shown once only).
                    return Ok(new { key = state.KeysById[existing.ResultKeyId!].ToDto(withPlaintext: false) }, 201);
                }

                var limit = rotateId is null ? standIn.Options.MintsPerHour : standIn.Options.RotationsPerHour;
                if (!state.RateWindows.TryGetValue((caller.KeyId, operation), out var window))
                {
                    window = new List<DateTimeOffset>();
                    state.RateWindows[(caller.KeyId, operation)] = window;
                }

                window.RemoveAll(t => now - t >= TimeSpan.FromHours(1));
                if (window.Count >= limit)
                {
                    return Error(context, 429, ErrorCodes.RateLimited, $"At most {limit} {operation}s per hour per service key.");
                }

                claimed = new IdempotencyEntry { Fingerprint = fingerprint, CreatedAt = now, State = IdempotencyState.InProgress };
                state.Idempotency[slot] = claimed;
            }

            var completed = false;
            try
            {
                var body = ReadObject(context, out var error);
                if (body is null)
                {
                    return error!;
                }

                var fields = ReadKeyFields(context, body.Value, out error);
                if (fields is null)
                {
                    return error!;
                }

                if (rotateId is null)
                {
                    if (string.IsNullOrWhiteSpace(fields.Name))
                    {
                        return Error(context, 422, ErrorCodes.InvalidRequest, "name is required.");
                    }

                    if (fields.Environment is not null && fields.Environment != caller.Environment)
                    {
                        return Error(context, 422, ErrorCodes.EnvironmentMismatch,
                            $"A {caller.Environment} service key cannot mint a {fields.Environment} key; live and test keys are never interchangeable.");
                    }
                }

                if (standIn.Options.KeyOperationDelay > TimeSpan.Zero)
                {
                    await Task.Delay(standIn.Options.KeyOperationDelay, context.RequestAborted).ConfigureAwait(false);
                }

                lock (state.Gate)
                {
                    StoredKey? old = null;
                    if (rotateId is not null)
                    {
                        old = FindKey(standIn, caller, rotateId);
                        if (old is null)
                        {
                            return Error(context, 404, ErrorCodes.KeyNotFound, $"No key {rotateId}.");
                        }

                        if (old.RevokedAt is not null)
                        {
                            return Error(context, 409, ErrorCodes.KeyRevoked, $"Key {rotateId} is revoked; mint a new one instead.");
                        }
                    }

                    var now = standIn.Now;
                    var prefix = caller.Environment == "test" ? "sk_test_" : "sk_live_";
                    var plaintext = prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
                    var key = new StoredKey
                    {
                        Id = NewId("key_"),
                        Plaintext = plaintext,
                        KeyPrefix = plaintext.Substring(0, prefix.Length + 4),
                        Environment = caller.Environment,
                        Name = old?.Name ?? fields.Name,
                        AgentLabel = old?.AgentLabel ?? fields.AgentLabel,
                        LineId = old?.LineId ?? fields.LineId,
                        Permissions = old is null ? fields.Permissions ?? "full" : old.Permissions == "legacy_full" ? "full" : old.Permissions,
                        MonthlyCapCents = old is null ? fields.MonthlyCapCents : old.MonthlyCapCents,
                        CreatedAt = now,
                        RotatedFrom = old?.Id,
                        CreatedByServiceKeyId = caller.KeyId,
                        Listed = true,
                    };

                    if (old is not null)
                    {
                        old.RevokedAt = now;
                    }

                    state.KeysById[key.Id] = key;
                    state.ApiKeysByPlaintext[plaintext] = key;
                    state.RateWindows[(caller.KeyId, operation)].Add(now);
                    claimed.ResultKeyId = key.Id;
                    claimed.State = IdempotencyState.Completed;
                    completed = true;
                    AddAudit(standIn, caller, rotateId is null ? "key.minted" : "key.rotated", key.Id);
                    return Ok(new { key = key.ToDto(withPlaintext: true) }, 201);
                }
            }
            finally
            {
                if (!completed)
                {
                    // Only successes are remembered: a rejected request may be retried, corrected, under the same key.
                    lock (state.Gate)
                    {
                        if (state.Idempotency.TryGetValue(slot, out var entry) && ReferenceEquals(entry, claimed))
                        {
                            state.Idempotency.Remove(slot);
                        }
                    }
                }
            }
        }

        // ---- data plane ----------------------------------------------------------------------

        private static void AddAudit(SaperlyStandIn standIn, Principal actor, string type, string? target)
        {
            standIn.State.Audit.Add(new AuditEvent
            {
                Id = NewId("evt_"),
                Environment = actor.Environment,
                Type = type,
                ActorKeyId = actor.KeyId,
                TargetId = target,
                CreatedAt = standIn.Now,
            });
        }

        private static IResult CreateCall(HttpContext context, SaperlyStandIn standIn)
        {
            var body = ReadObject(context, out var error);
            if (body is null)
            {
                return error!;
            }

            if (!TryOptionalString(body.Value, "to_number", out var to, out _) || string.IsNullOrWhiteSpace(to)
                || !TryOptionalString(body.Value, "line_id", out var lineId, out _))
            {
                return Error(context, 422, ErrorCodes.InvalidRequest, "to_number (string) is required; line_id must be a string.");
            }

            var caller = Caller(context);
            lock (standIn.State.Gate)
            {
                var call = new CallRecord
                {
                    Id = NewId("call_"),
                    Environment = caller.Environment,
                    LineId = lineId,
                    ToNumber = to!,
                    CreatedAt = standIn.Now,
                    CreatedByKeyId = caller.KeyId,
                };
                standIn.State.Calls.Add(call);
                AddAudit(standIn, caller, "call.created", call.Id);
                return Ok(CallDto(call), 201);
            }
        }

        private static object CallDto(CallRecord call) => new
        {
            id = call.Id,
            status = call.Status,
            direction = call.Direction,
            line_id = call.LineId,
            to_number = call.ToNumber,
            created_at = call.CreatedAt,
        };

        private static IResult ListCalls(HttpContext context, SaperlyStandIn standIn)
        {
            var caller = Caller(context);
            lock (standIn.State.Gate)
            {
                var calls = standIn.State.Calls.Where(c => c.Environment == caller.Environment).OrderByDescending(c => c.CreatedAt).ToList();
                return Ok(new { calls = calls.Skip(Offset(context)).Take(Limit(context)).Select(CallDto).ToList(), total = calls.Count });
            }
        }

        private static IResult GetCall(HttpContext context, SaperlyStandIn standIn, string id, bool hangup)
        {
            var caller = Caller(context);
            lock (standIn.State.Gate)
            {
                var call = standIn.State.Calls.FirstOrDefault(c => c.Id == id && c.Environment == caller.Environment);
                if (call is null)
                {
                    return Error(context, 404, ErrorCodes.NotFound, $"No call {id}.");
                }

                if (hangup)
                {
                    call.Status = "completed";
                }

                return Ok(CallDto(call));
            }
        }

        private static IResult SendMessage(HttpContext context, SaperlyStandIn standIn, string? lineId)
        {
            var body = ReadObject(context, out var error);
            if (body is null)
            {
                return error!;
            }

            if (!TryOptionalString(body.Value, "to_number", out var to, out _) || string.IsNullOrWhiteSpace(to)
                || !TryOptionalString(body.Value, "body", out var text, out _) || string.IsNullOrEmpty(text)
                || !TryOptionalString(body.Value, "line_id", out var bodyLine, out _))
            {
                return Error(context, 422, ErrorCodes.InvalidRequest, "to_number and body (strings) are required.");
            }

            var caller = Caller(context);
            lock (standIn.State.Gate)
            {
                var message = new MessageRecord
                {
                    Id = NewId("msg_"),
                    Environment = caller.Environment,
                    LineId = lineId ?? bodyLine,
                    ToNumber = to!,
                    Body = text!,
                    CreatedAt = standIn.Now,
                };
                standIn.State.Messages.Add(message);
                AddAudit(standIn, caller, "message.sent", message.Id);
                return Ok(new
                {
                    id = message.Id,
                    status = message.Status,
                    line_id = message.LineId,
                    to_number = message.ToNumber,
                    body = message.Body,
                    created_at = message.CreatedAt,
                }, 201);
            }
        }

        private static IResult ReadAudit(HttpContext context, SaperlyStandIn standIn)
        {
            var caller = Caller(context);
            lock (standIn.State.Gate)
            {
                var events = standIn.State.Audit.Where(e => e.Environment == caller.Environment).OrderByDescending(e => e.CreatedAt).ToList();
                var page = events.Skip(Offset(context)).Take(Limit(context)).Select(e => new
                {
                    id = e.Id,
                    type = e.Type,
                    actor_key_id = e.ActorKeyId,
                    target_id = e.TargetId,
                    created_at = e.CreatedAt,
                }).ToList();

                // The audit log audits its own readers: this read shows up on the next one.
                AddAudit(standIn, caller, "audit_read", null);
                return Ok(new { events = page, total = events.Count });
            }
        }

        private static object LineDto(LineRecord line) => new
        {
            id = line.Id,
            phone_number = line.PhoneNumber,
            name = line.Name,
            status = line.Status,
            created_at = line.CreatedAt,
        };

        private static IResult ListLines(HttpContext context, SaperlyStandIn standIn)
        {
            var caller = Caller(context);
            lock (standIn.State.Gate)
            {
                var lines = standIn.State.Lines.Where(l => l.Environment == caller.Environment).ToList();
                return Ok(new { lines = lines.Skip(Offset(context)).Take(Limit(context)).Select(LineDto).ToList(), total = lines.Count });
            }
        }

        private static IResult CreateLine(HttpContext context, SaperlyStandIn standIn)
        {
            var body = ReadObject(context, out var error);
            if (body is null)
            {
                return error!;
            }

            if (!TryOptionalString(body.Value, "name", out var name, out _))
            {
                return Error(context, 422, ErrorCodes.InvalidRequest, "name must be a string.");
            }

            var caller = Caller(context);
            lock (standIn.State.Gate)
            {
                var line = new LineRecord
                {
                    Id = Guid.NewGuid().ToString(),
                    Environment = caller.Environment,
                    PhoneNumber = "+1415555" + RandomNumberGenerator.GetInt32(1000, 10000).ToString(CultureInfo.InvariantCulture),
                    Name = name,
                    CreatedAt = standIn.Now,
                };
                standIn.State.Lines.Add(line);
                AddAudit(standIn, caller, "line.created", line.Id);
                return Ok(LineDto(line), 201);
            }
        }

        private static IResult LineById(HttpContext context, SaperlyStandIn standIn, string id, bool release)
        {
            var caller = Caller(context);
            lock (standIn.State.Gate)
            {
                var line = standIn.State.Lines.FirstOrDefault(l => l.Id == id && l.Environment == caller.Environment);
                if (line is null)
                {
                    return Error(context, 404, ErrorCodes.NotFound, $"No line {id}.");
                }

                if (release)
                {
                    line.Status = "released";
                    AddAudit(standIn, caller, "line.released", line.Id);
                }

                return Ok(LineDto(line));
            }
        }
    }
}

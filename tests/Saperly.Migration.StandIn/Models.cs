using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Saperly.Migration.StandIn
{
    /// <summary>A key as the stand-in stores it (API key, minted child key or the legacy record).</summary>
    internal sealed class StoredKey
    {
        public required string Id { get; init; }
        public string? Plaintext { get; init; }
        public required string KeyPrefix { get; init; }
        public required string Environment { get; init; }
        public string? Name { get; set; }
        public string? AgentLabel { get; set; }
        public string? LineId { get; set; }
        public required string Permissions { get; set; }
        public long? MonthlyCapCents { get; set; }
        public long MonthlySpendCents { get; set; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? RevokedAt { get; set; }
        public DateTimeOffset? LastUsedAt { get; set; }
        public string? RotatedFrom { get; init; }
        public string? CreatedByServiceKeyId { get; init; }

        /// <summary>True for keys the account list shows (child keys and the pre-v0.5.7.0 key), not portal API keys.</summary>
        public bool Listed { get; init; }

        public KeyRecordDto ToDto(bool withPlaintext) => new()
        {
            Id = Id,
            KeyPrefix = KeyPrefix,
            Environment = Environment,
            Name = Name,
            AgentLabel = AgentLabel,
            LineId = LineId,
            Permissions = Permissions,
            MonthlyCapCents = MonthlyCapCents,
            MonthlySpendCents = MonthlySpendCents,
            CreatedAt = CreatedAt,
            RevokedAt = RevokedAt,
            LastUsedAt = LastUsedAt,
            RotatedFrom = RotatedFrom,
            CreatedByServiceKeyId = CreatedByServiceKeyId,
            PlaintextKey = withPlaintext ? Plaintext : null,
        };
    }

    /// <summary>The key record of the contract, serialized snake_case.</summary>
    internal sealed class KeyRecordDto
    {
        public required string Id { get; init; }
        public required string KeyPrefix { get; init; }
        public required string Environment { get; init; }
        public string? Name { get; init; }
        public string? AgentLabel { get; init; }
        public string? LineId { get; init; }
        public required string Permissions { get; init; }
        public long? MonthlyCapCents { get; init; }
        public long MonthlySpendCents { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? RevokedAt { get; init; }
        public DateTimeOffset? LastUsedAt { get; init; }
        public string? RotatedFrom { get; init; }
        public string? CreatedByServiceKeyId { get; init; }

        /// <summary>Present on the first mint/rotate answer only.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? PlaintextKey { get; init; }
    }

    /// <summary>Who a request authenticated as.</summary>
    internal sealed record Principal(CredentialTier Tier, string KeyId, string Environment, StoredKey? ApiKey);

    internal enum IdempotencyState
    {
        InProgress,
        Completed,
    }

    internal sealed class IdempotencyEntry
    {
        public required string Fingerprint { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
        public IdempotencyState State { get; set; }
        public string? ResultKeyId { get; set; }
    }

    internal sealed class CallRecord
    {
        public required string Id { get; init; }
        public required string Environment { get; init; }
        public string? LineId { get; init; }
        public required string ToNumber { get; init; }
        public string Direction { get; init; } = "outbound";
        public string Status { get; set; } = "queued";
        public DateTimeOffset CreatedAt { get; init; }
        public string? CreatedByKeyId { get; init; }
    }

    internal sealed class MessageRecord
    {
        public required string Id { get; init; }
        public required string Environment { get; init; }
        public string? LineId { get; init; }
        public required string ToNumber { get; init; }
        public required string Body { get; init; }
        public string Status { get; init; } = "queued";
        public DateTimeOffset CreatedAt { get; init; }
    }

    internal sealed class LineRecord
    {
        public required string Id { get; init; }
        public required string Environment { get; init; }
        public required string PhoneNumber { get; init; }
        public string? Name { get; set; }
        public string Status { get; set; } = "active";
        public DateTimeOffset CreatedAt { get; init; }
    }

    internal sealed class AuditEvent
    {
        public required string Id { get; init; }
        public required string Environment { get; init; }
        public required string Type { get; init; }
        public required string ActorKeyId { get; init; }
        public string? ActorKeyPrefix { get; init; }
        public string? TargetId { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
    }

    /// <summary>Everything the stand-in remembers. Guarded by <see cref="Gate"/>.</summary>
    internal sealed class StandInState
    {
        public object Gate { get; } = new object();
        public Dictionary<string, StoredKey> ApiKeysByPlaintext { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, (string Id, string Environment)> ServiceKeysByPlaintext { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, StoredKey> KeysById { get; } = new(StringComparer.Ordinal);
        public Dictionary<(string ServiceKeyId, string IdempotencyKey), IdempotencyEntry> Idempotency { get; } = new();
        public Dictionary<(string ServiceKeyId, string Operation), List<DateTimeOffset>> RateWindows { get; } = new();
        public List<CallRecord> Calls { get; } = new();
        public List<MessageRecord> Messages { get; } = new();
        public List<LineRecord> Lines { get; } = new();
        public List<AuditEvent> Audit { get; } = new();
    }
}

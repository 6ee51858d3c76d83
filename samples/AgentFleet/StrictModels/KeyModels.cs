using System.Text.Json.Serialization;

/// <summary>The permission tier of a Saperly key, as the key list returns it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<KeyPermission>))]
public enum KeyPermission
{
    [JsonStringEnumMemberName("full")]
    Full,

    [JsonStringEnumMemberName("call_only")]
    CallOnly,

    [JsonStringEnumMemberName("sms_only")]
    SmsOnly,

    [JsonStringEnumMemberName("read_only")]
    ReadOnly,
}

public sealed record KeyList(
    [property: JsonPropertyName("keys")] List<KeyRecord> Keys,
    [property: JsonPropertyName("total")] int Total);

public sealed record KeyRecord(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("key_prefix")] string KeyPrefix,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("permissions")] KeyPermission Permissions,
    [property: JsonPropertyName("revoked_at")] DateTimeOffset? RevokedAt);

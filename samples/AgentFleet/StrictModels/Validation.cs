using System.Net.Http;
using System.Text.Json;

/// <summary>The key-record JSON schema, shared with the TypeScript services, and a tiny validator for it.</summary>
public static class KeySchema
{
    public const string Json = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "SaperlyKey",
          "type": "object",
          "required": ["id", "key_prefix", "permissions"],
          "properties": {
            "id": { "type": "string" },
            "key_prefix": { "type": "string" },
            "name": { "type": ["string", "null"] },
            "permissions": { "type": "string", "enum": ["full", "call_only", "sms_only", "read_only"] },
            "revoked_at": { "type": ["string", "null"] }
          }
        }
        """;

    private static readonly JsonDocument Schema = JsonDocument.Parse(Json);

    /// <summary>Checks the schema's "required" and every property's "enum"; returns the problems found.</summary>
    public static IReadOnlyList<string> Validate(JsonElement record)
    {
        var problems = new List<string>();
        var id = record.TryGetProperty("id", out var idValue) ? idValue.GetString() : "(no id)";

        foreach (var required in Schema.RootElement.GetProperty("required").EnumerateArray())
        {
            if (!record.TryGetProperty(required.GetString()!, out _))
            {
                problems.Add($"key {id}: missing required property '{required.GetString()}'");
            }
        }

        foreach (var property in Schema.RootElement.GetProperty("properties").EnumerateObject())
        {
            if (property.Value.TryGetProperty("enum", out var allowed)
                && record.TryGetProperty(property.Name, out var value)
                && !allowed.EnumerateArray().Any(a => a.GetString() == value.GetString()))
            {
                var list = string.Join(", ", allowed.EnumerateArray().Select(a => a.GetString()));
                problems.Add($"key {id}: {property.Name} '{value.GetString()}' is not one of [{list}]");
            }
        }

        return problems;
    }
}

/// <summary>Guards the permission strings of key records (responses) before the policy engine sees them.</summary>
public static class ResponseValidator
{
    static readonly HashSet<string> AllowedPermissions = new() { "full", "call_only", "sms_only", "read_only" };

    public static void EnsureKnownPermissions(JsonElement record)
    {
        var permissions = record.GetProperty("permissions").GetString();
        if (permissions is null || !AllowedPermissions.Contains(permissions))
        {
            throw new InvalidKeyRecordException(
                "unknown_permissions",
                $"key {record.GetProperty("id").GetString()} has permissions '{permissions}'");
        }
    }
}

/// <summary>What a PATCH may set. Request side: legacy_full can never be sent, so it does not belong here.</summary>
public static class PermissionRequests
{
    private static readonly string[] SettablePermissions = { "full", "call_only", "sms_only", "read_only" };

    public static bool IsSettable(string tier) => SettablePermissions.Contains(tier);
}

public sealed class InvalidKeyRecordException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>A Saperly error answer: <c>{"error":{"code":"...","message":"..."}}</c>.</summary>
public sealed class SaperlyApiException(string request, System.Net.HttpStatusCode status, string code, string message)
    : Exception(message)
{
    public string Request { get; } = request;
    public System.Net.HttpStatusCode Status { get; } = status;
    public string Code { get; } = code;
}

public static class SaperlyResponses
{
    public static async Task<string> ReadSaperlyStringAsync(this HttpResponseMessage response, string request)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.IsSuccessStatusCode)
        {
            return body;
        }

        var code = "http_" + (int)response.StatusCode;
        var message = response.ReasonPhrase ?? "request failed";
        try
        {
            using var error = JsonDocument.Parse(body);
            if (error.RootElement.TryGetProperty("error", out var e))
            {
                code = e.GetProperty("code").GetString() ?? code;
                message = e.GetProperty("message").GetString() ?? message;
            }
        }
        catch (JsonException)
        {
            // Not a Saperly error body; keep the HTTP status.
        }

        throw new SaperlyApiException(request, response.StatusCode, code, message);
    }
}

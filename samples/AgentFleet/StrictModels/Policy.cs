/// <summary>What the policy engine lets an agent do with a key, by the key's permission tier.</summary>
public static class PolicyEngine
{
    public static string ScopeOf(string permissions) => permissions switch
    {
        "full" => "calls, sms, reads",
        "call_only" => "calls",
        "sms_only" => "sms",
        "read_only" => "reads",
        _ => throw new InvalidKeyRecordException("unknown_tier", $"no policy for permissions '{permissions}'"),
    };
}

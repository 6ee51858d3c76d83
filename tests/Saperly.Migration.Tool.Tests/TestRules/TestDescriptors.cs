using Microsoft.CodeAnalysis;

namespace Saperly.Migration.Tool.Tests.TestRules;

/// <summary>Test-only rules: they exercise the driver's machinery whatever state the real rules are in.</summary>
internal static class TestDescriptors
{
    public static readonly DiagnosticDescriptor MissingLegacyFull = Create("SAP004", "{0} lacks LegacyFull");
    public static readonly DiagnosticDescriptor KeyLiteral = Create("SAP001", "key management authenticated with the literal {0}");
    public static readonly DiagnosticDescriptor NeedsGate = Create("TST901", "{0} needs a gate");
    public static readonly DiagnosticDescriptor Breaks = Create("TST902", "{0} gets a fix that does not compile");
    public static readonly DiagnosticDescriptor Ping = Create("TST903", "Ping should be Pong");
    public static readonly DiagnosticDescriptor Pong = Create("TST904", "Pong should be Ping");
    public static readonly DiagnosticDescriptor Grows = Create("TST906", "{0} grows forever");
    public static readonly DiagnosticDescriptor Explodes = Create("TST905", "never reported");
    public static readonly DiagnosticDescriptor NeedsName = Create("TST907", "{0} needs a name");
    public static readonly DiagnosticDescriptor BreaksBody = Create("TST908", "{0} gets a method body that does not compile");

    private static DiagnosticDescriptor Create(string id, string message) =>
        new(id, $"Test rule {id}", message, "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: $"https://example.invalid/{id}");
}

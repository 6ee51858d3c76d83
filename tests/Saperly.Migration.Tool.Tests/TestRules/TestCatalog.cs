using Saperly.Migration.Tool.Analysis;

namespace Saperly.Migration.Tool.Tests.TestRules;

/// <summary>The test rules, discovered by reflection exactly as the driver discovers the real ones.</summary>
internal static class TestCatalog
{
    public static RuleCatalog Create() => RuleCatalog.FromAssemblies([typeof(TestCatalog).Assembly]);
}

using Saperly.Migration.Tool.Analysis;

namespace Saperly.Migration.Tool.Tests.TestRules;

/// <summary>
/// The test rules, discovered by reflection exactly as the driver discovers the real ones. They say they may
/// report in any file, so the runs that edit code also take the incremental analysis path (where every file
/// is analyzed again, but unchanged files keep their compiler errors).
/// </summary>
internal static class TestCatalog
{
    public static RuleCatalog Create()
    {
        var found = RuleCatalog.FromAssemblies([typeof(TestCatalog).Assembly]);
        return new RuleCatalog(found.Analyzers, found.Fixers, found.Problems, reach: (_, _) => true);
    }
}

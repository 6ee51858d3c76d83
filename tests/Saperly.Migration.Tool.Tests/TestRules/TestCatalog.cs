using Saperly.Migration.Tool.Analysis;

namespace Saperly.Migration.Tool.Tests.TestRules;

/// <summary>
/// The test rules, discovered by reflection exactly as the driver discovers the real ones. They say they may
/// report in any file, so their runs take the path the real rules take (each file analyzed on its own, the
/// rest of the project not compiled) rather than the whole-project analysis of rules that cannot say.
/// </summary>
internal static class TestCatalog
{
    public static RuleCatalog Create()
    {
        var found = RuleCatalog.FromAssemblies([typeof(TestCatalog).Assembly]);
        return new RuleCatalog(found.Analyzers, found.Fixers, found.Problems, reach: (_, _) => true);
    }
}

namespace Saperly.Migration.Tool.Analysis;

internal static class ProjectNames
{
    /// <summary>MSBuildWorkspace names one project per target framework ("App(net8.0)"); a reader knows it as "App".</summary>
    public static string WithoutTargetFramework(string name) =>
        name.EndsWith(')') && name.LastIndexOf('(') is > 0 and var open ? name[..open] : name;
}

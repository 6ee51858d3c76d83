using Microsoft.Build.Locator;

namespace Saperly.Migration.Tool.Hosting;

/// <summary>Registers the installed SDK's MSBuild once, before any MSBuild type is loaded.</summary>
internal static class MsBuildRegistration
{
    private static readonly object Gate = new();

    /// <summary>The folder of the MSBuild this process registered (the SDK the current folder selects), once registered here.</summary>
    public static string? MSBuildPath { get; private set; }

    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (!MSBuildLocator.IsRegistered)
            {
                MSBuildPath = MSBuildLocator.RegisterDefaults().MSBuildPath;
            }
        }
    }
}

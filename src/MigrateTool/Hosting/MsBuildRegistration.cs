using Microsoft.Build.Locator;

namespace Saperly.Migration.Tool.Hosting;

/// <summary>Registers the installed SDK's MSBuild once, before any MSBuild type is loaded.</summary>
internal static class MsBuildRegistration
{
    private static readonly object Gate = new();

    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (!MSBuildLocator.IsRegistered)
            {
                MSBuildLocator.RegisterDefaults();
            }
        }
    }
}

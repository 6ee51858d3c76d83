using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Host.Mef;

namespace Saperly.Migration.Tool.Hosting;

/// <summary>
/// The workspace services (the MEF composition of Roslyn's workspace assemblies), composed once per process.
/// <see cref="MefHostServices.DefaultHost"/> composes on first use without a lock: the warm-up and the loader ask for
/// it at the same moment, and both composed it, each on a core the design-time builds needed.
/// </summary>
internal static class WorkspaceHost
{
    private static readonly Lazy<MefHostServices> Services = new(() => MefHostServices.DefaultHost, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A workspace on those services; <paramref name="kind"/> defaults to the one <see cref="AdhocWorkspace"/> takes.</summary>
    public static AdhocWorkspace CreateWorkspace(string kind = "Custom") => new(Services.Value, kind);
}

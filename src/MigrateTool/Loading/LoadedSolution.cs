using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Saperly.Migration.Tool.Loading;

/// <summary>The solution as loaded, the projects that failed, and every source file's bytes at load time.</summary>
internal sealed class LoadedSolution : IDisposable
{
    private readonly Workspace _workspace;

    public LoadedSolution(Workspace workspace, Solution solution, string rootDirectory, IReadOnlyList<LoadFailure> failures, IReadOnlyDictionary<string, FileSnapshot> snapshots)
    {
        _workspace = workspace;
        Solution = solution;
        RootDirectory = rootDirectory;
        Failures = failures;
        Snapshots = snapshots;
    }

    public Solution Solution { get; }

    public string RootDirectory { get; }

    public IReadOnlyList<LoadFailure> Failures { get; }

    public IReadOnlyDictionary<string, FileSnapshot> Snapshots { get; }

    public void Dispose() => _workspace.Dispose();
}

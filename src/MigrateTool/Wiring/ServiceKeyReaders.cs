using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Saperly.Migration.Analyzers.Model;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.Tool.Analysis;
using Saperly.Migration.Tool.Reports;

namespace Saperly.Migration.Tool.Wiring;

/// <summary>
/// Which projects' code needs the service key: their sources read SAPERLY_SERVICE_KEY or Saperly:ServiceKey (what the
/// SAP001 fixes write), or they have a key-management finding that --apply would fix that way. A file under a project's
/// folder serves that project; a file outside every project's folder (compose, workflows, manifests) serves them all.
/// </summary>
internal sealed class ServiceKeyReaders
{
    private readonly List<string> _projectFolders;
    private readonly HashSet<string> _reading;

    private ServiceKeyReaders(List<string> projectFolders, HashSet<string> reading, List<string> configurationReaders)
    {
        _projectFolders = projectFolders;
        _reading = reading;
        ConfigurationReaders = configurationReaders;
    }

    /// <summary>Project files whose code reads the service key from configuration (user secrets may hold it).</summary>
    public IReadOnlyList<string> ConfigurationReaders { get; }

    public bool Any => _reading.Count > 0;

    /// <param name="keyManagement">Projects with a key-management finding (SAP001): they need the service key, fixed or not.</param>
    public static async Task<ServiceKeyReaders> FindAsync(Solution solution, IEnumerable<string> keyManagement, CancellationToken cancellationToken)
    {
        var pending = keyManagement.Select(ProjectNames.WithoutTargetFramework).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var folders = new List<string>();
        var reading = new HashSet<string>(StringComparer.Ordinal);
        var configuration = new List<string>();
        foreach (var group in solution.Projects.Where(p => p.FilePath is not null).GroupBy(p => p.FilePath!, StringComparer.Ordinal))
        {
            var folder = Path.GetDirectoryName(group.Key)!;
            folders.Add(folder);
            var (environment, config) = await ReadsAsync(group.First(), cancellationToken);
            if (environment || config || group.Any(p => pending.Contains(ProjectNames.WithoutTargetFramework(p.Name))))
            {
                reading.Add(folder);
            }

            if (config || group.Any(p => pending.Contains(ProjectNames.WithoutTargetFramework(p.Name))))
            {
                configuration.Add(group.Key);
            }
        }

        return new ServiceKeyReaders(folders.OrderByDescending(f => f.Length).ToList(), reading, configuration);
    }

    /// <summary>Whether the code a provisioning file serves needs the service key.</summary>
    public bool Serves(string path)
    {
        var owner = _projectFolders.FirstOrDefault(f => path.StartsWith(f + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        return owner is null ? Any : _reading.Contains(owner);
    }

    private static async Task<(bool Environment, bool Configuration)> ReadsAsync(Project project, CancellationToken cancellationToken)
    {
        bool environment = false, configuration = false;
        foreach (var document in project.Documents)
        {
            var text = (await document.GetTextAsync(cancellationToken)).ToString();
            environment |= text.Contains(SaperlyApi.ServiceKeySecret, StringComparison.Ordinal);
            configuration |= text.Contains(SaperlyApi.ServiceKeyConfigurationKey, StringComparison.Ordinal) ||
                             text.Contains("\"ServiceKey\"", StringComparison.Ordinal);
        }

        return (environment, configuration);
    }
}

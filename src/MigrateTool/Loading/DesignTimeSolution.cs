using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Saperly.Migration.Tool.Loading;

/// <summary>
/// Turns design-time builds into a workspace solution the way MSBuildWorkspace's project loader does: the compiler's
/// command line parsed by the C# parser, documents, additional files and editorconfig files from the build's items,
/// a project reference wherever a referenced project's output is on the command line (with the reference's aliases),
/// and every other reference as metadata. Returns null with a reason where that loader would have reported a
/// problem (an unresolved reference, a reference it could not match, a cycle), so the caller can let it report it.
/// </summary>
internal static class DesignTimeSolution
{
    public static (Solution? Solution, string? NotHandled) Create(AdhocWorkspace workspace, string? solutionPath, IReadOnlyList<BuiltProject> built)
    {
        var ids = built.Select(b => ProjectId.CreateNewId(debugName: b.FilePath)).ToArray();
        var byPath = built.Select((b, i) => (b, i)).ToLookup(x => x.b.FilePath, x => x.i, DesignTimeBuild.PathComparer);
        var counts = built.GroupBy(b => b.FilePath, DesignTimeBuild.PathComparer).ToDictionary(g => g.Key, g => g.Count(), DesignTimeBuild.PathComparer);
        var references = new Dictionary<ProjectId, List<ProjectReference>>();
        var metadata = new MetadataCache();
        var analyzers = new Dictionary<string, AnalyzerReference>(DesignTimeBuild.PathComparer);
        var infos = new List<ProjectInfo>(built.Count);
        for (var i = 0; i < built.Count; i++)
        {
            var project = built[i];
            var directory = Path.GetDirectoryName(project.FilePath)!;
            var args = CSharpCommandLineParser.Default.Parse(project.CommandLineArgs, directory, RuntimeEnvironment.GetRuntimeDirectory(), additionalReferenceDirectories: null);
            if (args.Errors.FirstOrDefault(e => e.Severity == DiagnosticSeverity.Error) is { } error)
            {
                return (null, $"{Path.GetFileNameWithoutExtension(project.FilePath)}: {error.GetMessage()}");
            }

            // The command line's references, in its order; a referenced project's output becomes a project reference.
            var paths = args.MetadataReferences.Select(r => (Path: Path.GetFullPath(r.Reference, directory), r.Properties)).ToList();
            var removed = new HashSet<int>();
            var projectReferences = new List<ProjectReference>();
            foreach (var reference in project.ProjectReferences)
            {
                var candidates = byPath[reference.FullPath].ToList();
                if (candidates.Count == 0)
                {
                    return (null, $"{Path.GetFileName(reference.FullPath)} was not built");
                }

                if (!reference.ReferenceOutputAssembly)
                {
                    continue;
                }

                var match = candidates
                    .Select(c => (Index: c, At: paths.FindIndex(p => PathsEqual(p.Path, built[c].OutputRefFilePath) || PathsEqual(p.Path, built[c].OutputFilePath))))
                    .FirstOrDefault(c => c.At >= 0, (Index: -1, At: -1));
                if (match.Index < 0)
                {
                    return (null, $"{Path.GetFileNameWithoutExtension(project.FilePath)}: no reference to the output of {Path.GetFileName(reference.FullPath)} on its command line");
                }

                if (references.TryGetValue(ids[match.Index], out var theirs) && theirs.Any(r => r.ProjectId == ids[i]))
                {
                    return (null, $"{Path.GetFileNameWithoutExtension(project.FilePath)} and {Path.GetFileName(reference.FullPath)} reference each other");
                }

                for (var at = 0; at < paths.Count; at++)
                {
                    if (PathsEqual(paths[at].Path, built[match.Index].OutputRefFilePath) || PathsEqual(paths[at].Path, built[match.Index].OutputFilePath))
                    {
                        removed.Add(at);
                    }
                }

                projectReferences.Add(new ProjectReference(ids[match.Index], reference.Aliases));
            }

            references[ids[i]] = projectReferences;
            var metadataReferences = new List<MetadataReference>();
            var distinct = new HashSet<(string, MetadataReferenceProperties)>();
            for (var at = 0; at < paths.Count; at++)
            {
                if (removed.Contains(at) || !distinct.Add((paths[at].Path, paths[at].Properties)))
                {
                    continue;
                }

                if (!File.Exists(paths[at].Path))
                {
                    return (null, $"{Path.GetFileNameWithoutExtension(project.FilePath)}: the reference {paths[at].Path} does not exist");
                }

                metadataReferences.Add(metadata.Get(paths[at].Path, paths[at].Properties));
            }

            var analyzerReferences = new List<AnalyzerReference>();
            foreach (var path in args.AnalyzerReferences.Select(r => Path.GetFullPath(r.FilePath, directory)).Distinct(DesignTimeBuild.PathComparer))
            {
                if (!analyzers.TryGetValue(path, out var reference))
                {
                    reference = new AnalyzerFileReference(path, AnalyzerLoader.Instance);
                    analyzers.Add(path, reference);
                }

                analyzerReferences.Add(reference);
            }

            var parseOptions = args.ParseOptions.DocumentationMode == DocumentationMode.None
                ? args.ParseOptions.WithDocumentationMode(DocumentationMode.Parse)
                : args.ParseOptions;
            var compilationOptions = args.CompilationOptions
                .WithXmlReferenceResolver(new XmlFileResolver(directory))
                .WithSourceReferenceResolver(new SourceFileResolver([], directory))
                .WithStrongNameProvider(new DesktopStrongNameProvider(args.KeyFileSearchPaths, Path.GetTempPath()))
                .WithAssemblyIdentityComparer(DesktopAssemblyIdentityComparer.Default);
            var name = Path.GetFileNameWithoutExtension(project.FilePath);
            if (counts[project.FilePath] > 1 && !string.IsNullOrWhiteSpace(project.TargetFramework))
            {
                name += $"({project.TargetFramework})";
            }

            var id = ids[i];
            infos.Add(ProjectInfo.Create(
                    id,
                    VersionStamp.Create(File.GetLastWriteTimeUtc(project.FilePath)),
                    name,
                    string.IsNullOrWhiteSpace(args.CompilationName) ? Path.GetFileNameWithoutExtension(project.FilePath) : args.CompilationName,
                    LanguageNames.CSharp,
                    filePath: project.FilePath,
                    outputFilePath: project.OutputFilePath,
                    compilationOptions: compilationOptions,
                    parseOptions: parseOptions,
                    documents: Documents(id, project.Documents, args.Encoding),
                    projectReferences: projectReferences,
                    metadataReferences: metadataReferences,
                    analyzerReferences: analyzerReferences,
                    additionalDocuments: Documents(id, project.AdditionalFiles, args.Encoding),
                    isSubmission: false,
                    hostObjectType: null,
                    outputRefFilePath: project.OutputRefFilePath)
                .WithCompilationOutputInfo(default(CompilationOutputInfo).WithAssemblyPath(project.IntermediateOutputFilePath))
                .WithDefaultNamespace(project.DefaultNamespace)
                .WithAnalyzerConfigDocuments(Documents(id, project.EditorConfigFiles, args.Encoding)));
        }

        var info = SolutionInfo.Create(SolutionId.CreateNewId(debugName: solutionPath), VersionStamp.Default, solutionPath, infos);
        return (workspace.AddSolution(info), null);
    }

    private static IEnumerable<DocumentInfo> Documents(ProjectId id, IReadOnlyList<ProjectItemFile> files, Encoding? encoding) =>
        files.Select(file =>
        {
            var parts = file.LogicalPath.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
            var (name, folders) = parts.Length > 0 ? (parts[^1], parts[..^1]) : (file.LogicalPath, []);
            return DocumentInfo.Create(
                DocumentId.CreateNewId(id, debugName: file.FullPath),
                name,
                folders,
                SourceCodeKind.Regular,
                new FileTextLoader(file.FullPath, encoding),
                file.FullPath,
                isGenerated: false);
        });

    private static bool PathsEqual(string a, string? b) => b is not null && DesignTimeBuild.PathComparer.Equals(a, b);

    /// <summary>One image per reference assembly, shared by every project that references it (as the workspace's metadata service does).</summary>
    private sealed class MetadataCache
    {
        private readonly Dictionary<string, AssemblyMetadata> _images = new(DesignTimeBuild.PathComparer);

        public MetadataReference Get(string path, MetadataReferenceProperties properties)
        {
            if (!_images.TryGetValue(path, out var image))
            {
                image = AssemblyMetadata.CreateFromFile(path);
                _images.Add(path, image);
            }

            return image.GetReference(filePath: path, aliases: properties.Aliases, embedInteropTypes: properties.EmbedInteropTypes);
        }
    }

    /// <summary>
    /// Loads analyzer and generator assemblies: each directory in its own load context, so two packages' copies of one
    /// dependency do not meet, while whatever this process ships or the framework holds (the compiler itself above all)
    /// comes from this process, as the compiler loads analyzers.
    /// </summary>
    private sealed class AnalyzerLoader : IAnalyzerAssemblyLoader
    {
        public static readonly AnalyzerLoader Instance = new();

        private static readonly HashSet<string> HostAssemblies =
            ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(Path.GetFileNameWithoutExtension)
                .OfType<string>()
                .ToHashSet(StringComparer.OrdinalIgnoreCase);

        private readonly ConcurrentDictionary<string, DirectoryContext> _contexts = new(DesignTimeBuild.PathComparer);

        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) =>
            _contexts.GetOrAdd(Path.GetDirectoryName(fullPath)!, directory => new DirectoryContext(directory)).Load(fullPath);

        private sealed class DirectoryContext : AssemblyLoadContext
        {
            private readonly string _directory;

            public DirectoryContext(string directory)
                : base($"saperly-migrate analyzers {directory}")
            {
                _directory = directory;
            }

            public Assembly Load(string fullPath)
            {
                lock (this)
                {
                    var name = Path.GetFileNameWithoutExtension(fullPath);
                    return Assemblies.FirstOrDefault(a => string.Equals(a.GetName().Name, name, StringComparison.OrdinalIgnoreCase))
                        ?? LoadFromAssemblyPath(fullPath);
                }
            }

            protected override Assembly? Load(AssemblyName assemblyName)
            {
                if (assemblyName.Name is null || HostAssemblies.Contains(assemblyName.Name))
                {
                    return null;
                }

                var candidate = Path.Combine(_directory, assemblyName.Name + ".dll");
                return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
            }
        }
    }
}

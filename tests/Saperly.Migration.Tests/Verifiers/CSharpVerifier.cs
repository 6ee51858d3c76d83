using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Saperly.Migration.Tests.Verifiers
{
    /// <summary>
    /// The reference assemblies the tests compile against, read from the packages the test project's own restore
    /// downloaded (<c>PackageDownload</c> items in its project file): .NET 8 plus the Microsoft.Extensions packages users
    /// integrate Saperly with, and the netstandard2.0 and .NET Framework 4.7.2 layouts. Nothing is resolved or
    /// downloaded while the tests run: resolving NuGet packages at test time raced on a cold cache and failed 155 tests
    /// of a clean clone's first run.
    /// </summary>
    public static class TestReferences
    {
        /// <summary>The Microsoft.Extensions closure of Http, Configuration.Abstractions/Binder, Options and DependencyInjection.Abstractions 8.0.0.</summary>
        private static readonly string[] ExtensionPackages =
        {
            "Microsoft.Extensions.Configuration", "Microsoft.Extensions.Configuration.Abstractions", "Microsoft.Extensions.Configuration.Binder",
            "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Diagnostics",
            "Microsoft.Extensions.Diagnostics.Abstractions", "Microsoft.Extensions.Http", "Microsoft.Extensions.Logging",
            "Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.Options", "Microsoft.Extensions.Options.ConfigurationExtensions",
            "Microsoft.Extensions.Primitives",
        };

        /// <summary>No package at all: the tests hand their references to the test state themselves (<see cref="Use{TTest}"/>).</summary>
        public static readonly ReferenceAssemblies NoPackages = new ReferenceAssemblies("net8.0");

        private static readonly System.Lazy<ImmutableArray<MetadataReference>> LazyNet80 = new System.Lazy<ImmutableArray<MetadataReference>>(() =>
            Files(Package("Microsoft.NETCore.App.Ref", "8.0.0", "ref", "net8.0"))
                .Concat(ExtensionPackages.SelectMany(id => Files(Package(id, "8.0.0", "lib", "net8.0"))))
                .ToImmutableArray());

        private static readonly System.Lazy<ImmutableArray<MetadataReference>> LazyNetStandard20 = new System.Lazy<ImmutableArray<MetadataReference>>(() =>
            Files(Package("NETStandard.Library", "2.0.3", "build", "netstandard2.0", "ref")).ToImmutableArray());

        private static readonly System.Lazy<ImmutableArray<MetadataReference>> LazyNet472 = new System.Lazy<ImmutableArray<MetadataReference>>(() =>
        {
            var folder = Package("Microsoft.NETFramework.ReferenceAssemblies.net472", "1.0.3", "build", ".NETFramework", "v4.7.2");
            var named = new[] { "mscorlib", "System", "System.Core", "System.Net.Http", "Microsoft.CSharp" }
                .Select(name => (MetadataReference)MetadataReference.CreateFromFile(Path.Combine(folder, name + ".dll")));
            return named.Concat(Files(Path.Combine(folder, "Facades"))).ToImmutableArray();
        });

        /// <summary>Polly's resilience pipelines (Polly.Core), for the retry-lambda cases.</summary>
        public static MetadataReference PollyCore => LazyPolly.Value;

        private static readonly System.Lazy<MetadataReference> LazyPolly = new System.Lazy<MetadataReference>(() =>
            MetadataReference.CreateFromFile(Path.Combine(Package("Polly.Core", "8.5.2", "lib", "net8.0"), "Polly.Core.dll")));

        /// <summary>Flurl.Http 4 and the Flurl URL builder it extends.</summary>
        public static ImmutableArray<MetadataReference> Flurl => LazyFlurl.Value;

        private static readonly System.Lazy<ImmutableArray<MetadataReference>> LazyFlurl = new System.Lazy<ImmutableArray<MetadataReference>>(() =>
            Files(Package("Flurl", "4.0.0", "lib", "netstandard2.0")).Concat(Files(Package("Flurl.Http", "4.0.2", "lib", "net6.0"))).ToImmutableArray());

        /// <summary>RestSharp 114.</summary>
        public static ImmutableArray<MetadataReference> RestSharp => LazyRestSharp.Value;

        private static readonly System.Lazy<ImmutableArray<MetadataReference>> LazyRestSharp = new System.Lazy<ImmutableArray<MetadataReference>>(() =>
            Files(Package("RestSharp", "114.1.0", "lib", "net8.0")).ToImmutableArray());

        /// <summary>FluentValidation 12.2.0 (validators whose rules may reject a tier).</summary>
        public static ImmutableArray<MetadataReference> FluentValidation => LazyFluentValidation.Value;

        private static readonly System.Lazy<ImmutableArray<MetadataReference>> LazyFluentValidation = new System.Lazy<ImmutableArray<MetadataReference>>(() =>
            Files(Package("FluentValidation", "12.2.0", "lib", "net8.0")).ToImmutableArray());

        /// <summary>Refit 16 and its <c>AddRefitClient</c> registration (compile with <see cref="Net80Extensions10"/>: it is built against the 10.0 extensions).</summary>
        public static ImmutableArray<MetadataReference> Refit => LazyRefit.Value;

        private static readonly System.Lazy<ImmutableArray<MetadataReference>> LazyRefit = new System.Lazy<ImmutableArray<MetadataReference>>(() =>
            Files(Package("Refit", "16.4.0", "lib", "net8.0")).Concat(Files(Package("Refit.HttpClientFactory", "16.4.0", "lib", "net8.0"))).ToImmutableArray());

        /// <summary>.NET 8 with the 10.0 Microsoft.Extensions packages, for libraries built against them (Refit.HttpClientFactory 16).</summary>
        public static ImmutableArray<MetadataReference> Net80Extensions10 => LazyNet80Extensions10.Value;

        private static readonly System.Lazy<ImmutableArray<MetadataReference>> LazyNet80Extensions10 = new System.Lazy<ImmutableArray<MetadataReference>>(() =>
            Files(Package("Microsoft.NETCore.App.Ref", "8.0.0", "ref", "net8.0"))
                .Concat(ExtensionPackages.SelectMany(id => Files(Package(id, "10.0.13", "lib", "net8.0"))))
                .ToImmutableArray());

        /// <summary>.NET 8 and the Microsoft.Extensions packages: what every rule test compiles against.</summary>
        public static ImmutableArray<MetadataReference> Net80 => LazyNet80.Value;

        public static ImmutableArray<MetadataReference> NetStandard20 => LazyNetStandard20.Value;

        public static ImmutableArray<MetadataReference> Net472 => LazyNet472.Value;

        /// <summary>Makes a test compile against <paramref name="references"/> (.NET 8 and the extensions by default) and nothing it would download.</summary>
        public static TTest Use<TTest>(TTest test, ImmutableArray<MetadataReference>? references = null)
            where TTest : AnalyzerTest<DefaultVerifier>
        {
            test.ReferenceAssemblies = NoPackages;
            test.TestState.AdditionalReferences.AddRange(references ?? Net80);
            return test;
        }

        private static string PackageRoot { get; } =
            typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetPackageRoot").Value
            ?? throw new System.InvalidOperationException("The test assembly does not name the NuGet package folder.");

        private static string Package(string id, string version, params string[] folder)
        {
            var path = Path.Combine(new[] { PackageRoot, id.ToLowerInvariant(), version }.Concat(folder).ToArray());
            if (!Directory.Exists(path))
            {
                throw new DirectoryNotFoundException($"{path} is missing: the test project's restore downloads {id} {version} (PackageDownload in Saperly.Migration.Tests.csproj).");
            }

            return path;
        }

        private static IEnumerable<MetadataReference> Files(string folder) =>
            Directory.GetFiles(folder, "*.dll").OrderBy(f => f, System.StringComparer.Ordinal).Select(f => (MetadataReference)MetadataReference.CreateFromFile(f));

        /// <summary>Usings every test source starts from (an implicit-usings file, as SDK projects have).</summary>
        public const string GlobalUsings = """
            global using System;
            global using System.Collections.Generic;
            global using System.Linq;
            global using System.Net.Http;
            global using System.Net.Http.Headers;
            global using System.Net.Http.Json;
            global using System.Threading;
            global using System.Threading.Tasks;
            global using Microsoft.Extensions.Configuration;
            global using Microsoft.Extensions.DependencyInjection;
            """;
    }

    /// <summary>Analyzer verification (VerifyCS alias in tests).</summary>
    public static class AnalyzerVerifier<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(id).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

        public static Task VerifyAsync(string source, params DiagnosticResult[] expected) => VerifyAsync(new[] { source }, null, expected);

        public static Task VerifyAsync(string[] sources, string? editorConfig, params DiagnosticResult[] expected) =>
            VerifyAsync(sources, editorConfig, ImmutableArray<MetadataReference>.Empty, expected);

        /// <summary>The same, compiled against a library's assemblies too (<see cref="TestReferences.Flurl"/>, ...).</summary>
        public static async Task VerifyAsync(string[] sources, string? editorConfig, ImmutableArray<MetadataReference> libraries, params DiagnosticResult[] expected)
        {
            var test = TestReferences.Use(new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>(), TestReferences.Net80.AddRange(libraries));
            for (var i = 0; i < sources.Length; i++)
            {
                test.TestState.Sources.Add(($"/0/Test{i}.cs", sources[i]));
            }

            test.TestState.Sources.Add(("/0/GlobalUsings.cs", TestReferences.GlobalUsings));
            if (editorConfig != null)
            {
                test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\n" + editorConfig));
            }

            test.ExpectedDiagnostics.AddRange(expected);
            await test.RunAsync(CancellationToken.None);
        }
    }

    /// <summary>Code fix verification.</summary>
    public static class CodeFixVerifier<TAnalyzer, TCodeFix>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        public static DiagnosticResult Diagnostic(string id) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(id).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

        public static CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier> Create(string source, string fixedSource)
        {
            var test = TestReferences.Use(new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>());
            test.TestState.Sources.Add(("/0/Test0.cs", source));
            test.TestState.Sources.Add(("/0/GlobalUsings.cs", TestReferences.GlobalUsings));
            test.FixedState.Sources.Add(("/0/Test0.cs", fixedSource));
            test.FixedState.Sources.Add(("/0/GlobalUsings.cs", TestReferences.GlobalUsings));
            return test;
        }

        public static Task VerifyAsync(string source, string fixedSource, params DiagnosticResult[] expected)
        {
            var test = Create(source, fixedSource);
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }
    }
}

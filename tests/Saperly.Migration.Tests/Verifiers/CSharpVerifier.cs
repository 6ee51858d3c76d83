using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Saperly.Migration.Tests.Verifiers
{
    /// <summary>The reference assemblies every test compiles against: .NET 8 plus the Microsoft.Extensions packages users integrate Saperly with.</summary>
    public static class TestReferences
    {
        public static readonly ReferenceAssemblies Net80WithExtensions = ReferenceAssemblies.Net.Net80.AddPackages(ImmutableArray.Create(
            new PackageIdentity("Microsoft.Extensions.Http", "8.0.0"),
            new PackageIdentity("Microsoft.Extensions.Configuration.Abstractions", "8.0.0"),
            new PackageIdentity("Microsoft.Extensions.Configuration.Binder", "8.0.0"),
            new PackageIdentity("Microsoft.Extensions.Options", "8.0.0"),
            new PackageIdentity("Microsoft.Extensions.DependencyInjection.Abstractions", "8.0.0")));

        private static readonly System.Lazy<ReferenceAssemblies> Resolved = new System.Lazy<ReferenceAssemblies>(() =>
        {
            // Resolve (download on a fresh machine) once, before tests run in parallel: concurrent first
            // resolutions of the same packages race in the package cache.
            Net80WithExtensions.ResolveAsync(LanguageNames.CSharp, CancellationToken.None).GetAwaiter().GetResult();
            return Net80WithExtensions;
        });

        public static ReferenceAssemblies Assemblies => Resolved.Value;

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

        public static async Task VerifyAsync(string[] sources, string? editorConfig, params DiagnosticResult[] expected)
        {
            var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
            {
                ReferenceAssemblies = TestReferences.Assemblies,
            };
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
            var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
            {
                ReferenceAssemblies = TestReferences.Assemblies,
            };
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

using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Saperly.Migration.Analyzers.Recognition;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.Tests.Verifiers;

namespace Saperly.Migration.Tests
{
    /// <summary>
    /// The framework types are looked up in the assemblies that define them first, and across every reference after
    /// that: on each framework's layout they must be the very symbols the compiler's own lookup finds.
    /// </summary>
    public class KnownTypesTests
    {
        private const string Source = """
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading.Tasks;

            class KeyAdmin
            {
                private readonly HttpClient _http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };

                public KeyAdmin()
                {
                    _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                }

                public Task<HttpResponseMessage> Mint(HttpContent body) => {|#0:_http.PostAsync("v1/keys", body)|};
            }
            """;

        public static TheoryData<string> Layouts => new TheoryData<string> { "net8.0", "netstandard2.0", "net472" };

        private static ImmutableArray<MetadataReference> LayoutOf(string name) => name switch
        {
            "netstandard2.0" => TestReferences.NetStandard20,
            "net472" => TestReferences.Net472,
            _ => TestReferences.Net80,
        };

        private static Task<Compilation> CompileAsync(string layout, string source) =>
            Task.FromResult<Compilation>(CSharpCompilation.Create("test", new[] { CSharpSyntaxTree.ParseText(source) }, LayoutOf(layout)));

        [Theory]
        [MemberData(nameof(Layouts))]
        public async Task EveryKnownType_IsTheCompilersOwnSymbol(string layout)
        {
            var compilation = await CompileAsync(layout, Source.Replace("{|#0:", "").Replace("|}", ""));
            var types = new KnownTypes(compilation);
            var expected = new (string Name, INamedTypeSymbol? Found)[]
            {
                ("System.Net.Http.HttpClient", types.HttpClient),
                ("System.Net.Http.HttpMessageInvoker", types.HttpMessageInvoker),
                ("System.Net.Http.HttpRequestMessage", types.HttpRequestMessage),
                ("System.Net.Http.HttpMethod", types.HttpMethod),
                ("System.Net.Http.Json.HttpClientJsonExtensions", types.HttpClientJsonExtensions),
                ("System.Net.Http.Headers.AuthenticationHeaderValue", types.AuthenticationHeaderValue),
                ("System.Uri", types.Uri),
                ("System.Environment", types.Environment),
                ("Microsoft.Extensions.Configuration.IConfiguration", types.Configuration),
                ("System.Net.Http.IHttpClientFactory", types.HttpClientFactory),
                ("System.Net.Http.HttpClientHandler", types.HttpClientHandler),
                ("System.Net.Http.SocketsHttpHandler", types.SocketsHttpHandler),
            };

            foreach (var (name, found) in expected)
            {
                var compilers = compilation.GetTypeByMetadataName(name);
                Assert.True(SymbolEqualityComparer.Default.Equals(compilers, found), $"{layout}: {name} resolved to {found?.ContainingAssembly.Name ?? "nothing"}, the compiler's lookup to {compilers?.ContainingAssembly.Name ?? "nothing"}");
            }

            // The layouts differ where the test means them to: HttpClient and Uri come from other assemblies on each.
            Assert.NotNull(types.HttpClient);
            Assert.NotNull(types.Uri);
        }

        [Fact]
        public void TypeDeclaredInSource_IsFoundByTheFallbackLookup()
        {
            // No System.Net.Http assembly at all: the client type is the project's own (a polyfill or a test double).
            var compilation = CSharpCompilation.Create(
                "test",
                new[] { CSharpSyntaxTree.ParseText("namespace System.Net.Http { public class HttpClient { } }") },
                new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) });
            var types = new KnownTypes(compilation);
            Assert.NotNull(types.HttpClient);
            Assert.Equal("test", types.HttpClient!.ContainingAssembly.Name);
        }

        [Theory]
        [MemberData(nameof(Layouts))]
        public async Task SharedClientWithApiKey_IsReported_OnEveryLayout(string layout)
        {
            var test = TestReferences.Use(new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<KeyManagementWithApiKeyAnalyzer, DefaultVerifier>
            {
                TestCode = Source,
            }, LayoutOf(layout));
            test.ExpectedDiagnostics.Add(AnalyzerVerifier<KeyManagementWithApiKeyAnalyzer>.Diagnostic(RuleIds.KeyManagementWithApiKey).WithLocation(0)
                .WithArguments("POST /v1/keys", "SAPERLY_API_KEY", "SAPERLY_SERVICE_KEY"));
            await test.RunAsync(CancellationToken.None);
        }
    }
}

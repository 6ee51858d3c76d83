using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Saperly.Migration.Analyzers.Recognition;

namespace Saperly.Migration.Tests
{
    /// <summary>The call rules register nothing in a compilation that cannot spell a Saperly call.</summary>
    public class EarlyBailOutTests
    {
        private static readonly MetadataReference[] References =
            ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
                .Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) == "netstandard.dll")
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToArray();

        private static Compilation Compile(string source) =>
            CSharpCompilation.Create("test", new[] { CSharpSyntaxTree.ParseText(source) }, References);

        [Fact]
        public void CompilationWithoutSaperlyMarkers_GetsNoCallAnalysis()
        {
            var compilation = Compile("""
                [assembly: System.Runtime.Versioning.TargetFramework(".NETCoreApp,Version=v10.0")]
                class Orders
                {
                    System.Threading.Tasks.Task<System.Net.Http.HttpResponseMessage> Get(System.Net.Http.HttpClient http) => http.GetAsync("https://shop.example/orders");
                }
                """);
            Assert.Null(SaperlyCompilation.ForCalls(compilation));
        }

        [Theory]
        [InlineData("http.GetAsync(\"v1/keys\")")]
        [InlineData("http.GetAsync(System.Environment.GetEnvironmentVariable(\"SAPERLY_BASE_URL\"))")]
        public void CompilationThatMentionsSaperly_IsAnalyzed(string call)
        {
            var compilation = Compile("class K { object M(System.Net.Http.HttpClient http) => " + call + "; }");
            Assert.NotNull(SaperlyCompilation.ForCalls(compilation));
        }

        [Theory]
        [InlineData("await http.PostAsync(url, body);")]
        [InlineData("await http.PostAsJsonAsync(url, body);")]
        [InlineData("await saperly.keys.CreateAsync(request);")]
        [InlineData("await saperly.Keys\n    .CreateAsync(request);")]
        [InlineData("await @client.@Send(request);")]
        [InlineData("await client.\\u0050ostAsync(url, body);")]
        [InlineData("var n = straße.Keys.Count;")]
        [InlineData("await saperly.KEYS.CreateAsync(request);")]
        public void FileThatMaySpellACandidateCall_PassesTheTextFilter(string text)
        {
            Assert.True(Saperly.Migration.Analyzers.Recognition.Shapes.CallShapes.Everything.MayNameCandidate("class C { void M() { " + text + " } }"));
        }

        [Theory]
        [InlineData("var cfg = AppSettingsJson.Load(monkeys); // keyset, callsign, billingAddress")]
        [InlineData("await store.PostAsyncLater(order); await queue.SendAll(batch);")]
        [InlineData("var usage2 = new UsageReport(Lines_Of_Code);")]
        [InlineData("await http.postasync(url, body); await http.POSTASYNC(url, body);")]
        public void FileThatNamesNoCandidateAsAWord_IsFilteredOut(string text)
        {
            // Substrings of longer words (AppSettingsJson, monkeys, PostAsyncLater) are not the names.
            Assert.False(Saperly.Migration.Analyzers.Recognition.Shapes.CallShapes.Everything.MayNameCandidate("class C { void M() { " + text + " } }"));
        }
    }
}

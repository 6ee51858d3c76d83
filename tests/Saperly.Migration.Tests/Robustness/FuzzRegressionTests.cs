using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.CodeFixes;

namespace Saperly.Migration.Tests.Robustness
{
    /// <summary>Inputs the fuzz test found (seeds 1 and 2) where a fix made broken code parse worse.</summary>
    public class FuzzRegressionTests
    {
        [Fact]
        public async Task Sap004_CutOffEnum_IsNotEdited()
        {
            const string source = """
                using System.Runtime.Serialization;
                public enum KeyPermission
                {
                    [EnumMember(Value = "full")] Full,
                    [EnumMember(Value = "call_only")] CallOnly,
                    [EnumMember(Value = "sms_only")] SmsOnly,
                    [EnumMember(Value = "read
                """;
            await AssertNoFixParsesWorse(source, new PermissionModelMissingLegacyFullAnalyzer(), new PermissionModelMissingLegacyFullCodeFix());
        }

        [Fact]
        public async Task Sap001_BrokenClientConstruction_IsNotCopied()
        {
            const string source = """
                using System;
                using System.Threading.Tasks;
                class SaperlyClientOptions { public string? ApiKey { get; set; } public string? BaseUrl { get; set; } }
                class KeysResource { public Task<object> ListAsync() => Task.FromResult<object>(1); }
                class CallsResource { public Task<object> CreateAsync(object o) => Task.FromResult(o); }
                class SaperlyClient
                {
                    public SaperlyClient(SaperlyClientOptions options) { }
                    public KeysResource Keys { get; } = new();
                    public CallsResource Calls { get; } = new();
                }
                class Program
                {
                    async Task Run()
                    {
                        var client = new SaperlyClient(new SaperlyClientOptions
                        {
                            ApiKey = Environment.GetEnvironmentVariable("SAPERLY_API_KEY"),
                            BaseUrl = Environment.GetEnvironmentVariable("SAPERLY_BASE_URL" ?? "https://saperly.com/api/",
                        });
                        await client.Keys.ListAsync();
                        await client.Calls.CreateAsync(new { to = "+14155551234" });
                    }
                }
                """;
            await AssertNoFixParsesWorse(source, new KeyManagementWithApiKeyAnalyzer(), new KeyManagementWithApiKeyCodeFix());
        }

        private static async Task AssertNoFixParsesWorse(string source, DiagnosticAnalyzer analyzer, CodeFixProvider fixer)
        {
            var references = Verifiers.TestReferences.Net80;
            using var workspace = new AdhocWorkspace();
            var project = workspace.AddProject("Test", LanguageNames.CSharp)
                .WithMetadataReferences(references)
                .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            var document = project.AddDocument("Test.cs", SourceText.From(source));
            var compilation = (await document.Project.GetCompilationAsync())!;
            var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync();
            var findings = diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)).ToList();
            Assert.NotEmpty(findings); // the rule still reports on the broken code; only the fix must hold back

            var before = CountSyntaxErrors(source);
            foreach (var diagnostic in findings)
            {
                var actions = new System.Collections.Generic.List<CodeAction>();
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
                foreach (var action in actions)
                {
                    foreach (var operation in await action.GetOperationsAsync(CancellationToken.None))
                    {
                        if (operation is ApplyChangesOperation apply)
                        {
                            var text = (await apply.ChangedSolution.GetDocument(document.Id)!.GetTextAsync()).ToString();
                            Assert.True(CountSyntaxErrors(text) <= before, "the fix made the code parse worse:\n" + text);
                        }
                    }
                }
            }
        }

        private static int CountSyntaxErrors(string text) =>
            CSharpSyntaxTree.ParseText(text).GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
    }
}

using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Saperly.Migration.Ide.Tests.Infrastructure;

namespace Saperly.Migration.Ide.Tests
{
    /// <summary>
    /// SAP squiggles in an editor: csharp-ls, a real C# language server, on a project that references the analyzer
    /// package, reports our diagnostics for an open document and takes them back when edits fix the code, whether
    /// the client takes diagnostics pushed or pulls them. csharp-ls loads no third-party code fixes; the quick
    /// fixes are proven through dotnet format (PackageTests). docs/editors.md tells users what this pins.
    /// </summary>
    public sealed class CSharpLsDiagnosticsTests : IClassFixture<ConsumerProject>
    {
        // {|name:…|} marks the spans the diagnostics and the edits are checked against.
        private static readonly Markup Program = Markup.Parse("""
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading.Tasks;

            public enum {|enum:KeyPermission|} { Full, CallOnly, SmsOnly, {|lastTier:ReadOnly|} }

            public static class Program
            {
                public static async Task Main()
                {
                    // A compiler warning that no edit removes: every diagnostics list the test accepts is a real
                    // analysis of the document, not an empty list sent before the project is loaded.
                    int {|unused:unused|} = 0;
                    var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("{|secret:SAPERLY_API_KEY|}"));
                    using var keys = await {|listKeys:http.GetAsync("v1/keys")|};
                    Console.WriteLine(keys.StatusCode);
                }
            }
            """);

        /// <summary>The titles of the package's SAP001 and SAP004 code fixes, as Visual Studio would list them.</summary>
        private static readonly string[] SapFixTitles = { "Use the service key for key management", "Accept legacy_full" };

        private static readonly JsonObject AnalyzersEnabled = new JsonObject { ["analyzersEnabled"] = true };

        private readonly ConsumerProject _project;

        public CSharpLsDiagnosticsTests(ConsumerProject project)
        {
            _project = project;
        }

        [Fact]
        public async Task PushedDiagnostics_ShowSapFindingsForAnOpenDocument_AndDropThemWithTheEditsThatFixThem()
        {
            var path = _project.WriteSource("Program.cs", Program.Text);
            await using var server = await CSharpLanguageServer.StartAsync(_project.Folder, AnalyzersEnabled, DiagnosticsMode.Push);
            var opened = await OpenWithSapFindingsAsync(server, path);

            // No SAP quick fix among the code actions: csharp-ls offers Roslyn's own fixes and refactorings only.
            var titles = await server.CodeActionTitlesAsync(path, Program["listKeys"], opened.Where(d => d.IsSaperly).Select(d => d.Json));
            Assert.True(!titles.Intersect(SapFixTitles).Any(), "csharp-ls now offers an SAP fix (update docs/editors.md): " + string.Join(", ", titles));

            await FixingEditsDropTheFindingsAsync(server, path);
        }

        [Fact]
        public async Task PulledDiagnostics_ShowSapFindingsForAnOpenDocument_AndDropThemWithTheEditsThatFixThem()
        {
            var path = _project.WriteSource("Program.cs", Program.Text);
            await using var server = await CSharpLanguageServer.StartAsync(_project.Folder, AnalyzersEnabled, DiagnosticsMode.Pull);
            await OpenWithSapFindingsAsync(server, path);
            await FixingEditsDropTheFindingsAsync(server, path);
        }

        [Fact]
        public async Task WithoutTheSetting_TheServerReportsCompilerDiagnosticsOnly()
        {
            // csharp-ls runs analyzers only when the client's csharp settings say analyzersEnabled: true.
            var path = _project.WriteSource("Program.cs", Program.Text);
            await using var server = await CSharpLanguageServer.StartAsync(_project.Folder, new JsonObject(), DiagnosticsMode.Push);
            await server.OpenAsync(path, Program.Text);

            var opened = await server.DiagnosticsAsync(path, d => d.Any(x => x.Code == "CS0219"), "the compiler's diagnostics for the opened document");
            Assert.True(SapCodes(opened).Length == 0, "expected no SAP diagnostic without analyzersEnabled, got:\n" + string.Join("\n", opened));
        }

        /// <summary>Opens the document and checks SAP001 and SAP004 on their spans; returns its diagnostics.</summary>
        private static async Task<IReadOnlyList<LspDiagnostic>> OpenWithSapFindingsAsync(CSharpLanguageServer server, string path)
        {
            await server.OpenAsync(path, Program.Text);
            var opened = await server.DiagnosticsAsync(path, d => d.Any(x => x.IsSaperly), "SAP diagnostics for the opened document");
            Assert.True(SapCodes(opened).SequenceEqual(new[] { "SAP001", "SAP004" }), "expected SAP001 and SAP004, got:\n" + string.Join("\n", opened) + "\n" + server.Describe());
            var keyManagement = opened.Single(d => d.Code == "SAP001");
            Assert.Equal(Program["listKeys"], keyManagement.Range);
            Assert.Equal(LspDiagnostic.Warning, keyManagement.Severity);
            Assert.StartsWith("GET /v1/keys is authenticated with SAPERLY_API_KEY", keyManagement.Message);
            Assert.EndsWith("docs/rules/SAP001.md", keyManagement.HelpLink);
            var permissionModel = opened.Single(d => d.Code == "SAP004");
            Assert.Equal(Program["enum"], permissionModel.Range);
            Assert.EndsWith("docs/rules/SAP004.md", permissionModel.HelpLink);
            Assert.Contains(opened, d => d.Code == "CS0219" && d.Range == Program["unused"]);
            return opened;
        }

        /// <summary>Fixes the enum and sees SAP004 go while SAP001 stays; fixes the key and sees no SAP diagnostic.</summary>
        private static async Task FixingEditsDropTheFindingsAsync(CSharpLanguageServer server, string path)
        {
            // The edits an editor sends as the user types. Each is on a line of its own and adds no line, so the
            // ranges marked in the original text still hold for the second.
            await server.ChangeAsync(path, 2, Program["lastTier"], "ReadOnly, LegacyFull");
            var enumFixed = await server.DiagnosticsAsync(path, d => d.Any(x => x.Code == "CS0219") && !d.Any(x => x.Code == "SAP004"), "SAP004 gone after the enum edit");
            Assert.True(SapCodes(enumFixed).SequenceEqual(new[] { "SAP001" }), "expected SAP001 alone, got:\n" + string.Join("\n", enumFixed));
            Assert.Equal(Program["listKeys"], enumFixed.Single(d => d.Code == "SAP001").Range);

            await server.ChangeAsync(path, 3, Program["secret"], "SAPERLY_SERVICE_KEY");
            var allFixed = await server.DiagnosticsAsync(path, d => d.Any(x => x.Code == "CS0219") && !d.Any(x => x.Code == "SAP001"), "SAP001 gone after the key edit");
            Assert.True(SapCodes(allFixed).Length == 0, "expected no SAP diagnostic, got:\n" + string.Join("\n", allFixed));
        }

        private static string[] SapCodes(IEnumerable<LspDiagnostic> diagnostics) =>
            diagnostics.Where(d => d.IsSaperly).Select(d => d.Code).Distinct().OrderBy(c => c, System.StringComparer.Ordinal).ToArray();
    }
}

using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Saperly.Migration.Ide.Tests.Infrastructure;

namespace Saperly.Migration.Ide.Tests
{
    /// <summary>
    /// SAP squiggles in an editor: csharp-ls, a real C# language server, on a project that references the analyzer
    /// package, pushes our diagnostics for an open document and takes them back when an edit fixes the code.
    /// csharp-ls loads no third-party code fixes; the quick fixes are proven through dotnet format (PackageTests).
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

        private readonly ConsumerProject _project;

        public CSharpLsDiagnosticsTests(ConsumerProject project)
        {
            _project = project;
        }

        [Fact]
        public async Task WithAnalyzersEnabled_SapDiagnosticsArriveForAnOpenDocument_AndLeaveWithTheEditsThatFixThem()
        {
            var path = _project.WriteSource("Program.cs", Program.Text);
            await using var server = await CSharpLanguageServer.StartAsync(_project.Folder, new JsonObject { ["analyzersEnabled"] = true });
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

        [Fact]
        public async Task WithoutTheSetting_TheServerReportsCompilerDiagnosticsOnly()
        {
            // csharp-ls runs analyzers only when the client's csharp settings say analyzersEnabled: true. This pins
            // what docs/editors.md tells users to enable.
            var path = _project.WriteSource("Program.cs", Program.Text);
            await using var server = await CSharpLanguageServer.StartAsync(_project.Folder, new JsonObject());
            await server.OpenAsync(path, Program.Text);

            var opened = await server.DiagnosticsAsync(path, d => d.Any(x => x.Code == "CS0219"), "the compiler's diagnostics for the opened document");
            Assert.True(SapCodes(opened).Length == 0, "expected no SAP diagnostic without analyzersEnabled, got:\n" + string.Join("\n", opened));
        }

        private static string[] SapCodes(System.Collections.Generic.IEnumerable<LspDiagnostic> diagnostics) =>
            diagnostics.Where(d => d.IsSaperly).Select(d => d.Code).Distinct().OrderBy(c => c, System.StringComparer.Ordinal).ToArray();
    }
}

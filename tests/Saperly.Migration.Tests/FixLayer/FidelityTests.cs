using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Saperly.Migration.Analyzers.Rules;

namespace Saperly.Migration.Tests.FixLayer
{
    /// <summary>
    /// What the fixes promise about the user's code they move and the lines they add, for every call shape: a
    /// multi-line raw or verbatim string inside moved code stays byte-identical (wherever the code moves to), a CRLF
    /// file stays CRLF, a tab-indented file gets tab-indented lines.
    /// </summary>
    public class FidelityTests
    {
        private const string RawBody = "\"\"\"\n        {\n            \"name\": \"agent\"\n        }\n        \"\"\"";
        private const string VerbatimNote = "@\"first line\n    second line, indented\"";

        private static readonly (string Name, string Members, string Statement, string Kept, string Types)[] Shapes =
        {
            ("restsharp request",
                "    private readonly RestClient client = new(new RestClientOptions(\"https://saperly.com/api\") { Authenticator = new JwtAuthenticator(Environment.GetEnvironmentVariable(\"SAPERLY_API_KEY\")!) });\n\n    public Task<RestResponse> PlaceCall() => client.ExecutePostAsync(new RestRequest(\"v1/calls\"));",
                "var response = await client.ExecutePostAsync(new RestRequest(\"v1/keys\")\n            .AddStringBody(" + RawBody + ", ContentType.Json));", RawBody, ""),
            ("flurl chain",
                "    private readonly IFlurlClient client = new FlurlClient(\"https://saperly.com/api\").WithOAuthBearerToken(Environment.GetEnvironmentVariable(\"SAPERLY_API_KEY\"));\n\n    public Task<IFlurlResponse> PlaceCall() => client.Request(\"v1/calls\").PostAsync();",
                "var response = await client.Request(\"v1/keys\")\n            .WithHeader(\"X-Note\", " + VerbatimNote + ")\n            .PostStringAsync(" + RawBody + ");", RawBody, ""),
            ("shorthand",
                Http, "var response = await http.PostAsync(\"v1/keys\", new StringContent(" + RawBody + "));", RawBody, ""),
            ("json extension",
                Http, "var response = await http.PostAsJsonAsync(\"v1/keys\", new { name = \"agent\", note = " + VerbatimNote + " });", VerbatimNote, ""),
            ("request created in the call",
                Http, "var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, \"v1/keys\")\n        {\n            Content = new StringContent(" + RawBody + "),\n        });", RawBody, ""),
            ("sdk-style client",
                "    private readonly SaperlyClient client = new SaperlyClient(\n        Environment.GetEnvironmentVariable(\"SAPERLY_API_KEY\"),\n        " + VerbatimNote + ");\n\n    public Task<HttpResponseMessage> PlaceCall() => client.Calls.CreateAsync(new { to = \"+14155551234\" });",
                "var response = await client.Keys.CreateAsync(new { name = \"agent\" });", VerbatimNote,
                "class KeysResource { public Task<HttpResponseMessage> CreateAsync(object request, string? idempotencyKey = null) => Task.FromResult(new HttpResponseMessage()); }\n" +
                "class CallsResource { public Task<HttpResponseMessage> CreateAsync(object request) => Task.FromResult(new HttpResponseMessage()); }\n" +
                "class SaperlyClient\n{\n    public SaperlyClient(string? apiKey, string? note = null) { }\n    public KeysResource Keys { get; } = new();\n    public CallsResource Calls { get; } = new();\n}\n"),
        };

        private const string Http = """
                private readonly HttpClient http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                public Fleet() => http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

                public Task<HttpResponseMessage> PlaceCall() => http.PostAsync("v1/calls", null);
            """;

        public static TheoryData<int, string, bool, bool> Cases()
        {
            var data = new TheoryData<int, string, bool, bool>();
            for (var shape = 0; shape < Shapes.Length; shape++)
            {
                foreach (var rule in new[] { RuleIds.MissingIdempotencyKey, RuleIds.KeyManagementWithApiKey })
                {
                    foreach (var crlf in new[] { false, true })
                    {
                        foreach (var tabs in new[] { false, true })
                        {
                            data.Add(shape, rule, crlf, tabs);
                        }
                    }
                }
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public async Task MovedCodeKeepsItsBytes_AndNewLinesTakeTheFilesNewlineAndIndentation(int shape, string rule, bool crlf, bool tabs)
        {
            var (name, members, statement, kept, types) = Shapes[shape];
            var (library, usings) = name.Split(' ')[0] switch
            {
                "flurl" => (Verifiers.TestReferences.Flurl, "using Flurl.Http;\n"),
                "restsharp" => (Verifiers.TestReferences.RestSharp, "using RestSharp;\nusing RestSharp.Authenticators;\n"),
                _ => (default(ImmutableArray<MetadataReference>?), ""),
            };
            var source = usings + "class Fleet\n{\n" + members + "\n\n    public async Task Run()\n    {\n        " + statement + "\n    }\n}\n\n" + types;
            if (tabs)
            {
                // Every run of four spaces that indents a line becomes a tab, the string's own lines included.
                source = Regex.Replace(source, "(?m)^((?:    )+)", m => new string('\t', m.Length / 4));
                kept = Regex.Replace(kept, "(?m)^((?:    )+)", m => new string('\t', m.Length / 4));
            }

            if (crlf)
            {
                source = source.Replace("\n", "\r\n");
                kept = kept.Replace("\n", "\r\n");
            }

            var run = await FixRun.RunAsync(source, rule, libraries: library);
            Assert.True(run.Found.Length == 1 && run.Left.IsEmpty && run.Before != run.After, name + ": not fixed\n" + run);
            Assert.True(run.ErrorsAfter.Length <= run.ErrorsBefore.Length, name + ": the fix added compiler errors\n" + run);

            // The string the user wrote is still there, to the byte.
            Assert.True(run.After.Contains(kept), name + ": the moved string changed\n" + run);

            // Every line ends with the file's newline.
            var lines = Regex.Split(run.After, "(?<=\n)");
            Assert.True(crlf ? !Regex.IsMatch(run.After, "(?<!\r)\n") : !run.After.Contains('\r'), name + ": a line ends with the other newline\n" + run);

            // Every indented line outside the strings is indented as the file is: tabs in a tab file, spaces in a space file.
            var code = run.After.Replace(kept, "");
            foreach (var line in Regex.Split(code, "\r?\n").Where(l => l.Length > 0 && char.IsWhiteSpace(l[0])))
            {
                var indentation = line.Substring(0, line.Length - line.TrimStart().Length);
                Assert.True(tabs ? indentation.All(c => c == '\t') : indentation.All(c => c == ' '), $"{name}: line indented with the other whitespace: [{line}]\n{run}");
            }

            Assert.True(lines.Length > 1);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task AUsingTheFixAdds_EndsWithTheFilesNewline(bool crlf)
        {
            var source = """
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;

                class Minter
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };

                    public async Task Mint()
                    {
                        await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(_http, "v1/keys", new { name = "a" });
                    }
                }
                """;
            source = crlf ? source.Replace("\n", "\r\n") : source;
            var run = await FixRun.RunAsync(source, RuleIds.MissingIdempotencyKey, globalUsings: false);

            Assert.True(run.Found.Length == 1 && run.Left.IsEmpty, run.ToString());
            Assert.Contains(crlf ? "using System.Net.Http.Json;\r\n" : "using System.Net.Http.Json;\n", run.After);
            Assert.Contains("JsonContent.Create(new { name = \"a\" })", run.After);
            Assert.True(crlf ? !Regex.IsMatch(run.After, "(?<!\r)\n") : !run.After.Contains('\r'), "a line ends with the other newline\n" + run);
        }
    }
}

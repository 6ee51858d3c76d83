using System;
using Saperly.Migration.Tests.Shared;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace Saperly.Migration.Ide.Tests.Infrastructure
{
    /// <summary>How a client takes diagnostics; csharp-ls pushes them only to clients that announce no pull support.</summary>
    public enum DiagnosticsMode
    {
        /// <summary>The server sends <c>textDocument/publishDiagnostics</c> (Helix's client works this way).</summary>
        Push,

        /// <summary>The client asks with <c>textDocument/diagnostic</c> (LSP 3.17 clients that announce it).</summary>
        Pull,
    }

    /// <summary>
    /// csharp-ls, the C# language server of the repository's tool manifest (.config/dotnet-tools.json), started
    /// with <c>dotnet tool run</c> as an editor would, and driven as an editor does: initialize on a workspace
    /// folder, answer <c>workspace/configuration</c> for the <c>csharp</c> section, open and edit documents, and
    /// take diagnostics the way the <see cref="DiagnosticsMode"/> given says.
    /// </summary>
    public sealed class CSharpLanguageServer : IAsyncDisposable
    {
        /// <summary>Loading MSBuild and the project on two shared cores; generous, and never an assertion on speed.</summary>
        public static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

        // The project's build restored the tool (RestoreLanguageServer); this only confirms it, and downloads nothing then.
        private static readonly Lazy<string> ToolRestore = new Lazy<string>(() =>
        {
            var root = DotnetProcess.RepositoryRoot();
            var restore = DotnetProcess.Run(root, null, "tool", "restore");
            if (restore.ExitCode != 0)
            {
                throw new InvalidOperationException("dotnet tool restore failed:" + Environment.NewLine + restore.Output);
            }

            return root;
        });

        private readonly LspConnection _connection;
        private readonly DiagnosticsMode _mode;

        private CSharpLanguageServer(LspConnection connection, DiagnosticsMode mode)
        {
            _connection = connection;
            _mode = mode;
        }

        /// <summary>
        /// Restores the tool (once per test run), starts it and completes the initialize handshake on
        /// <paramref name="workspaceFolder"/>. <paramref name="csharpSettings"/> is the client's answer for the
        /// <c>csharp</c> configuration section, e.g. <c>{ "analyzersEnabled": true }</c>.
        /// </summary>
        public static async Task<CSharpLanguageServer> StartAsync(string workspaceFolder, JsonObject csharpSettings, DiagnosticsMode mode = DiagnosticsMode.Push)
        {
            var manifestFolder = ToolRestore.Value;
            var start = DotnetProcess.StartInfo(manifestFolder, null, "tool", "run", "csharp-ls", "--loglevel", "info");
            var connection = LspConnection.Start(start, (method, parameters) => Answer(method, parameters, csharpSettings));
            var server = new CSharpLanguageServer(connection, mode);
            try
            {
                var folder = new Uri(workspaceFolder).AbsoluteUri;
                await connection.RequestAsync("initialize", new JsonObject
                {
                    ["processId"] = Environment.ProcessId,
                    ["clientInfo"] = new JsonObject { ["name"] = "Saperly.Migration.Ide.Tests" },
                    ["rootUri"] = folder,
                    ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = folder, ["name"] = "consumer" }),
                    ["capabilities"] = new JsonObject
                    {
                        ["workspace"] = new JsonObject { ["configuration"] = true, ["workspaceFolders"] = true },
                        ["textDocument"] = TextDocumentCapabilities(mode),
                    },
                }, Patience);
                await connection.NotifyAsync("initialized", new JsonObject());
                return server;
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }

        public Task OpenAsync(string path, string text) =>
            _connection.NotifyAsync("textDocument/didOpen", new JsonObject
            {
                ["textDocument"] = new JsonObject
                {
                    ["uri"] = new Uri(path).AbsoluteUri,
                    ["languageId"] = "csharp",
                    ["version"] = 1,
                    ["text"] = text,
                },
            });

        /// <summary>An incremental edit, as editors send them: <paramref name="range"/> replaced by <paramref name="newText"/>.</summary>
        public Task ChangeAsync(string path, int version, LspRange range, string newText) =>
            _connection.NotifyAsync("textDocument/didChange", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = new Uri(path).AbsoluteUri, ["version"] = version },
                ["contentChanges"] = new JsonArray(new JsonObject { ["range"] = range.ToJson(), ["text"] = newText }),
            });

        /// <summary>
        /// The document's diagnostics once they satisfy <paramref name="matches"/>: the next push that does, or
        /// in pull mode the first answer that does, asking again while the server loads and analyzes.
        /// </summary>
        public Task<IReadOnlyList<LspDiagnostic>> DiagnosticsAsync(string path, Func<IReadOnlyList<LspDiagnostic>, bool> matches, string waitingFor) =>
            _mode == DiagnosticsMode.Push ? PushedDiagnosticsAsync(path, matches, waitingFor) : PulledDiagnosticsAsync(path, matches, waitingFor);

        /// <summary>The titles of the code actions the server offers for <paramref name="diagnostics"/> on <paramref name="range"/>.</summary>
        public async Task<IReadOnlyList<string>> CodeActionTitlesAsync(string path, LspRange range, IEnumerable<JsonNode> diagnostics)
        {
            var actions = await _connection.RequestAsync("textDocument/codeAction", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = new Uri(path).AbsoluteUri },
                ["range"] = range.ToJson(),
                ["context"] = new JsonObject { ["diagnostics"] = new JsonArray(diagnostics.Select(d => d.DeepClone()).ToArray()) },
            }, Patience);
            return (actions?.AsArray() ?? new JsonArray()).Select(a => (string?)a?["title"] ?? "").ToList();
        }

        private async Task<IReadOnlyList<LspDiagnostic>> PushedDiagnosticsAsync(string path, Func<IReadOnlyList<LspDiagnostic>, bool> matches, string waitingFor)
        {
            var uri = new Uri(path);
            var message = await _connection.WaitForNotificationAsync(
                "textDocument/publishDiagnostics",
                parameters => new Uri((string)parameters!["uri"]!) == uri && matches(LspDiagnostic.ListFrom(parameters)),
                waitingFor,
                Patience);
            return LspDiagnostic.ListFrom(message["params"]);
        }

        private async Task<IReadOnlyList<LspDiagnostic>> PulledDiagnosticsAsync(string path, Func<IReadOnlyList<LspDiagnostic>, bool> matches, string waitingFor)
        {
            var deadline = DateTime.UtcNow + Patience;
            var last = "no answer yet";
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    var report = await _connection.RequestAsync("textDocument/diagnostic", new JsonObject
                    {
                        ["textDocument"] = new JsonObject { ["uri"] = new Uri(path).AbsoluteUri },
                    }, Patience);
                    var diagnostics = LspDiagnostic.ListFrom(new JsonObject { ["diagnostics"] = report?["items"]?.DeepClone() });
                    if (matches(diagnostics))
                    {
                        return diagnostics;
                    }

                    last = report?.ToJsonString() ?? "null";
                }
                catch (LspErrorException e)
                {
                    // Asked before the project is loaded, the server may answer with an error; an editor asks again.
                    last = e.Message;
                }

                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            throw new TimeoutException($"asked for textDocument/diagnostic for {Patience.TotalSeconds:F0}s: {waitingFor}; last answer: {last}{Environment.NewLine}{Describe()}");
        }

        private static JsonObject TextDocumentCapabilities(DiagnosticsMode mode)
        {
            var capabilities = new JsonObject
            {
                ["synchronization"] = new JsonObject { ["dynamicRegistration"] = false },
                ["publishDiagnostics"] = new JsonObject { ["relatedInformation"] = true },
                ["codeAction"] = new JsonObject
                {
                    ["codeActionLiteralSupport"] = new JsonObject
                    {
                        ["codeActionKind"] = new JsonObject { ["valueSet"] = new JsonArray("", "quickfix", "refactor", "source") },
                    },
                },
            };
            if (mode == DiagnosticsMode.Pull)
            {
                capabilities["diagnostic"] = new JsonObject { ["dynamicRegistration"] = false, ["relatedDocumentSupport"] = false };
            }

            return capabilities;
        }

        /// <summary>What the server said so far, for failure messages.</summary>
        public string Describe() => _connection.Describe();

        public ValueTask DisposeAsync() => _connection.DisposeAsync();

        private static JsonNode? Answer(string method, JsonNode? parameters, JsonObject csharpSettings)
        {
            if (method != "workspace/configuration")
            {
                // client/registerCapability, window/workDoneProgress/create, …: acknowledged, nothing to do.
                return null;
            }

            var items = parameters?["items"]?.AsArray() ?? new JsonArray();
            return new JsonArray(items.Select(item => (string?)item?["section"] == "csharp" ? csharpSettings.DeepClone() : null).ToArray());
        }
    }
}

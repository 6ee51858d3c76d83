using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace Saperly.Migration.Ide.Tests.Infrastructure
{
    /// <summary>
    /// csharp-ls, the C# language server of the repository's tool manifest (.config/dotnet-tools.json), started
    /// with <c>dotnet tool run</c> as an editor would, and driven as an editor does: initialize on a workspace
    /// folder, answer <c>workspace/configuration</c> for the <c>csharp</c> section, open and edit documents, and
    /// take the diagnostics it pushes (<c>textDocument/publishDiagnostics</c>: this client announces no pull
    /// support, which is how csharp-ls decides to push).
    /// </summary>
    public sealed class CSharpLanguageServer : IAsyncDisposable
    {
        /// <summary>Loading MSBuild and the project on two shared cores; generous, and never an assertion on speed.</summary>
        public static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

        private static readonly Lazy<string> ToolRestore = new Lazy<string>(() =>
        {
            var root = Dotnet.RepositoryRoot();
            var restore = Dotnet.Run(root, null, "tool", "restore");
            if (restore.ExitCode != 0)
            {
                throw new InvalidOperationException("dotnet tool restore failed:" + Environment.NewLine + restore.Output);
            }

            return root;
        });

        private readonly LspConnection _connection;

        private CSharpLanguageServer(LspConnection connection)
        {
            _connection = connection;
        }

        /// <summary>
        /// Restores the tool (once per test run), starts it and completes the initialize handshake on
        /// <paramref name="workspaceFolder"/>. <paramref name="csharpSettings"/> is the client's answer for the
        /// <c>csharp</c> configuration section, e.g. <c>{ "analyzersEnabled": true }</c>.
        /// </summary>
        public static async Task<CSharpLanguageServer> StartAsync(string workspaceFolder, JsonObject csharpSettings)
        {
            var manifestFolder = ToolRestore.Value;
            var start = Dotnet.StartInfo(manifestFolder, null, "tool", "run", "csharp-ls", "--loglevel", "info");
            var connection = LspConnection.Start(start, (method, parameters) => Answer(method, parameters, csharpSettings));
            var server = new CSharpLanguageServer(connection);
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
                        ["textDocument"] = new JsonObject
                        {
                            ["synchronization"] = new JsonObject { ["dynamicRegistration"] = false },
                            ["publishDiagnostics"] = new JsonObject { ["relatedInformation"] = true },
                        },
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

        /// <summary>The next diagnostics the server pushes for <paramref name="path"/> that satisfy <paramref name="matches"/>.</summary>
        public async Task<IReadOnlyList<LspDiagnostic>> DiagnosticsAsync(string path, Func<IReadOnlyList<LspDiagnostic>, bool> matches, string waitingFor)
        {
            var uri = new Uri(path);
            var message = await _connection.WaitForNotificationAsync(
                "textDocument/publishDiagnostics",
                parameters => new Uri((string)parameters!["uri"]!) == uri && matches(LspDiagnostic.ListFrom(parameters)),
                waitingFor,
                Patience);
            return LspDiagnostic.ListFrom(message["params"]);
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

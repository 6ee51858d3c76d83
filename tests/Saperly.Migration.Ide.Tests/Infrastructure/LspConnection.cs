using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Saperly.Migration.Ide.Tests.Infrastructure
{
    /// <summary>An error the server answered a request with.</summary>
    public sealed class LspErrorException : Exception
    {
        public LspErrorException(string error)
            : base("the server answered with an error: " + error)
        {
        }
    }

    /// <summary>
    /// The client end of a Language Server Protocol connection over a server process's stdin/stdout: JSON-RPC 2.0
    /// messages framed by a <c>Content-Length</c> header. Requests the server sends are answered by the handler
    /// given; notifications queue up for <see cref="WaitForNotificationAsync"/>. Everything received is kept in a
    /// transcript, with the server's stderr, for failure messages.
    /// </summary>
    public sealed class LspConnection : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Stream _toServer;
        private readonly Stream _fromServer;
        private readonly Func<string, JsonNode?, JsonNode?> _answerServerRequest;
        private readonly SemaphoreSlim _writeLock = new SemaphoreSlim(1, 1);
        private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonNode?>> _pending = new();
        private readonly Channel<JsonObject> _notifications = Channel.CreateUnbounded<JsonObject>();
        private readonly StringBuilder _transcript = new StringBuilder();
        private readonly StringBuilder _stderr = new StringBuilder();
        private readonly Task _reader;
        private long _nextId;

        private LspConnection(Process process, Func<string, JsonNode?, JsonNode?> answerServerRequest)
        {
            _process = process;
            _toServer = process.StandardInput.BaseStream;
            _fromServer = new BufferedStream(process.StandardOutput.BaseStream);
            _answerServerRequest = answerServerRequest;
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (_stderr) { _stderr.AppendLine(e.Data); } } };
            process.BeginErrorReadLine();
            _reader = Task.Run(ReadLoopAsync);
        }

        /// <summary>Starts the server process; <paramref name="answerServerRequest"/> answers its requests (method, params → result).</summary>
        public static LspConnection Start(ProcessStartInfo server, Func<string, JsonNode?, JsonNode?> answerServerRequest)
        {
            server.RedirectStandardInput = true;
            server.RedirectStandardOutput = true;
            server.RedirectStandardError = true;
            server.UseShellExecute = false;
            var process = Process.Start(server) ?? throw new InvalidOperationException("could not start " + server.FileName);
            return new LspConnection(process, answerServerRequest);
        }

        public async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters, TimeSpan timeout)
        {
            var id = Interlocked.Increment(ref _nextId);
            var answer = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[id] = answer;
            await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
            try
            {
                return await answer.Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"no answer to {method} within {timeout.TotalSeconds:F0}s{Environment.NewLine}{Describe()}");
            }
        }

        public Task NotifyAsync(string method, JsonNode? parameters) =>
            SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

        /// <summary>Waits for the next notification of <paramref name="method"/> that <paramref name="matches"/>; earlier ones are dropped.</summary>
        public async Task<JsonObject> WaitForNotificationAsync(string method, Func<JsonNode?, bool> matches, string waitingFor, TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                while (true)
                {
                    var message = await _notifications.Reader.ReadAsync(cancel.Token);
                    if ((string?)message["method"] == method && matches(message["params"]))
                    {
                        return message;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"waited {timeout.TotalSeconds:F0}s for {method}: {waitingFor}{Environment.NewLine}{Describe()}");
            }
            catch (ChannelClosedException)
            {
                throw new InvalidOperationException($"the server closed its output while waiting for {method}: {waitingFor}{Environment.NewLine}{Describe()}");
            }
        }

        /// <summary>What the server said so far: the messages it sent (abridged) and the end of its stderr.</summary>
        public string Describe()
        {
            string transcript, stderr;
            lock (_transcript)
            {
                transcript = Tail(_transcript.ToString());
            }

            lock (_stderr)
            {
                stderr = Tail(_stderr.ToString());
            }

            return $"--- received ---{Environment.NewLine}{transcript}{Environment.NewLine}--- server stderr ---{Environment.NewLine}{stderr}";
        }

        /// <summary>The LSP exit sequence (shutdown, exit); the process tree is ended if it does not go by itself.</summary>
        public async ValueTask DisposeAsync()
        {
            try
            {
                if (!_process.HasExited)
                {
                    await RequestAsync("shutdown", null, TimeSpan.FromSeconds(30));
                    await NotifyAsync("exit", null);
                    using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    await _process.WaitForExitAsync(wait.Token);
                }
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException or IOException or InvalidOperationException)
            {
                // A server that does not leave cleanly is still ended below; the test's own assertions already ran.
            }
            finally
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                }

                await _reader.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { }, TaskScheduler.Default);
                _process.Dispose();
                _writeLock.Dispose();
            }
        }

        private async Task SendAsync(JsonObject message)
        {
            var body = Encoding.UTF8.GetBytes(message.ToJsonString());
            var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
            await _writeLock.WaitAsync();
            try
            {
                await _toServer.WriteAsync(header);
                await _toServer.WriteAsync(body);
                await _toServer.FlushAsync();
            }
            finally
            {
                _writeLock.Release();
            }
        }

        private async Task ReadLoopAsync()
        {
            try
            {
                while (await ReadMessageAsync() is { } message)
                {
                    Record(message);
                    var method = (string?)message["method"];
                    var id = message["id"];
                    if (method != null && id != null)
                    {
                        var result = _answerServerRequest(method, message["params"]);
                        await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = result });
                    }
                    else if (method != null)
                    {
                        _notifications.Writer.TryWrite(message);
                    }
                    else if (id != null && _pending.TryRemove((long)id, out var answer))
                    {
                        if (message["error"] is { } error)
                        {
                            answer.TrySetException(new LspErrorException(error.ToJsonString()));
                        }
                        else
                        {
                            answer.TrySetResult(message["result"]);
                        }
                    }
                }
            }
            catch (IOException)
            {
                // The server went away; the waits below report it with the transcript.
            }
            finally
            {
                _notifications.Writer.TryComplete();
                foreach (var pending in _pending.Values)
                {
                    pending.TrySetException(new InvalidOperationException("the server closed its output" + Environment.NewLine + Describe()));
                }
            }
        }

        /// <summary>One framed message, or null at the end of the stream.</summary>
        private async Task<JsonObject?> ReadMessageAsync()
        {
            int? length = null;
            while (true)
            {
                var line = await ReadHeaderLineAsync();
                if (line == null)
                {
                    return null;
                }

                if (line.Length == 0)
                {
                    break;
                }

                var colon = line.IndexOf(':');
                if (colon > 0 && line.Substring(0, colon).Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    length = int.Parse(line.Substring(colon + 1).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            if (length is not { } size)
            {
                throw new InvalidDataException("a message without Content-Length" + Environment.NewLine + Describe());
            }

            var body = new byte[size];
            await _fromServer.ReadExactlyAsync(body);
            return JsonNode.Parse(body)!.AsObject();
        }

        /// <summary>A header line without its CR LF; null at the end of the stream.</summary>
        private async Task<string?> ReadHeaderLineAsync()
        {
            var bytes = new List<byte>();
            var one = new byte[1];
            while (true)
            {
                if (await _fromServer.ReadAsync(one) == 0)
                {
                    return null;
                }

                if (one[0] == (byte)'\n')
                {
                    return Encoding.ASCII.GetString(bytes.ToArray()).TrimEnd('\r');
                }

                bytes.Add(one[0]);
            }
        }

        private void Record(JsonObject message)
        {
            var text = message.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
            if (text.Length > 2000)
            {
                text = text.Substring(0, 2000) + "…";
            }

            lock (_transcript)
            {
                _transcript.AppendLine(text);
            }
        }

        private static string Tail(string text) => text.Length <= 12000 ? text : "…" + text.Substring(text.Length - 12000);
    }
}

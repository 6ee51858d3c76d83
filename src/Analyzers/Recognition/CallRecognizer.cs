using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Saperly.Migration.Analyzers.Model;

namespace Saperly.Migration.Analyzers.Recognition
{
    /// <summary>
    /// Turns one invocation into "a Saperly call", or null. The only code that knows how C# spells an
    /// HTTP call to Saperly and where its credential comes from. Never guesses: when the endpoint cannot
    /// be established the call is not Saperly's; a credential it cannot follow is left unknown.
    /// </summary>
    internal sealed partial class CallRecognizer
    {
        private const int MaxDepth = 8;

        // Plain hash sets: these are asked for every invocation of every compilation (an immutable set's tree lookup costs more).
        private static readonly HashSet<string> HttpClientMethods = new HashSet<string>(StringComparer.Ordinal)
        {
            "GetAsync", "GetStringAsync", "GetStreamAsync", "GetByteArrayAsync",
            "PostAsync", "PutAsync", "PatchAsync", "DeleteAsync", "SendAsync", "Send",
        };

        private static readonly HashSet<string> JsonMethods = new HashSet<string>(StringComparer.Ordinal)
        {
            "GetFromJsonAsync", "GetFromJsonAsAsyncEnumerable", "PostAsJsonAsync", "PutAsJsonAsync", "PatchAsJsonAsync", "DeleteFromJsonAsync",
        };

        internal static readonly HashSet<string> Resources = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Keys", "Calls", "Messages", "Lines", "Consent", "Compliance", "Disclosures", "Billing", "Webhooks",
            "Conversations", "Usage", "Settings", "Voices", "Audit",
        };

        private readonly SaperlyCompilation _shared;
        private readonly SaperlyOptions _options;
        private readonly CancellationToken _cancellationToken;

        public CallRecognizer(SaperlyCompilation shared, SaperlyOptions options, CancellationToken cancellationToken)
        {
            _shared = shared;
            _options = options;
            _cancellationToken = cancellationToken;
        }

        /// <summary>A cheap, name-only filter run before anything else.</summary>
        public static bool IsCandidate(IInvocationOperation invocation, SaperlyCompilation shared)
        {
            var name = invocation.TargetMethod.Name;
            if (HttpClientMethods.Contains(name) || JsonMethods.Contains(name))
            {
                return true;
            }

            return invocation.Instance is IPropertyReferenceOperation property && Resources.Contains(property.Property.Name);
        }

        /// <summary>
        /// Whether a source text could spell an invocation <see cref="IsCandidateName"/> accepts: one of the method
        /// or resource names stands in it as a whole word. One pass over the raw text: every run of ASCII letters,
        /// digits and underscores is a word, so an identifier is always one (or, around a non-ASCII letter, several,
        /// which only lets more files through), and a unicode escape, which could spell any identifier, lets the
        /// file through; a text in which none of the names stands as a word holds no candidate call. Ordinary code
        /// says "keys" or "settings" inside longer words and comments often enough that a substring search let
        /// most files through, and thirty searches over each text cost more than the walk they saved.
        /// </summary>
        public static bool MayNameCandidate(string text)
        {
            if (TextFilters.HasEscape(text))
            {
                return true;
            }

            var start = -1;
            for (var i = 0; i <= text.Length; i++)
            {
                var c = i < text.Length ? text[i] : ' ';
                if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
                {
                    if (start < 0)
                    {
                        start = i;
                    }

                    continue;
                }

                if (start >= 0 && IsCandidateWord(text, start, i - start))
                {
                    return true;
                }

                start = -1;
            }

            return false;
        }

        private static bool IsCandidateWord(string text, int start, int length)
        {
            if (length >= WordsByLength.Length)
            {
                return false;
            }

            foreach (var candidate in WordsByLength[length])
            {
                if (candidate.Matches(text, start))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The method names (ordinal) and resource names (any case) by length, for <see cref="IsCandidateWord"/>.</summary>
        private static readonly CandidateWord[][] WordsByLength = GroupByLength();

        // Plain loops over a class, no LINQ over tuples: generic code over a value type is compiled anew in every
        // compiler process that loads the rules (ReadyToRun cannot carry it), tens of methods for one table.
        private static CandidateWord[][] GroupByLength()
        {
            var all = new List<CandidateWord>();
            foreach (var word in HttpClientMethods)
            {
                all.Add(new CandidateWord(word, ignoreCase: false));
            }

            foreach (var word in JsonMethods)
            {
                all.Add(new CandidateWord(word, ignoreCase: false));
            }

            foreach (var word in Resources)
            {
                all.Add(new CandidateWord(word, ignoreCase: true));
            }

            var longest = 0;
            foreach (var candidate in all)
            {
                longest = Math.Max(longest, candidate.Word.Length);
            }

            var byLength = new CandidateWord[longest + 1][];
            for (var length = 0; length < byLength.Length; length++)
            {
                var size = length;
                byLength[length] = all.FindAll(w => w.Word.Length == size).ToArray();
            }

            return byLength;
        }

        private sealed class CandidateWord
        {
            private readonly int _fold;

            public CandidateWord(string word, bool ignoreCase)
            {
                Word = word;
                _fold = ignoreCase ? 0x20 : 0;
            }

            public string Word { get; }

            /// <summary>
            /// Whether the word of the same length at <paramref name="start"/> is this one. Both are ASCII letters, digits
            /// and underscores, where setting bit 0x20 folds exactly the letters' case: a plain loop instead of
            /// <see cref="string.Compare(string, int, string, int, int, StringComparison)"/>, which every word of every
            /// file whose length matches a name went through.
            /// </summary>
            public bool Matches(string text, int start)
            {
                for (var i = 0; i < Word.Length; i++)
                {
                    if ((text[start + i] | _fold) != (Word[i] | _fold))
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        /// <summary>The same filter on syntax alone, before any binding: <c>x.PostAsync(...)</c>, <c>x.Keys.CreateAsync(...)</c>.</summary>
        public static bool IsCandidateName(Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax node)
        {
            if (!(node.Expression is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax member))
            {
                return node.Expression is Microsoft.CodeAnalysis.CSharp.Syntax.SimpleNameSyntax simple &&
                       (HttpClientMethods.Contains(simple.Identifier.ValueText) || JsonMethods.Contains(simple.Identifier.ValueText));
            }

            var name = member.Name.Identifier.ValueText;
            if (HttpClientMethods.Contains(name) || JsonMethods.Contains(name))
            {
                return true;
            }

            return member.Expression is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax resource && Resources.Contains(resource.Name.Identifier.ValueText);
        }

        public SaperlyCall? Recognize(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var types = _shared.Types;
            if (types.HttpClient != null && invocation.Instance != null && HttpClientMethods.Contains(method.Name) &&
                (Symbols.IsType(method.ContainingType, types.HttpClient) || Symbols.IsType(method.ContainingType, types.HttpMessageInvoker)) &&
                Symbols.IsType(invocation.Instance.Type, types.HttpClient))
            {
                return RecognizeHttp(invocation, invocation.Instance, method.Name);
            }

            if (types.HttpClientJsonExtensions != null && JsonMethods.Contains(method.Name) &&
                SymbolEqualityComparer.Default.Equals(method.ContainingType, types.HttpClientJsonExtensions) &&
                invocation.Arguments.Length > 0)
            {
                var receiver = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0);
                return receiver == null ? null : RecognizeHttp(invocation, receiver.Value, method.Name);
            }

            if (invocation.Instance is IPropertyReferenceOperation resource && Resources.Contains(resource.Property.Name))
            {
                return RecognizeTypedClient(invocation, resource);
            }

            return null;
        }

        private SaperlyCall? RecognizeHttp(IInvocationOperation invocation, IOperation clientExpression, string methodName)
        {
            string? httpMethod;
            IOperation? uriOperation;
            RequestFacts? request = null;
            CallShape shape;
            if (methodName == "SendAsync" || methodName == "Send")
            {
                var requestArgument = Argument(invocation, "request");
                request = requestArgument == null ? null : ResolveRequest(requestArgument, 0);
                if (request == null)
                {
                    return null;
                }

                httpMethod = request.Method;
                uriOperation = request.Uri;
                shape = CallShape.SendRequest;
            }
            else
            {
                httpMethod = VerbOf(methodName);
                uriOperation = Argument(invocation, "requestUri");
                shape = JsonMethods.Contains(methodName) ? CallShape.JsonExtension : CallShape.Shorthand;
            }

            if (httpMethod == null || uriOperation == null)
            {
                return null;
            }

            var client = ResolveClient(clientExpression, 0);
            var uri = UriOf(uriOperation, 0);
            if (uri == null)
            {
                return null;
            }

            if (!uri.IsAbsolute || uri.Host == HostKind.Unknown)
            {
                foreach (var baseAddress in client.BaseAddresses)
                {
                    var resolvedBase = UriOf(baseAddress, 0);
                    if (resolvedBase != null)
                    {
                        uri = uri.ResolveAgainst(resolvedBase);
                        break;
                    }
                }
            }

            if (uri.Host == HostKind.Foreign)
            {
                return null;
            }

            var segments = uri.Segments();
            if (!IsResourceKnown(segments))
            {
                return null;
            }

            var operation = SaperlyApi.Match(httpMethod, segments);
            if (operation == null)
            {
                return null;
            }

            // Credentials: the request's own Authorization wins over the client's default headers.
            CredentialSource? credential = null;
            IOperation? credentialWrite = null;
            var scope = CredentialScope.None;
            if (request != null)
            {
                credential = CredentialFromHeaders(request.Headers, out credentialWrite);
                scope = credential != null ? CredentialScope.Request : scope;
            }

            if (credential == null && (request == null || !HasHeader(request.Headers, "Authorization")))
            {
                credential = CredentialFromHeaders(client.Headers, out credentialWrite);
                scope = credential != null ? CredentialScope.Client : scope;
            }

            var allHeaders = request == null ? client.Headers : request.Headers.Concat(client.Headers).ToList();
            var idempotency = allHeaders.Where(h => string.Equals(h.Name, SaperlyApi.IdempotencyHeader, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToImmutableArray();
            var opaque = client.Opaque || allHeaders.Any(h => h.Name == null);

            var saperly = uri.Host == HostKind.Saperly
                || (credential != null && credential.IsSaperlyNamed)
                || (client.Name != null && client.Name.IndexOf("saperly", StringComparison.OrdinalIgnoreCase) >= 0)
                || ContainingTypeSaysSaperly(invocation);
            if (!saperly)
            {
                return null;
            }

            return new SaperlyCall(
                invocation,
                operation,
                operation.Display,
                shape,
                client.Kind,
                client.Name,
                credential,
                scope,
                credentialWrite,
                !idempotency.IsEmpty,
                idempotency,
                opaque,
                request?.Symbol);
        }

        /// <summary>A path whose resource segment is itself unknown (<c>v1/{resource}</c>) says nothing.</summary>
        private static bool IsResourceKnown(IReadOnlyList<string> segments)
        {
            var start = segments.Count > 0 && string.Equals(segments[0], "api", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
            return segments.Count > start + 1 && segments[start] == "v1" && segments[start + 1] != SaperlyApi.Hole
                && segments[start + 1] != "auth";
        }

        private bool ContainingTypeSaysSaperly(IOperation op)
        {
            var type = op.SemanticModel?.GetEnclosingSymbol(op.Syntax.SpanStart, _cancellationToken)?.ContainingType;
            for (var t = type; t != null; t = t.ContainingType)
            {
                if (t.Name.IndexOf("Saperly", StringComparison.OrdinalIgnoreCase) >= 0 || _options.IsClientTypeName(t.Name) || _shared.IsResourceType(t, _options))
                {
                    return true;
                }
            }

            return false;
        }

        private static string? VerbOf(string methodName)
        {
            if (methodName.StartsWith("Get", StringComparison.Ordinal))
            {
                return "GET";
            }

            if (methodName.StartsWith("Post", StringComparison.Ordinal))
            {
                return "POST";
            }

            if (methodName.StartsWith("Put", StringComparison.Ordinal))
            {
                return "PUT";
            }

            if (methodName.StartsWith("Patch", StringComparison.Ordinal))
            {
                return "PATCH";
            }

            if (methodName.StartsWith("Delete", StringComparison.Ordinal))
            {
                return "DELETE";
            }

            return null;
        }

        internal static IOperation? Argument(IInvocationOperation invocation, string parameterName)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == parameterName && argument.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    return argument.Value;
                }
            }

            return null;
        }

        private static bool HasHeader(IEnumerable<HeaderWrite> headers, string name) =>
            headers.Any(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));

        private CredentialSource? CredentialFromHeaders(IEnumerable<HeaderWrite> headers, out IOperation? write)
        {
            foreach (var header in headers)
            {
                if (!string.Equals(header.Name, "Authorization", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var credential = CredentialFromAuthorization(header.Value, 0);
                if (credential != null)
                {
                    write = header.Statement;
                    return credential;
                }
            }

            write = null;
            return null;
        }
    }
}

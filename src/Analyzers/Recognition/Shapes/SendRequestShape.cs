using System.Collections.Generic;
using Microsoft.CodeAnalysis.Operations;

namespace Saperly.Migration.Analyzers.Recognition.Shapes
{
    /// <summary><c>http.SendAsync(request)</c>: the verb, URI and headers are the <c>HttpRequestMessage</c>'s, followed to where it is built.</summary>
    internal sealed class SendRequestShape : CallShapeRecognizer
    {
        private static readonly string[] Methods = { "SendAsync", "Send" };

        public override CallShape Shape => CallShape.SendRequest;

        public override IReadOnlyCollection<string> MethodNames => Methods;

        public override SaperlyCall? Recognize(IInvocationOperation invocation, CallRecognizer recognizer)
        {
            var client = recognizer.HttpClientInstance(invocation);
            var requestArgument = CallRecognizer.Argument(invocation, "request");
            var request = client == null || requestArgument == null ? null : recognizer.ResolveRequest(requestArgument, 0);
            return request == null ? null : recognizer.RecognizeHttp(invocation, client!, Shape, request.Method, request.Uri, request);
        }
    }
}

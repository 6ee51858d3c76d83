using System.Collections.Generic;
using Microsoft.CodeAnalysis.Operations;

namespace Saperly.Migration.Analyzers.Recognition.Shapes
{
    /// <summary><c>http.PostAsync(uri, content)</c>, <c>GetAsync</c>, <c>GetStringAsync</c>, <c>DeleteAsync</c>, ...: the verb is the method's.</summary>
    internal sealed class HttpShorthandShape : CallShapeRecognizer
    {
        private static readonly string[] Methods =
        {
            "GetAsync", "GetStringAsync", "GetStreamAsync", "GetByteArrayAsync", "PostAsync", "PutAsync", "PatchAsync", "DeleteAsync",
        };

        public override CallShape Shape => CallShape.Shorthand;

        public override IReadOnlyCollection<string> MethodNames => Methods;

        public override SaperlyCall? Recognize(IInvocationOperation invocation, CallRecognizer recognizer)
        {
            var client = recognizer.HttpClientInstance(invocation);
            return client == null
                ? null
                : recognizer.RecognizeHttp(invocation, client, Shape, CallRecognizer.VerbOf(invocation.TargetMethod.Name), CallRecognizer.Argument(invocation, "requestUri"), null);
        }
    }
}

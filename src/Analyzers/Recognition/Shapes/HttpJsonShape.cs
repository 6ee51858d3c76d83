using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Saperly.Migration.Analyzers.Recognition.Shapes
{
    /// <summary><c>http.PostAsJsonAsync(uri, value)</c> and the other <c>System.Net.Http.Json</c> extensions: the client is the first argument.</summary>
    internal sealed class HttpJsonShape : CallShapeRecognizer
    {
        private static readonly string[] Methods =
        {
            "GetFromJsonAsync", "GetFromJsonAsAsyncEnumerable", "PostAsJsonAsync", "PutAsJsonAsync", "PatchAsJsonAsync", "DeleteFromJsonAsync",
        };

        public override CallShape Shape => CallShape.JsonExtension;

        public override IReadOnlyCollection<string> MethodNames => Methods;

        public override SaperlyCall? Recognize(IInvocationOperation invocation, CallRecognizer recognizer)
        {
            var extensions = recognizer.Types.HttpClientJsonExtensions;
            var extension = Symbols.AsExtensionCall(invocation);
            if (extensions == null || extension == null || !SymbolEqualityComparer.Default.Equals(extension.DeclaringClass, extensions))
            {
                return null;
            }

            return recognizer.RecognizeHttp(invocation, extension.Receiver, Shape, CallRecognizer.VerbOf(invocation.TargetMethod.Name), CallRecognizer.Argument(invocation, "requestUri"), null);
        }
    }
}

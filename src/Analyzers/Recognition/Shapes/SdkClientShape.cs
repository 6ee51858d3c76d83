using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis.Operations;

namespace Saperly.Migration.Analyzers.Recognition.Shapes
{
    /// <summary>
    /// <c>svc.Keys.CreateAsync(...)</c> on a client that mirrors the official SDK (a type whose name says Saperly, or one
    /// configured in <c>saperly_migration.client_types</c>): any method of a resource property is a candidate.
    /// </summary>
    internal sealed class SdkClientShape : CallShapeRecognizer
    {
        /// <summary>The resources of the official SDKs: <c>Keys</c> is key management, every other one is data-plane.</summary>
        public static readonly HashSet<string> Resources = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Keys", "Calls", "Messages", "Lines", "Consent", "Compliance", "Disclosures", "Billing", "Webhooks",
            "Conversations", "Usage", "Settings", "Voices", "Audit",
        };

        public override CallShape Shape => CallShape.TypedClient;

        public override IReadOnlyCollection<string> MethodNames => None;

        public override IReadOnlyCollection<string> ReceiverNames => Resources;

        public override SaperlyCall? Recognize(IInvocationOperation invocation, CallRecognizer recognizer) =>
            Symbols.Unwrap(invocation.Instance) is IPropertyReferenceOperation resource && Resources.Contains(resource.Property.Name)
                ? recognizer.RecognizeTypedClient(invocation, resource)
                : null;
    }
}

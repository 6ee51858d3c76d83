using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis.Operations;

namespace Saperly.Migration.Analyzers.Recognition.Shapes
{
    /// <summary>
    /// One way C# spells a call to Saperly (a shorthand <c>HttpClient</c> method, a <c>System.Net.Http.Json</c>
    /// extension, an <c>HttpRequestMessage</c> sent with <c>SendAsync</c>, an SDK-style client): the unit of extension of
    /// recognition. A shape names the methods its calls can have, so that files and invocations that cannot be its calls
    /// are never bound, and turns one invocation into a <see cref="SaperlyCall"/> with the shared helpers of
    /// <see cref="CallRecognizer"/> (client, URI and credential resolution). The fixes key their request editors by
    /// <see cref="Shape"/>, which every call diagnostic carries.
    /// </summary>
    internal abstract class CallShapeRecognizer
    {
        protected static readonly IReadOnlyCollection<string> None = Array.Empty<string>();

        public abstract CallShape Shape { get; }

        /// <summary>
        /// The assembly of the library the shape's calls go through (RestSharp, Flurl.Http, Refit), or null for the
        /// framework's <c>HttpClient</c>. A compilation that does not reference it never asks the shape anything.
        /// </summary>
        public virtual string? Library => null;

        /// <summary>Whether the shape takes calls of methods the compilation declares (Refit's interface methods), named by <see cref="DeclaredMethodNames"/>.</summary>
        public virtual bool TakesDeclaredMethods => false;

        /// <summary>The names of the compilation's own methods whose calls the shape takes (asked once per compilation).</summary>
        public virtual IEnumerable<string> DeclaredMethodNames(SaperlyCompilation shared, System.Threading.CancellationToken cancellationToken) => None;

        /// <summary>The method names a call of this shape can have (ordinal).</summary>
        public abstract IReadOnlyCollection<string> MethodNames { get; }

        /// <summary>Names of the member a call is made on (<c>client.Keys.CreateAsync</c>) that make any method a candidate (any case).</summary>
        public virtual IReadOnlyCollection<string> ReceiverNames => None;

        /// <summary>The Saperly call <paramref name="invocation"/> is, or null when it is not a call of this shape or not Saperly's.</summary>
        public abstract SaperlyCall? Recognize(IInvocationOperation invocation, CallRecognizer recognizer);
    }
}

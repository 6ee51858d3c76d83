using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Saperly.Migration.CodeFixes.Calls;
using Saperly.Migration.CodeFixes.Credentials;

namespace Saperly.Migration.CodeFixes.Requests
{
    /// <summary>
    /// What a rule's fix asks of one Saperly call, whatever its shape: send a header on this call's request only, or
    /// authorize this call only with another credential. Each call shape has one editor that decides how (a request
    /// message's headers, an SDK method's argument, a client of its own); the rule fixes say only what they want.
    /// Editors queue their edits on the <see cref="CallEdit"/> and return false, before queuing anything they would have
    /// to take back, when the call cannot be edited so.
    /// </summary>
    internal abstract class RequestEditor
    {
        /// <summary>The editor of a call shape (the diagnostic's <c>Shape</c> property): one line per shape.</summary>
        public static RequestEditor? For(string? shape) => shape switch
        {
            "Shorthand" => ShorthandRequestEditor.Instance,
            "JsonExtension" => ShorthandRequestEditor.Instance,
            "SendRequest" => RequestMessageEditor.Instance,
            "TypedClient" => SdkClientEditor.Instance,
            "Flurl" => FlurlRequestEditor.Instance,
            "RestSharp" => RestSharpRequestEditor.Instance,
            "Refit" => RefitRequestEditor.Instance,
            _ => null,
        };

        /// <summary>Sends <paramref name="name"/>: <paramref name="value"/> with this call (the value is declared where the caller wants it).</summary>
        public abstract bool AddHeader(CallEdit edit, string name, ExpressionSyntax value, CancellationToken cancellationToken);

        /// <summary>The same, for an editor that edits another document too (a Refit interface in its own file).</summary>
        public virtual Task<bool> AddHeaderAsync(CallEdit edit, string name, ExpressionSyntax value, CancellationToken cancellationToken) =>
            Task.FromResult(AddHeader(edit, name, value, cancellationToken));

        /// <summary>Authenticates this call, and no other, with the credential <paramref name="credential"/> describes.</summary>
        public abstract bool Authorize(CallEdit edit, CredentialChange credential, CancellationToken cancellationToken);
    }
}

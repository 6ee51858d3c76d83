using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Saperly.Migration.Analyzers.Recognition.Shapes
{
    /// <summary>
    /// The headers and the credential a library's request or client is given, call by call (<c>WithHeader</c>,
    /// <c>AddHeader</c>, <c>AddDefaultHeader</c>, a bearer token): what the library shapes collect before they conclude.
    /// </summary>
    internal abstract class HeaderState
    {
        public List<HeaderWrite> Headers { get; } = new List<HeaderWrite>();
        public CallCredential Credential { get; set; } = CallCredential.None;

        /// <summary>Headers we cannot read may be set.</summary>
        public bool Opaque { get; set; }

        /// <summary>A header given by name and value (the call's <c>name</c> and <c>value</c> arguments); an <c>Authorization</c> one is the credential.</summary>
        public void AddNamed(IInvocationOperation call, CallRecognizer recognizer, CredentialScope scope)
        {
            var name = Constant.String(CallRecognizer.Argument(call, "name"));
            var value = CallRecognizer.Argument(call, "value");
            if (value == null)
            {
                Opaque = true;
                return;
            }

            Headers.Add(new HeaderWrite(name, value, call));
            if (string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase))
            {
                Credential = new CallCredential(recognizer.CredentialFromAuthorizationValue(value), scope, call);
            }
        }

        /// <summary>A bare bearer token (<c>WithOAuthBearerToken(key)</c>, <c>new JwtAuthenticator(key)</c>) set by <paramref name="write"/>.</summary>
        public void SetBearer(IOperation? token, IOperation write, CallRecognizer recognizer, CredentialScope scope) =>
            Credential = new CallCredential(token == null ? null : recognizer.CredentialOf(token, 0), scope, write);
    }
}

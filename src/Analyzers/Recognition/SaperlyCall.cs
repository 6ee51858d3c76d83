using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Saperly.Migration.Analyzers.Model;

namespace Saperly.Migration.Analyzers.Recognition
{
    /// <summary>Where a credential's value comes from.</summary>
    internal enum CredentialKind
    {
        /// <summary><c>Environment.GetEnvironmentVariable("SAPERLY_API_KEY")</c>.</summary>
        EnvironmentVariable,
        /// <summary><c>config["Saperly:ApiKey"]</c>, <c>GetValue</c>, <c>GetSection</c> chains.</summary>
        Configuration,
        /// <summary>An options-class property: <c>options.Value.ApiKey</c>.</summary>
        OptionsProperty,
        /// <summary>Any other call that takes the secret's name: <c>secrets.Get("SAPERLY_API_KEY")</c>.</summary>
        SecretLookup,
        /// <summary>A key literal in source.</summary>
        Literal,
        /// <summary>The plaintext key of a child key minted earlier (<c>child.PlaintextKey</c>).</summary>
        ChildKey,
    }

    /// <summary>A credential as the code spells it: kind, name, tier and the operation that names it.</summary>
    internal sealed class CredentialSource
    {
        public CredentialSource(CredentialKind kind, string name, CredentialTier tier, IOperation origin, bool saperlyNamed)
        {
            Kind = kind;
            Name = name;
            Tier = tier;
            Origin = origin;
            IsSaperlyNamed = saperlyNamed;
        }

        public CredentialKind Kind { get; }

        /// <summary>The secret's name (environment variable, configuration key, Type.Property); for a literal, its redacted prefix.</summary>
        public string Name { get; }
        public CredentialTier Tier { get; }

        /// <summary>The operation that names the credential: the name's string literal, the property reference, the literal.</summary>
        public IOperation Origin { get; }

        /// <summary>True when the name alone says "Saperly" (SAPERLY_*, Saperly:*, SaperlyOptions, sk_svc_).</summary>
        public bool IsSaperlyNamed { get; }

        /// <summary>How messages name the credential.</summary>
        public string Display => Kind switch
        {
            CredentialKind.EnvironmentVariable => Name,
            CredentialKind.Configuration => "configuration key \"" + Name + "\"",
            CredentialKind.OptionsProperty => Name,
            CredentialKind.SecretLookup => "secret \"" + Name + "\"",
            CredentialKind.Literal => "a hard-coded " + Name + " key",
            _ => Name + " (a child API key)",
        };
    }

    /// <summary>How the call is spelled.</summary>
    internal enum CallShape
    {
        /// <summary><c>http.PostAsync(uri, content)</c>, <c>GetAsync</c>, <c>DeleteAsync</c>, ...</summary>
        Shorthand,
        /// <summary><c>http.PostAsJsonAsync(uri, body)</c> and the other System.Net.Http.Json extensions.</summary>
        JsonExtension,
        /// <summary><c>http.SendAsync(request)</c> with an <c>HttpRequestMessage</c>.</summary>
        SendRequest,
        /// <summary><c>client.Keys.CreateAsync(...)</c> on an SDK-style typed client.</summary>
        TypedClient,
        /// <summary><c>url.AppendPathSegment("v1/keys").WithOAuthBearerToken(key).PostJsonAsync(body)</c>, or through a <c>FlurlClient</c>.</summary>
        Flurl,
        /// <summary><c>client.PostAsync&lt;T&gt;(new RestRequest("v1/keys"))</c> on a RestSharp <c>RestClient</c>.</summary>
        RestSharp,
        /// <summary>A method of a Refit interface (<c>[Post("/v1/keys")]</c>).</summary>
        Refit,
    }

    /// <summary>Where the client a call goes through comes from.</summary>
    internal enum ClientKind
    {
        Unknown,
        /// <summary>Created inline or in a local of the calling method.</summary>
        Local,
        /// <summary>A field or property of the calling type, set up in that type.</summary>
        Member,
        /// <summary><c>factory.CreateClient("name")</c>, configured by <c>AddHttpClient("name", ...)</c>.</summary>
        Named,
        /// <summary>The HttpClient injected into a typed client, configured by <c>AddHttpClient&lt;T&gt;(...)</c>.</summary>
        Typed,
        /// <summary>An SDK-style client constructed with a key.</summary>
        Sdk,
    }

    /// <summary>Where the call's Authorization comes from.</summary>
    internal enum CredentialScope
    {
        None,
        /// <summary>Set on the request itself.</summary>
        Request,
        /// <summary>Set on the client's default headers (in the calling code or a DI registration).</summary>
        Client,
        /// <summary>Passed to an SDK-style client's constructor.</summary>
        Construction,
        /// <summary>Set on every request by a <c>DelegatingHandler</c> of the client, over the request's own.</summary>
        Handler,
    }

    /// <summary>"A Saperly call": everything the rules judge and the fixes rewrite.</summary>
    internal sealed class SaperlyCall
    {
        public SaperlyCall(
            IInvocationOperation invocation,
            SaperlyOperation operation,
            string endpoint,
            CallShape shape,
            ClientKind client,
            string? clientName,
            ISymbol? clientSymbol,
            CredentialSource? credential,
            CredentialScope credentialScope,
            IOperation? credentialWrite,
            bool hasIdempotencyKey,
            ImmutableArray<IOperation> idempotencyValues,
            bool headersOpaque,
            ISymbol? requestSymbol)
        {
            Invocation = invocation;
            Operation = operation;
            Endpoint = endpoint;
            Shape = shape;
            Client = client;
            ClientName = clientName;
            ClientSymbol = clientSymbol;
            Credential = credential;
            CredentialScope = credentialScope;
            CredentialWrite = credentialWrite;
            HasIdempotencyKey = hasIdempotencyKey;
            IdempotencyValues = idempotencyValues;
            HeadersOpaque = headersOpaque;
            RequestSymbol = requestSymbol;
        }

        public IInvocationOperation Invocation { get; }
        public SaperlyOperation Operation { get; }

        /// <summary>"POST /v1/keys", or "Keys.CreateAsync (POST /v1/keys)" for typed clients.</summary>
        public string Endpoint { get; }
        public CallShape Shape { get; }
        public ClientKind Client { get; }

        /// <summary>The named client's name, the typed client's type, the member or local's name.</summary>
        public string? ClientName { get; }

        /// <summary>The local, field or property the call's client is held in (the outermost one the call names).</summary>
        public ISymbol? ClientSymbol { get; }
        public CredentialSource? Credential { get; }
        public CredentialScope CredentialScope { get; }

        /// <summary>The header write or construction that carries the credential.</summary>
        public IOperation? CredentialWrite { get; }

        public bool HasIdempotencyKey { get; }
        public ImmutableArray<IOperation> IdempotencyValues { get; }

        /// <summary>True when a handler we cannot see may add headers (a custom DelegatingHandler).</summary>
        public bool HeadersOpaque { get; }

        /// <summary>The local holding the <c>HttpRequestMessage</c>, for <see cref="CallShape.SendRequest"/>.</summary>
        public ISymbol? RequestSymbol { get; }

        public Location Location => Invocation.Syntax.GetLocation();
    }
}

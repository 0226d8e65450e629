namespace AgentCore.Security.TokenExchange;

/// <summary>How the agent authenticates itself to the token service.</summary>
public enum ClientAuthenticationMethod
{
    /// <summary><c>client_secret_basic</c>: the client id and secret in an HTTP Basic header (RFC 6749 §2.3.1). The default.</summary>
    ClientSecretBasic,

    /// <summary><c>client_secret_post</c>: the client id and secret in the form body.</summary>
    ClientSecretPost,

    /// <summary>
    /// <c>private_key_jwt</c> (RFC 7523): a JWT signed with the agent's own key
    /// (<see cref="TokenExchangeOptions.ClientAssertionSigningCredentials"/>), with a fresh <c>jti</c> each time.
    /// </summary>
    PrivateKeyJwt,

    /// <summary>
    /// A client assertion from <see cref="TokenExchangeOptions.ClientAssertionSource"/> (or an
    /// <see cref="IClientAssertionSource"/> in DI), for example a SPIFFE JWT-SVID.
    /// </summary>
    ClientAssertion,
}

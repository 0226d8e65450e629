namespace AgentCore.Security.Gateway;

/// <summary>
/// A credential the gateway holds and authenticates with at the token service (for an agent, or for itself): a client
/// secret (inline or in a file), a private key for <c>private_key_jwt</c> (RFC 7523), or a workload JWT file (a
/// projected service-account token, a SPIFFE JWT-SVID) sent as the client assertion. Exactly one of them.
/// </summary>
public sealed class GatewayClientCredentialOptions
{
    /// <summary>Gets or sets the client id.</summary>
    public string? ClientId { get; set; }

    /// <summary>Gets or sets the client secret (prefer <see cref="ClientSecretFile"/>).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Gets or sets a file holding the client secret, read at start.</summary>
    public string? ClientSecretFile { get; set; }

    /// <summary>Gets or sets a PEM file holding the RSA or EC private key that signs <c>private_key_jwt</c> assertions, read at start.</summary>
    public string? PrivateKeyFile { get; set; }

    /// <summary>Gets or sets the key's id (<c>kid</c>), as the token service knows the public key.</summary>
    public string? PrivateKeyId { get; set; }

    /// <summary>Gets or sets a file holding a workload JWT, read again for every assertion (such files are rotated in place).</summary>
    public string? ClientAssertionFile { get; set; }

    /// <summary>Gets or sets the assertion type of <see cref="ClientAssertionFile"/>.</summary>
    /// <value>Default <c>urn:ietf:params:oauth:client-assertion-type:jwt-bearer</c>.</value>
    public string ClientAssertionType { get; set; } = TokenExchange.ClientAssertionTypes.JwtBearer;
}

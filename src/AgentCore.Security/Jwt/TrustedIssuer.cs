namespace AgentCore.Security.Jwt;

/// <summary>
/// An issuer whose tokens the validator accepts, with the keys that may sign them: static keys,
/// keys found through OpenID Connect discovery, or both. A token is accepted only if its <c>iss</c> is
/// exactly the issuer that owns the key that verified it.
/// </summary>
public sealed class TrustedIssuer
{
    /// <summary>Initializes a new instance of the <see cref="TrustedIssuer"/> class.</summary>
    /// <param name="issuer">The exact <c>iss</c> value, compared ordinally.</param>
    public TrustedIssuer(string issuer)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        Issuer = issuer;
    }

    /// <summary>Gets the exact issuer identifier.</summary>
    public string Issuer { get; }

    /// <summary>Gets the static verification keys of this issuer.</summary>
    public IList<VerificationKey> Keys { get; } = [];

    /// <summary>
    /// Gets or sets the OpenID Connect discovery document address
    /// (for example <c>https://idp.example/.well-known/openid-configuration</c>), from which the issuer's
    /// JWKS is read and refreshed. <see langword="null"/> (the default) uses only <see cref="Keys"/>.
    /// </summary>
    public Uri? MetadataAddress { get; set; }

    /// <summary>Adds static keys.</summary>
    /// <param name="keys">The keys.</param>
    /// <returns>This issuer.</returns>
    public TrustedIssuer AddKeys(params IEnumerable<VerificationKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            Keys.Add(key);
        }

        return this;
    }
}

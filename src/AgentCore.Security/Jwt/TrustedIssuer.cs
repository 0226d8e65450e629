namespace AgentCore.Security.Jwt;

/// <summary>
/// An issuer whose tokens the validator accepts, with the keys that may sign them: static keys,
/// keys found through OpenID Connect discovery, or both. A token is accepted only if its <c>iss</c> is
/// exactly the issuer that owns the key that verified it.
/// </summary>
public sealed class TrustedIssuer
{
    /// <summary>Initializes a new instance of the <see cref="TrustedIssuer"/> class, for configuration binding (set <see cref="Issuer"/>).</summary>
    public TrustedIssuer()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TrustedIssuer"/> class.</summary>
    /// <param name="issuer">The exact <c>iss</c> value, compared ordinally.</param>
    public TrustedIssuer(string issuer)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        Issuer = issuer;
    }

    /// <summary>Gets or sets the exact issuer identifier. Required.</summary>
    public string Issuer { get; set; } = string.Empty;

    /// <summary>Gets the static verification keys of this issuer.</summary>
    public IList<VerificationKey> Keys { get; } = [];

    /// <summary>
    /// Gets or sets the OpenID Connect discovery document address
    /// (for example <c>https://idp.example/.well-known/openid-configuration</c>), from which the issuer's
    /// JWKS is read and refreshed. <see langword="null"/> (the default) uses only <see cref="Keys"/> when there
    /// are any, and otherwise the issuer's own <c>{Issuer}/.well-known/openid-configuration</c>.
    /// </summary>
    public Uri? MetadataAddress { get; set; }

    /// <summary>Gets the discovery address in effect: <see cref="MetadataAddress"/>, or the issuer's well-known one when it has no static keys.</summary>
    internal Uri? EffectiveMetadataAddress =>
        MetadataAddress ?? (Keys.Count == 0 && Uri.TryCreate(Issuer.TrimEnd('/') + "/.well-known/openid-configuration", UriKind.Absolute, out var derived) ? derived : null);

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

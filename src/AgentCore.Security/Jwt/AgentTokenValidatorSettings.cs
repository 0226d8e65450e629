namespace AgentCore.Security.Jwt;

/// <summary>
/// The validator's settings as configuration binds them (<c>AgentTokenChain:Validator</c>); code can set
/// everything <see cref="TokenChainValidatorOptions"/> offers through <c>AddValidator(Action&lt;TokenChainValidatorOptions&gt;)</c>.
/// </summary>
public sealed class AgentTokenValidatorSettings
{
    /// <summary>The configuration section.</summary>
    public const string ConfigurationSection = "AgentTokenChain:Validator";

    /// <summary>Gets or sets this service's audience. Required.</summary>
    public string? Audience { get; set; }

    /// <summary>Gets the trusted issuers. At least one is required.</summary>
    public IList<TrustedIssuerSettings> Issuers { get; } = [];

    /// <summary>Gets or sets a value indicating whether discovery must use https.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Gets or sets the clock skew.</summary>
    /// <value>Default 60 seconds.</value>
    public TimeSpan ClockSkew { get; set; } = TokenChainValidatorDefaults.ClockSkew;

    /// <summary>Gets or sets the deepest act chain accepted.</summary>
    /// <value>Default 4.</value>
    public int MaxChainDepth { get; set; } = TokenChainValidatorDefaults.MaxChainDepth;

    /// <summary>Gets the scopes every token must carry.</summary>
    public IList<string> RequiredScopes { get; } = [];

    /// <summary>Builds the validator's options.</summary>
    /// <returns>The options.</returns>
    public TokenChainValidatorOptions ToOptions()
    {
        var options = new TokenChainValidatorOptions
        {
            Audience = Audience,
            RequireHttpsMetadata = RequireHttpsMetadata,
            ClockSkew = ClockSkew,
            MaxChainDepth = MaxChainDepth,
        };
        foreach (var scope in RequiredScopes)
        {
            options.RequiredScopes.Add(scope);
        }

        foreach (var issuer in Issuers)
        {
            if (string.IsNullOrEmpty(issuer.Issuer))
            {
                continue;
            }

            options.Issuers.Add(new TrustedIssuer(issuer.Issuer)
            {
                MetadataAddress = issuer.MetadataAddress ?? new Uri(issuer.Issuer.TrimEnd('/') + "/.well-known/openid-configuration"),
            });
        }

        return options;
    }
}

namespace AgentCore.Security.Jwt;

/// <summary>Options of <see cref="TokenChainValidator"/>. Every limit has a secure default; see <see cref="TokenChainValidatorDefaults"/>.</summary>
public sealed class TokenChainValidatorOptions
{
    /// <summary>Gets the trusted issuers, each with its own keys. At least one is required.</summary>
    public IList<TrustedIssuer> Issuers { get; } = [];

    /// <summary>Gets or sets the audience this service is; a token's <c>aud</c> must contain it. Required.</summary>
    [System.ComponentModel.DataAnnotations.Required(AllowEmptyStrings = false, ErrorMessage = "AgentTokenChain:Validator:Audience is required: this service's audience (the value its tokens carry in 'aud').")]
    public string? Audience { get; set; }

    /// <summary>Gets or sets the maximum token size in bytes, checked before any decoding.</summary>
    /// <value>16 KiB; at most 256 KiB.</value>
    [System.ComponentModel.DataAnnotations.Range(256, TokenChainValidatorDefaults.MaxTokenSizeLimit)]
    public int MaxTokenSize { get; set; } = TokenChainValidatorDefaults.MaxTokenSize;

    /// <summary>Gets the allowed JWS algorithms.</summary>
    /// <value>RS256/384/512, PS256/384/512, ES256/384/512, EdDSA and HS256 (HS256 only with a configured secret).</value>
    public ISet<string> AllowedAlgorithms { get; } = new HashSet<string>(TokenChainValidatorDefaults.AllowedAlgorithms, StringComparer.Ordinal);

    /// <summary>Gets or sets a value indicating whether the header must carry a <c>kid</c>.</summary>
    /// <value><see langword="true"/>.</value>
    public bool RequireKeyId { get; set; } = true;

    /// <summary>
    /// Gets the accepted <c>typ</c> header values, compared case-insensitively. When empty, <c>typ</c>
    /// is neither required nor checked.
    /// </summary>
    /// <value><c>at+jwt</c> and <c>application/at+jwt</c> (RFC 9068).</value>
    public IList<string> ValidTypes { get; } = [.. TokenChainValidatorDefaults.ValidTypes];

    /// <summary>Gets the header parameters that make a token invalid. <c>crit</c> and <c>b64</c> are always refused.</summary>
    /// <value><c>jku</c>, <c>jwk</c>, <c>x5u</c>, <c>x5c</c>, <c>cty</c>.</value>
    public ISet<string> RejectedHeaderParameters { get; } = new HashSet<string>(TokenChainValidatorDefaults.RejectedHeaderParameters, StringComparer.Ordinal);

    /// <summary>Gets or sets the clock skew allowed on <c>exp</c>, <c>nbf</c> and <c>iat</c>.</summary>
    /// <value>60 seconds; at most 10 minutes.</value>
    public TimeSpan ClockSkew { get; set; } = TokenChainValidatorDefaults.ClockSkew;

    /// <summary>Gets the claims that must be present. <c>iss</c>, <c>sub</c>, <c>aud</c> and <c>exp</c> are required whatever this holds.</summary>
    /// <value>iss, sub, aud, exp, iat, jti, client_id (RFC 9068).</value>
    public ISet<string> RequiredClaims { get; } = new HashSet<string>(TokenChainValidatorDefaults.RequiredClaims, StringComparer.Ordinal);

    /// <summary>Gets the scopes every token must grant.</summary>
    /// <value>Empty.</value>
    public IList<string> RequiredScopes { get; } = [];

    /// <summary>Gets or sets the maximum depth of the <c>act</c> chain.</summary>
    /// <value>4; at most 16.</value>
    [System.ComponentModel.DataAnnotations.Range(0, TokenChainValidatorDefaults.MaxChainDepthLimit)]
    public int MaxChainDepth { get; set; } = TokenChainValidatorDefaults.MaxChainDepth;

    /// <summary>Gets or sets a value indicating whether a principal may appear more than once in the chain.</summary>
    /// <value><see langword="false"/>.</value>
    public bool AllowRepeatedPrincipals { get; set; }

    /// <summary>Gets or sets a value indicating whether <c>act</c> entries may carry members other than sub, iss, scope, client_id and act.</summary>
    /// <value><see langword="false"/>.</value>
    public bool AllowUnknownActorClaims { get; set; }

    /// <summary>Gets or sets the minimum time between two key refreshes caused by unknown key ids.</summary>
    /// <value>5 minutes; at least 1 second.</value>
    public TimeSpan KeyRefreshInterval { get; set; } = TokenChainValidatorDefaults.KeyRefreshInterval;

    /// <summary>Gets or sets the interval of the periodic refresh of discovered keys.</summary>
    /// <value>12 hours; at least 1 minute.</value>
    public TimeSpan AutomaticKeyRefreshInterval { get; set; } = TokenChainValidatorDefaults.AutomaticKeyRefreshInterval;

    /// <summary>
    /// Gets or sets how long discovered keys stay in use while their JWKS cannot be fetched (down, malformed, too
    /// large, another issuer): once this long has passed since the last successful refresh, the next failed refresh
    /// drops them and their tokens are refused (<see cref="JwtValidationStatus.KeyNotFound"/>) until a refresh succeeds.
    /// Keys given in code are never dropped.
    /// </summary>
    /// <value>48 hours; at least <see cref="AutomaticKeyRefreshInterval"/>.</value>
    public TimeSpan MaxKeyAge { get; set; } = TokenChainValidatorDefaults.MaxKeyAge;

    /// <summary>Gets or sets a value indicating whether discovery and JWKS addresses must use HTTPS.</summary>
    /// <value><see langword="true"/>.</value>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Gets or sets the number of fully validated tokens kept so that they are not verified again. 0 turns the cache off.</summary>
    /// <value>4096; at most 1,000,000.</value>
    [System.ComponentModel.DataAnnotations.Range(0, TokenChainValidatorDefaults.VerifiedTokenCacheSizeLimit)]
    public int VerifiedTokenCacheSize { get; set; } = TokenChainValidatorDefaults.VerifiedTokenCacheSize;

    /// <summary>
    /// Gets or sets a value indicating whether a cached token's signature and claims are verified again on
    /// every call (only the materialized <see cref="ValidatedChain"/> is reused). For deployments that want
    /// every call cryptographically checked.
    /// </summary>
    /// <value><see langword="false"/>.</value>
    public bool ReverifySignatureOnCacheHit { get; set; }
}

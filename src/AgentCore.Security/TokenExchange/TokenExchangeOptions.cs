using Microsoft.IdentityModel.Tokens;

namespace AgentCore.Security.TokenExchange;

/// <summary>
/// How the agent reaches its token service and authenticates to it, and how exchanged tokens are
/// cached. Bound from <c>AgentTokenChain:TokenExchange</c>; validated on start.
/// </summary>
public sealed class TokenExchangeOptions
{
    /// <summary>Gets or sets the token endpoint. When unset, it is found through OIDC discovery at <see cref="Authority"/> or <see cref="MetadataAddress"/>.</summary>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>Gets or sets the token service's issuer; discovery reads <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public Uri? Authority { get; set; }

    /// <summary>Gets or sets the discovery document's address, when it is not under <see cref="Authority"/>.</summary>
    public Uri? MetadataAddress { get; set; }

    /// <summary>Gets or sets a value indicating whether the token endpoint and discovery must use HTTPS.</summary>
    /// <value>Default <see langword="true"/>. Turn off only for loopback development.</value>
    public bool RequireHttps { get; set; } = true;

    /// <summary>Gets or sets the agent's client id at the token service. Required.</summary>
    [System.ComponentModel.DataAnnotations.Required(AllowEmptyStrings = false, ErrorMessage = "AgentTokenChain:TokenExchange:ClientId is required: the agent's client id at the token service.")]
    public string? ClientId { get; set; }

    /// <summary>Gets or sets the client secret, for <see cref="ClientAuthenticationMethod.ClientSecretBasic"/> and <see cref="ClientAuthenticationMethod.ClientSecretPost"/>.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Gets or sets how the agent authenticates to the token service.</summary>
    /// <value>Default <see cref="ClientAuthenticationMethod.ClientSecretBasic"/>.</value>
    public ClientAuthenticationMethod ClientAuthentication { get; set; } = ClientAuthenticationMethod.ClientSecretBasic;

    /// <summary>Gets or sets the agent's signing key for <see cref="ClientAuthenticationMethod.PrivateKeyJwt"/>.</summary>
    public SigningCredentials? ClientAssertionSigningCredentials { get; set; }

    /// <summary>Gets or sets the source of assertions for <see cref="ClientAuthenticationMethod.ClientAssertion"/>; when unset, one is taken from DI.</summary>
    public IClientAssertionSource? ClientAssertionSource { get; set; }

    /// <summary>Gets or sets the audience of client assertions.</summary>
    /// <value>Default: the issuer (from discovery or <see cref="Authority"/>), else the token endpoint.</value>
    public string? ClientAssertionAudience { get; set; }

    /// <summary>Gets or sets the header <c>typ</c> of <c>private_key_jwt</c> assertions.</summary>
    /// <value>Default <c>client-authentication+jwt</c>; some older servers want <c>JWT</c>.</value>
    public string ClientAssertionJwtType { get; set; } = TokenExchangeDefaults.ClientAssertionJwtType;

    /// <summary>Gets or sets the lifetime of a <c>private_key_jwt</c> assertion.</summary>
    /// <value>Default 1 minute.</value>
    public TimeSpan ClientAssertionLifetime { get; set; } = TokenExchangeDefaults.ClientAssertionLifetime;

    /// <summary>
    /// Gets or sets what an outbound call does with no inbound call to act for. Acting as the agent itself
    /// is opted into per client (<see cref="TokenExchangeHandlerOptions.NoInboundToken"/>), or here for all.
    /// </summary>
    /// <value>Default <see cref="NoInboundTokenBehavior.Fail"/>: never a silent fall-back to the agent's own identity.</value>
    public NoInboundTokenBehavior NoInboundToken { get; set; } = NoInboundTokenBehavior.Fail;

    /// <summary>Gets the scopes of the agent's own client-credentials token when a target names none.</summary>
    public IList<string> ClientCredentialsScopes { get; private set; } = [];

    /// <summary>Gets or sets a value indicating whether issued tokens are cached.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool EnableCaching { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether cached tokens may also go to HybridCache's distributed
    /// (L2) cache, shared by replicas. Off by default: tokens then stay in this process's memory. When on, each
    /// entry is sealed with <see cref="DistributedCacheKey"/> (AES-256-GCM, bound to its cache key), so the shared
    /// store holds no readable token, and an altered or moved entry is never handed out.
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool UseDistributedCache { get; set; }

    /// <summary>
    /// Gets or sets the key that seals tokens in the distributed cache: 32 random bytes, base64, the same for every
    /// replica, from a secret store (never committed). Required with <see cref="UseDistributedCache"/>. To rotate it,
    /// change it on every replica: entries sealed with the old key no longer open and are exchanged again.
    /// </summary>
    public string? DistributedCacheKey { get; set; }

    /// <summary>Gets or sets how long before its expiry a cached token is replaced.</summary>
    /// <value>Default 60 seconds.</value>
    public TimeSpan RefreshMargin { get; set; } = TokenExchangeDefaults.RefreshMargin;

    /// <summary>Gets or sets the longest any token stays cached, whatever its lifetime.</summary>
    /// <value>Default 1 hour.</value>
    public TimeSpan MaxCacheLifetime { get; set; } = TokenExchangeDefaults.MaxCacheLifetime;

    /// <summary>Gets the resilience settings of calls to the token service.</summary>
    public TokenServiceResilienceOptions Resilience { get; private set; } = new();

    /// <summary>A copy taken when the exchanger is built, so that changing these options afterwards changes nothing.</summary>
    internal TokenExchangeOptions Snapshot()
    {
        var copy = (TokenExchangeOptions)MemberwiseClone();
        copy.ClientCredentialsScopes = [.. ClientCredentialsScopes];
        copy.Resilience = (TokenServiceResilienceOptions)Resilience.Snapshot();
        return copy;
    }
}

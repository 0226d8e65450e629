namespace AgentCore.Security.TokenExchange;

/// <summary>Default values and fixed names of the token exchange feature.</summary>
public static class TokenExchangeDefaults
{
    /// <summary>The configuration section, under <c>AgentTokenChain</c>, that binds <see cref="TokenExchangeOptions"/>.</summary>
    public const string ConfigurationSection = "AgentTokenChain:TokenExchange";

    /// <summary>The name of the IHttpClientFactory client that talks to the token service; it never gets the exchange handler.</summary>
    public const string TokenServiceHttpClientName = "AgentCore.Security.TokenService";

    /// <summary>The name of the resilience pipeline on <see cref="TokenServiceHttpClientName"/>.</summary>
    public const string ResiliencePipelineName = "agentcore-token-service";

    /// <summary>The default refresh margin: a cached token is replaced this long before it expires.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    /// <summary>The default upper bound on how long any token stays cached.</summary>
    public static readonly TimeSpan MaxCacheLifetime = TimeSpan.FromHours(1);

    /// <summary>The default lifetime of a <c>private_key_jwt</c> client assertion.</summary>
    public static readonly TimeSpan ClientAssertionLifetime = TimeSpan.FromMinutes(1);

    /// <summary>The default total timeout of one token request, retries included.</summary>
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The default timeout of one attempt.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The default number of retries after the first attempt (transient failures only).</summary>
    public const int MaxRetryAttempts = 2;

    /// <summary>The default base delay between retries (exponential, with jitter).</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>The default failure ratio that opens the circuit breaker.</summary>
    public const double CircuitBreakerFailureRatio = 0.5;

    /// <summary>The default number of calls in the sampling window before the breaker may open.</summary>
    public const int CircuitBreakerMinimumThroughput = 10;

    /// <summary>The default sampling window of the circuit breaker.</summary>
    public static readonly TimeSpan CircuitBreakerSamplingDuration = TimeSpan.FromSeconds(30);

    /// <summary>The default time the circuit stays open.</summary>
    public static readonly TimeSpan CircuitBreakerBreakDuration = TimeSpan.FromSeconds(15);

    /// <summary>The default header <c>typ</c> of <c>private_key_jwt</c> assertions (draft-ietf-oauth-rfc7523bis).</summary>
    public const string ClientAssertionJwtType = "client-authentication+jwt";

    /// <summary>The name of the IHttpClientFactory client that reads OIDC discovery documents and JWKS for the validator; it never gets the exchange handler and never follows redirects.</summary>
    public const string MetadataHttpClientName = "AgentCore.Security.Metadata";

    /// <summary>The default bound on request content the passthrough guard reads: buffered content up to this size is scanned for the inbound token.</summary>
    public const int MaxScannedContentSize = 64 * 1024;

    /// <summary>The largest token response read, in bytes; a larger one is an invalid response.</summary>
    public const int MaxResponseSize = 64 * 1024;
}

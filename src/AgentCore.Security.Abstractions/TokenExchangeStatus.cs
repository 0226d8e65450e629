namespace AgentCore.Security;

/// <summary>
/// Why a token exchange succeeded or failed. Every failure means no token: the outbound request that
/// needed it is not sent. <c>default</c> is <see cref="Unknown"/>, a failure.
/// </summary>
public enum TokenExchangeStatus
{
    /// <summary>No result was produced (the default value); treated as a failure.</summary>
    Unknown = 0,

    /// <summary>A token was issued (or served from the cache).</summary>
    Success,

    /// <summary>
    /// The token service refused with an OAuth error (<c>invalid_scope</c>, <c>invalid_target</c>,
    /// <c>invalid_grant</c>, <c>invalid_client</c>, …). The code and description are in the result;
    /// it is never retried.
    /// </summary>
    OAuthError,

    /// <summary>The token service could not be reached (connection refused, DNS, TLS).</summary>
    ServiceUnavailable,

    /// <summary>The token service did not answer within the configured timeouts.</summary>
    Timeout,

    /// <summary>The token service answered with a server error (5xx) after the configured retries.</summary>
    ServerError,

    /// <summary>The circuit breaker is open after repeated failures; no request was made.</summary>
    CircuitOpen,

    /// <summary>
    /// The token service answered, but not with a usable token response: not JSON, no
    /// <c>access_token</c>, a <c>token_type</c> other than Bearer, or an unexpected issued token type.
    /// </summary>
    InvalidResponse,

    /// <summary>The token endpoint could not be found through OIDC discovery.</summary>
    DiscoveryFailed,

    /// <summary>The client assertion source failed to produce an assertion; no request was made.</summary>
    ClientAssertionFailed,

    /// <summary>
    /// There is no inbound call to act for and the handler is configured not to fall back to the
    /// agent's own client credentials.
    /// </summary>
    NoInboundToken,

    /// <summary>
    /// The outbound request already carried the inbound token (token passthrough); it was refused and
    /// never sent.
    /// </summary>
    PassthroughBlocked,

    /// <summary>
    /// The outbound request already carried an Authorization header of its own; the handler does not
    /// overwrite credentials. Opt the client out of exchange instead.
    /// </summary>
    AuthorizationAlreadySet,

    /// <summary>The request names no audience or resource and has no absolute URI to derive one from; it was not sent.</summary>
    NoTarget,

    /// <summary>
    /// The request's origin (<c>scheme://host:port</c>) is not one this client's audience-bound token
    /// may go to (its <c>BaseAddress</c>, its resources' origins, or <c>AllowedOrigins</c>); it was not sent.
    /// </summary>
    OriginNotAllowed,

    /// <summary>
    /// The exchanging client would follow redirects (an automatic redirect carries the token to whatever
    /// origin the response names), and they could not be turned off; nothing was sent.
    /// </summary>
    RedirectsNotDisabled,

    /// <summary>
    /// The token service issued a token whose scope is wider than the inbound (subject) token's, or wider
    /// than was requested; it was refused and not used.
    /// </summary>
    ScopeWidened,
}

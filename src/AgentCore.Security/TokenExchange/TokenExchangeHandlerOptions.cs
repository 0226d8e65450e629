namespace AgentCore.Security.TokenExchange;

/// <summary>The exchange settings of one named HttpClient.</summary>
public sealed class TokenExchangeHandlerOptions
{
    /// <summary>Gets or sets the target of this client's calls.</summary>
    public TokenExchangeTarget Target { get; set; } = new();

    /// <summary>Gets or sets what a call does with no inbound call to act for; <see langword="null"/> takes <see cref="TokenExchangeOptions.NoInboundToken"/>.</summary>
    public NoInboundTokenBehavior? NoInboundToken { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether a downstream 401 with <c>error="invalid_token"</c> drops the
    /// cached token and retries once with a fresh exchange (only when the request content can be sent again).
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool RetryOnInvalidToken { get; set; } = true;
}

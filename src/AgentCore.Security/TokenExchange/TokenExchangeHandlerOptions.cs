namespace AgentCore.Security.TokenExchange;

/// <summary>The exchange settings of one named HttpClient.</summary>
public sealed class TokenExchangeHandlerOptions
{
    /// <summary>Gets or sets the target of this client's calls.</summary>
    public TokenExchangeTarget Target { get; set; } = new();

    /// <summary>Gets or sets what a call does with no inbound call to act for; <see langword="null"/> takes <see cref="TokenExchangeOptions.NoInboundToken"/> (by default <see cref="NoInboundTokenBehavior.Fail"/>).</summary>
    public NoInboundTokenBehavior? NoInboundToken { get; set; }

    /// <summary>
    /// Gets the origins (<c>scheme://host:port</c>) this client's token may be sent to, beyond its
    /// <c>BaseAddress</c> and the origins of <see cref="TokenExchangeTarget.Resources"/>. When the target is
    /// fixed (it names an audience or a resource), a request to any other origin is refused with
    /// <see cref="TokenExchangeStatus.OriginNotAllowed"/> and not sent.
    /// </summary>
    public IList<Uri> AllowedOrigins { get; } = [];

    /// <summary>
    /// Gets or sets the largest request content, in bytes, that the passthrough guard reads to look for
    /// the inbound token. Buffered content (string, form, byte array, JSON) up to this size is scanned;
    /// larger content and streamed content (<see cref="StreamContent"/>) are sent unscanned.
    /// </summary>
    /// <value>Default 64 KiB.</value>
    public int MaxScannedContentSize { get; set; } = TokenExchangeDefaults.MaxScannedContentSize;

    /// <summary>
    /// Gets or sets a value indicating whether a downstream 401 with <c>error="invalid_token"</c> drops the
    /// cached token and retries once with a fresh exchange (only when the request content can be sent again,
    /// and only to the request's original origin).
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool RetryOnInvalidToken { get; set; } = true;

    /// <summary>
    /// Gets the scopes this client may add by step-up. A downstream 403 with <c>error="insufficient_scope"</c> whose
    /// <c>scope</c> names only scopes held or listed here is answered by one new exchange for the union of the scopes
    /// asked for and those required, and the request is sent once more (content that can be sent again, the same
    /// origin). Never more than once per request; the token service still refuses a scope the caller's token lacks
    /// (scope only narrows), and then the 403 is returned as it came. Empty (the default): no step-up.
    /// </summary>
    public IList<string> StepUpScopes { get; } = [];
}

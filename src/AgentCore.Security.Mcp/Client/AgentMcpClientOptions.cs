namespace AgentCore.Security.Mcp.Client;

/// <summary>One MCP server an agent calls: where it is, and what the agent asks for when it exchanges its caller's token.</summary>
public sealed class AgentMcpClientOptions
{
    /// <summary>
    /// Gets or sets the server's MCP endpoint, its canonical URI (for example <c>https://alerts.internal/mcp</c>): the
    /// exchanged token's audience and RFC 8707 <c>resource</c>, and the only origin its client sends to. Required.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// Gets or sets the server's canonical URI when it differs from <see cref="Endpoint"/> (the server reached through a
    /// port forward or a local address): the audience and <c>resource</c> asked for. Default: the endpoint itself.
    /// </summary>
    public Uri? Resource { get; set; }

    /// <summary>Gets the scopes to ask for; empty asks for the token service's default for this audience.</summary>
    public IList<string> Scopes { get; } = [];

    /// <summary>
    /// Gets the scopes the client may add by step-up when the server answers 403 <c>insufficient_scope</c>: one new
    /// exchange for the scopes asked for plus those the server requires, one resend, never a loop; the token service
    /// still refuses what the caller's own token does not hold. Empty (the default): no step-up.
    /// </summary>
    public IList<string> StepUpScopes { get; } = [];

    /// <summary>
    /// Gets or sets a value indicating whether the server's RFC 9728 metadata is read and checked before the first
    /// connection (then again after <see cref="MetadataLifetime"/>): its <c>resource</c> must be this server's
    /// (<see cref="Resource"/>, else the endpoint), and its authorization servers must include one of
    /// <see cref="TrustedIssuers"/>, whose RFC 8414 metadata must name the same <c>issuer</c>. A failed check refuses the
    /// connection with <see cref="McpDiscoveryException"/>, before any token is asked for. Off by default: the exchanged
    /// token is bound to the configured resource and origin either way.
    /// </summary>
    public bool VerifyServerMetadata { get; set; }

    /// <summary>Gets the authorization servers (issuer identifiers) this agent accepts for the server, with <see cref="VerifyServerMetadata"/>: its own token service.</summary>
    public IList<string> TrustedIssuers { get; } = [];

    /// <summary>Gets or sets how long a verified metadata check is reused before it is made again.</summary>
    /// <value>Default 10 minutes.</value>
    public TimeSpan MetadataLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets the name the client gives itself in <c>initialize</c>.</summary>
    /// <value>Default <c>AgentCore.Security</c>.</value>
    public string ClientName { get; set; } = "AgentCore.Security";
}

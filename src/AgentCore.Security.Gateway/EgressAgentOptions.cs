namespace AgentCore.Security.Gateway;

/// <summary>
/// A local agent that cannot exchange tokens by itself: the audience its own inbound tokens carry, the credential the
/// gateway holds for it, and its routes. A route of this agent accepts only tokens issued to this agent.
/// </summary>
public sealed class EgressAgentOptions
{
    /// <summary>Gets or sets the agent's name, for logs and audit lines.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the audience of the tokens the agent is called with (what the gateway validates).</summary>
    public string? Audience { get; set; }

    /// <summary>Gets or sets the agent's credential, held by the gateway (the agent holds none).</summary>
    public GatewayClientCredentialOptions Credential { get; set; } = new();

    /// <summary>Gets the agent's outbound routes.</summary>
    public IList<EgressRouteOptions> Routes { get; } = [];
}

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

    /// <summary>Gets or sets the agent's client id at the token service.</summary>
    public string? ClientId { get; set; }

    /// <summary>Gets or sets the agent's client secret (or name it in <see cref="ClientSecretFile"/>).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Gets or sets a file holding the agent's client secret, read at start.</summary>
    public string? ClientSecretFile { get; set; }

    /// <summary>Gets the agent's outbound routes.</summary>
    public IList<EgressRouteOptions> Routes { get; } = [];
}

namespace AgentCore.Security.Gateway;

/// <summary>One outbound route of an agent: the path it calls on the gateway, the target, and the token the target gets.</summary>
public sealed class EgressRouteOptions
{
    /// <summary>Gets or sets the path prefix (<c>/egress/security-agent/alerts</c>); the rest of the path goes to the target.</summary>
    public string? Path { get; set; }

    /// <summary>Gets or sets the target's base address.</summary>
    public Uri? Target { get; set; }

    /// <summary>Gets the audiences of the token exchanged for the target.</summary>
    public IList<string> Audiences { get; } = [];

    /// <summary>Gets the resources (RFC 8707) of the token exchanged for the target.</summary>
    public IList<string> Resources { get; } = [];

    /// <summary>Gets the scopes the exchanged token asks for.</summary>
    public IList<string> Scopes { get; } = [];
}

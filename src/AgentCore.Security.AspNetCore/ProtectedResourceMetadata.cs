namespace AgentCore.Security.AspNetCore;

/// <summary>RFC 9728 protected resource metadata: what MCP clients read to find the authorization server.</summary>
public sealed class ProtectedResourceMetadata
{
    /// <summary>Gets or sets the resource identifier (this service's audience or URL). Required.</summary>
    public string? Resource { get; set; }

    /// <summary>Gets the issuers of the authorization servers that issue tokens for this resource.</summary>
    public IList<string> AuthorizationServers { get; } = [];

    /// <summary>Gets the scopes this resource understands.</summary>
    public IList<string> ScopesSupported { get; } = [];

    /// <summary>Gets or sets a human-readable name.</summary>
    public string? ResourceName { get; set; }
}

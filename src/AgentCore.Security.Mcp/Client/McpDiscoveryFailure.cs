namespace AgentCore.Security.Mcp.Client;

/// <summary>Why the authorization of an MCP server could not be discovered; each is a refusal (fail closed).</summary>
public enum McpDiscoveryFailure
{
    /// <summary>The server did not answer an unauthenticated request with 401, so it names no protected resource metadata.</summary>
    NotProtected = 1,

    /// <summary>No protected resource metadata (RFC 9728) could be read: not in the challenge, not at the well-known locations.</summary>
    ResourceMetadataUnavailable,

    /// <summary>A metadata document is not what its RFC says: not a JSON object, a required member missing, too large, an address not https.</summary>
    InvalidMetadata,

    /// <summary>The metadata's <c>resource</c> is not the server that was asked (RFC 9728 §3.3): a token for it would be for another resource.</summary>
    ResourceMismatch,

    /// <summary>None of the server's authorization servers is one this agent trusts.</summary>
    UntrustedAuthorizationServer,

    /// <summary>The authorization server's metadata (RFC 8414, or OpenID discovery) could not be read.</summary>
    AuthorizationServerMetadataUnavailable,

    /// <summary>The authorization server's metadata names another <c>issuer</c> than the identifier it was found by (RFC 8414 §3.3).</summary>
    IssuerMismatch,
}

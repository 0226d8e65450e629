namespace AgentCore.Security.Mcp.Client;

/// <summary>What an MCP server's metadata says about its authorization, checked: the resource, and the authorization server chosen.</summary>
public sealed class McpServerAuthorization
{
    internal McpServerAuthorization(Uri resource, IReadOnlyList<string> authorizationServers, string issuer, Uri tokenEndpoint, IReadOnlyList<string> scopesSupported, IReadOnlyList<string> challengeScopes, IReadOnlyList<string> tokenEndpointAuthMethods)
    {
        Resource = resource;
        AuthorizationServers = authorizationServers;
        Issuer = issuer;
        TokenEndpoint = tokenEndpoint;
        ScopesSupported = scopesSupported;
        ChallengeScopes = challengeScopes;
        TokenEndpointAuthMethods = tokenEndpointAuthMethods;
    }

    /// <summary>Gets the server's resource identifier (RFC 9728 <c>resource</c>), checked against the server asked: the audience to ask for.</summary>
    public Uri Resource { get; }

    /// <summary>Gets every authorization server the metadata names.</summary>
    public IReadOnlyList<string> AuthorizationServers { get; }

    /// <summary>Gets the authorization server chosen (trusted, when trust was given), equal to its metadata's <c>issuer</c>.</summary>
    public string Issuer { get; }

    /// <summary>Gets the chosen authorization server's token endpoint.</summary>
    public Uri TokenEndpoint { get; }

    /// <summary>Gets the resource's <c>scopes_supported</c>, or empty.</summary>
    public IReadOnlyList<string> ScopesSupported { get; }

    /// <summary>Gets the scopes the 401 challenge named (its <c>scope</c> parameter), or empty.</summary>
    public IReadOnlyList<string> ChallengeScopes { get; }

    /// <summary>Gets the token endpoint's <c>token_endpoint_auth_methods_supported</c>, or empty.</summary>
    public IReadOnlyList<string> TokenEndpointAuthMethods { get; }

    /// <summary>The scopes to ask for, as the MCP authorization spec chooses them: the challenge's, else <c>scopes_supported</c>, else none.</summary>
    /// <returns>The scopes.</returns>
    public IReadOnlyList<string> ScopesToRequest() => ChallengeScopes.Count > 0 ? ChallengeScopes : ScopesSupported;
}

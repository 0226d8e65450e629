namespace AgentCore.Security.Gateway;

/// <summary>A token exchange the gateway makes with its own credential: the subject token is the inbound token, the gateway is the actor.</summary>
public sealed class UpstreamExchangeOptions
{
    /// <summary>Gets the audiences of the exchanged token.</summary>
    public IList<string> Audiences { get; } = [];

    /// <summary>Gets the resources (RFC 8707) of the exchanged token.</summary>
    public IList<string> Resources { get; } = [];

    /// <summary>Gets the scopes the exchanged token asks for (never more than the inbound token holds).</summary>
    public IList<string> Scopes { get; } = [];

    /// <summary>Gets or sets the gateway's own credential for this exchange.</summary>
    public GatewayClientCredentialOptions Credential { get; set; } = new();
}

namespace AgentCore.Security.Gateway;

/// <summary>An issuer the gateway trusts: its <c>iss</c> and where its metadata (and so its keys) are.</summary>
public sealed class GatewayIssuerOptions
{
    /// <summary>Gets or sets the issuer, exactly as tokens carry it in <c>iss</c>.</summary>
    public string? Issuer { get; set; }

    /// <summary>Gets or sets the discovery document's address; default <c>{Issuer}/.well-known/openid-configuration</c>.</summary>
    public Uri? MetadataAddress { get; set; }
}

namespace AgentCore.Security.Jwt;

/// <summary>A trusted issuer as configuration binds it: the issuer and its discovery address.</summary>
public sealed class TrustedIssuerSettings
{
    /// <summary>Gets or sets the issuer, exactly as tokens carry it in <c>iss</c>.</summary>
    public string? Issuer { get; set; }

    /// <summary>Gets or sets the OIDC discovery address; default <c>{Issuer}/.well-known/openid-configuration</c>.</summary>
    public Uri? MetadataAddress { get; set; }
}

using Microsoft.AspNetCore.Authentication;

namespace AgentCore.Security.AspNetCore;

/// <summary>Options of the <c>AgentToken</c> authentication scheme.</summary>
public sealed class AgentTokenAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>Gets or sets a value indicating whether challenges carry <c>error_description</c> (the validation status). Off by default: details help attackers.</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool IncludeErrorDetails { get; set; }

    /// <summary>Gets or sets a value indicating whether challenges point MCP clients at the protected resource metadata (RFC 9728 §5.1).</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool AdvertiseResourceMetadata { get; set; } = true;
}

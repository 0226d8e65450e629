namespace AgentCore.Security.AspNetCore;

/// <summary>Fixed names of the ASP.NET Core integration.</summary>
public static class AgentTokenDefaults
{
    /// <summary>The authentication scheme.</summary>
    public const string AuthenticationScheme = "AgentToken";

    /// <summary>The RFC 9728 protected resource metadata path.</summary>
    public const string ResourceMetadataPath = "/.well-known/oauth-protected-resource";

    /// <summary>The claim type of each actor of the chain, outermost (the current actor) first.</summary>
    public const string ActorClaimType = "act";
}

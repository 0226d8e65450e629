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

    /// <summary>
    /// The <see cref="Microsoft.AspNetCore.Authentication.AuthenticationProperties"/> item that makes a forbid an RFC 6750
    /// <c>insufficient_scope</c> answer: every scope the operation needs, space-separated. Without it (or
    /// <see cref="PolicyUnavailableItem"/>), a forbid is a plain 403 that claims nothing about scope.
    /// </summary>
    public const string RequiredScopesItem = "agentcore.required_scopes";

    /// <summary>
    /// The <see cref="Microsoft.AspNetCore.Authentication.AuthenticationProperties"/> item (any value) that makes a forbid a
    /// 503 with <c>Retry-After</c>: the policy engine could not be asked. Still fail closed; an outage is not a 403.
    /// </summary>
    public const string PolicyUnavailableItem = "agentcore.policy_unavailable";

    /// <summary>The item of a failed <see cref="Microsoft.AspNetCore.Authentication.AuthenticateResult"/>'s properties that holds the <see cref="JwtValidationStatus"/> of the refused token.</summary>
    public const string TokenStatusItem = "agentcore.token_status";

    /// <summary>The <c>Retry-After</c>, in seconds, of a 503 when the policy engine is unavailable.</summary>
    public const int PolicyUnavailableRetryAfterSeconds = 5;
}

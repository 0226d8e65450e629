namespace AgentCore.Security.AspNetCore;

/// <summary>The validated chain and the raw token of an authenticated request (<c>HttpContext.Features</c>).</summary>
public interface IAgentTokenFeature
{
    /// <summary>Gets the validated chain.</summary>
    ValidatedChain Chain { get; }

    /// <summary>Gets the token as received; never send it onward.</summary>
    string Token { get; }
}

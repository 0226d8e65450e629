namespace AgentCore.Security.AspNetCore;

/// <summary>
/// The identity the <c>AgentToken</c> scheme builds. Besides its claims it carries the validated chain, so that a host
/// which sees only the principal (an MCP request filter, which gets the principal of the HTTP request that carried
/// each message) still works from the chain the scheme produced, without validating again. The token is not a claim
/// and is not public: only this library's hosts read it, to open the call's context for outbound exchanges.
/// </summary>
public sealed class AgentTokenIdentity : ClaimsIdentity
{
    /// <summary>Initializes a new instance of the <see cref="AgentTokenIdentity"/> class.</summary>
    /// <param name="chain">The validated chain.</param>
    /// <param name="token">The token the chain was validated from.</param>
    /// <param name="authenticationType">The scheme's name.</param>
    internal AgentTokenIdentity(ValidatedChain chain, string token, string authenticationType)
        : base(authenticationType, "sub", "role")
    {
        Chain = chain;
        Token = token;
    }

    private AgentTokenIdentity(AgentTokenIdentity other)
        : base(other)
    {
        Chain = other.Chain;
        Token = other.Token;
    }

    /// <summary>Gets the validated chain.</summary>
    public ValidatedChain Chain { get; }

    /// <summary>Gets the token as received; never sent onward, never logged.</summary>
    internal string Token { get; }

    /// <inheritdoc />
    public override ClaimsIdentity Clone() => new AgentTokenIdentity(this);
}

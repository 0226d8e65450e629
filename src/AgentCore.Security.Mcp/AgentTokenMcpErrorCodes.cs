namespace AgentCore.Security.Mcp;

/// <summary>
/// The JSON-RPC error codes an MCP server protected by this library answers with when it refuses a request inside the
/// protocol (when the refusal could not be made at the HTTP layer). They lie in the range JSON-RPC leaves to servers
/// (-32000 to -32099); the error message says which principal or scope is missing.
/// </summary>
public static class AgentTokenMcpErrorCodes
{
    /// <summary>The request carried no valid agent token (a transport without the <c>AgentToken</c> scheme in front).</summary>
    public const int Unauthenticated = -32040;

    /// <summary>The token lacks a scope the primitive requires.</summary>
    public const int InsufficientScope = -32041;

    /// <summary>A principal of the chain may not use the primitive, or a filter refused the call.</summary>
    public const int Forbidden = -32043;

    /// <summary>The policy engine could not be asked (or failed); retry later. Never an allow.</summary>
    public const int PolicyUnavailable = -32053;

    /// <summary>The code for a denial reason.</summary>
    /// <param name="reason">Why the call was refused.</param>
    /// <returns>The JSON-RPC error code.</returns>
    public static int For(AgentCallDenyReason reason) => reason switch
    {
        AgentCallDenyReason.InvalidToken => Unauthenticated,
        AgentCallDenyReason.InsufficientScope => InsufficientScope,
        AgentCallDenyReason.PolicyEngineUnavailable or AgentCallDenyReason.PolicyError => PolicyUnavailable,
        _ => Forbidden,
    };
}

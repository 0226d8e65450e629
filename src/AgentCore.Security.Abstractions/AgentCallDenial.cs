namespace AgentCore.Security;

/// <summary>A typed denial of one call (a skill, an MCP tool, a gateway route): the reason, the principal that failed, and a message a person understands.</summary>
public sealed class AgentCallDenial
{
    /// <summary>Initializes a new instance of the <see cref="AgentCallDenial"/> class.</summary>
    /// <param name="reason">Why the call was denied.</param>
    /// <param name="message">A message a person understands; never a token.</param>
    /// <param name="principal">The principal that failed, if one did.</param>
    public AgentCallDenial(AgentCallDenyReason reason, string message, string? principal = null)
    {
        Reason = reason;
        Message = message;
        Principal = principal;
    }

    /// <summary>Gets why the call was denied.</summary>
    public AgentCallDenyReason Reason { get; }

    /// <summary>Gets a message a person understands.</summary>
    public string Message { get; }

    /// <summary>Gets the principal that failed (for example <c>agent:security-agent</c>), if one did.</summary>
    public string? Principal { get; }

    /// <summary>Gets the validation status when <see cref="Reason"/> is <see cref="AgentCallDenyReason.InvalidToken"/>.</summary>
    public JwtValidationStatus? TokenStatus { get; init; }

    /// <summary>Gets every scope the operation needs, when <see cref="Reason"/> is <see cref="AgentCallDenyReason.InsufficientScope"/> (RFC 6750 §3.1: the challenge names them all).</summary>
    public IReadOnlyList<string>? RequiredScopes { get; init; }

    /// <summary>Gets the policy decision when the policy engine denied.</summary>
    public DelegationDecision? Decision { get; init; }

    /// <summary>Shows the denial.</summary>
    /// <returns>The reason, principal and message.</returns>
    public override string ToString() => $"{Reason}{(Principal is null ? string.Empty : " (" + Principal + ")")}: {Message}";
}

namespace AgentCore.Security;

/// <summary>Why a skill call was denied before its code ran.</summary>
public enum AgentCallDenyReason
{
    /// <summary>The token failed validation; <see cref="AgentCallDenial.TokenStatus"/> says how.</summary>
    InvalidToken = 1,

    /// <summary>The token lacks a scope the skill requires.</summary>
    InsufficientScope,

    /// <summary>A principal of the chain does not hold the skill's relation on its object.</summary>
    Forbidden,

    /// <summary>The policy engine could not be asked (or none is registered): fail closed.</summary>
    PolicyEngineUnavailable,

    /// <summary>The policy engine refused the question (an unknown relation or object type, a condition error).</summary>
    PolicyError,

    /// <summary>An <c>IAgentCallFilter</c> denied the call (a rate limit, for example).</summary>
    FilterDenied,
}

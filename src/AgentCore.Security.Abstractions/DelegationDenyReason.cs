namespace AgentCore.Security;

/// <summary>Why a chain was denied, or <see cref="None"/> when it was allowed.</summary>
public enum DelegationDenyReason
{
    /// <summary>Allowed.</summary>
    None = 0,

    /// <summary>A principal of the chain does not hold the relation; <see cref="DelegationDecision.DeniedPrincipal"/> names it.</summary>
    PrincipalDenied,

    /// <summary>The policy engine could not be asked (unreachable, timed out, failed): fail closed.</summary>
    PolicyEngineUnavailable,

    /// <summary>The policy engine refused the question (an unknown type or relation, a condition error).</summary>
    PolicyError,
}

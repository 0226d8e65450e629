namespace AgentCore.Security;

/// <summary>The outcome of authorizing a chain: allowed or not, each principal's answer, and the reason.</summary>
public sealed class DelegationDecision
{
    /// <summary>Initializes a new instance of the <see cref="DelegationDecision"/> class.</summary>
    /// <param name="relation">The relation asked about.</param>
    /// <param name="resource">The object asked about.</param>
    /// <param name="principals">Each principal's answer, subject first.</param>
    /// <param name="reason">Why it was denied, or <see cref="DelegationDenyReason.None"/>.</param>
    /// <param name="message">A message a person understands.</param>
    public DelegationDecision(string relation, string resource, IReadOnlyList<PrincipalDecision> principals, DelegationDenyReason reason, string message)
    {
        ArgumentNullException.ThrowIfNull(principals);
        Relation = relation;
        Object = resource;
        Principals = principals;
        Reason = reason;
        Message = message;
    }

    /// <summary>Gets a value indicating whether the chain may act.</summary>
    public bool Allowed => Reason == DelegationDenyReason.None;

    /// <summary>Gets the relation.</summary>
    public string Relation { get; }

    /// <summary>Gets the object.</summary>
#pragma warning disable CA1720 // the policy engine's own name
    public string Object { get; }
#pragma warning restore CA1720

    /// <summary>Gets each principal's answer.</summary>
    public IReadOnlyList<PrincipalDecision> Principals { get; }

    /// <summary>Gets why the chain was denied.</summary>
    public DelegationDenyReason Reason { get; }

    /// <summary>Gets the first principal that was denied, if any.</summary>
    public string? DeniedPrincipal => Principals.FirstOrDefault(p => !p.Allowed)?.Principal;

    /// <summary>Gets a message a person understands.</summary>
    public string Message { get; }

    /// <summary>Shows the decision.</summary>
    /// <returns>For example <c>denied (PrincipalDenied: agent:security-agent) can_write network:home</c>.</returns>
    public override string ToString() => Allowed
        ? $"allowed {Relation} {Object}"
        : $"denied ({Reason}{(DeniedPrincipal is { } p ? ": " + p : string.Empty)}) {Relation} {Object}";
}

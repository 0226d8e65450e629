namespace AgentCore.Security;

/// <summary>The answer for one principal of a chain.</summary>
/// <param name="Principal">The principal as the policy engine knows it, for example <c>agent:coordinator</c>.</param>
/// <param name="Allowed">Whether it holds the relation.</param>
/// <param name="Error">The policy engine's error for this principal, if any.</param>
public sealed record PrincipalDecision(string Principal, bool Allowed, string? Error = null);

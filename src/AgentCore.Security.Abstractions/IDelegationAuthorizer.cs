namespace AgentCore.Security;

/// <summary>Control point 2, second half: asks the policy engine whether a verified chain may act.</summary>
public interface IDelegationAuthorizer
{
    /// <summary>Decides whether <paramref name="chain"/> (the subject and every actor) may have <paramref name="relation"/> on <paramref name="resource"/>.</summary>
    /// <param name="chain">The validated chain.</param>
    /// <param name="relation">The relation, for example <c>can_read</c>.</param>
    /// <param name="resource">The OpenFGA object, for example <c>alerts:homelab</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The decision; every failure (the policy engine unreachable included) is a denial with its reason.</returns>
    ValueTask<DelegationDecision> AuthorizeAsync(ValidatedChain chain, string relation, string resource, CancellationToken cancellationToken = default);
}

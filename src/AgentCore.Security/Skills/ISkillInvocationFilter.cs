namespace AgentCore.Security.Skills;

/// <summary>
/// An extra step in every skill's pipeline, after validation, scopes and authorization and before the
/// skill's code: a rate limit, a quota, a business-hours rule. Register it in DI; no edit to the base
/// class is needed. Filters run in <see cref="Order"/>.
/// </summary>
public interface ISkillInvocationFilter
{
    /// <summary>Gets the filter's position; lower runs first.</summary>
    int Order => 0;

    /// <summary>Decides whether the call may go on.</summary>
    /// <param name="context">The call.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="null"/> to go on, or the denial.</returns>
    ValueTask<SkillDenial?> OnInvokingAsync(SkillContext context, CancellationToken cancellationToken);
}

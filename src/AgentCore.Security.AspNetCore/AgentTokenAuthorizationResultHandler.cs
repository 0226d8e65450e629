using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace AgentCore.Security.AspNetCore;

/// <summary>
/// Makes an authorization policy that failed only on <c>scope</c> claims an RFC 6750 <c>insufficient_scope</c>
/// forbid naming every scope the policy requires; every other outcome is handled as ASP.NET Core does by default
/// (so a forbid for any other reason is a plain 403, never labelled <c>insufficient_scope</c>).
/// </summary>
internal sealed class AgentTokenAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure is { } failure && RequiredScopes(policy, failure) is { Length: > 0 } scopes)
        {
            var properties = new AuthenticationProperties();
            properties.Items[AgentTokenDefaults.RequiredScopesItem] = string.Join(' ', scopes);
            if (policy.AuthenticationSchemes.Count == 0)
            {
                await context.ForbidAsync(properties).ConfigureAwait(false);
                return;
            }

            foreach (var scheme in policy.AuthenticationSchemes)
            {
                await context.ForbidAsync(scheme, properties).ConfigureAwait(false);
            }

            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
    }

    /// <summary>Every scope the policy requires, when the only failed requirements are scope claims; else empty.</summary>
    private static string[] RequiredScopes(AuthorizationPolicy policy, AuthorizationFailure failure)
    {
        if (failure.FailCalled || !failure.FailedRequirements.Any() || !failure.FailedRequirements.All(IsScope))
        {
            return [];
        }

        return [.. policy.Requirements.Where(IsScope).SelectMany(static r => ((ClaimsAuthorizationRequirement)r).AllowedValues ?? []).Distinct(StringComparer.Ordinal)];
    }

    private static bool IsScope(IAuthorizationRequirement requirement) =>
        requirement is ClaimsAuthorizationRequirement { ClaimType: "scope", AllowedValues: { } values } && values.Any();
}

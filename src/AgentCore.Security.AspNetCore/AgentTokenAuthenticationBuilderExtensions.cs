using AgentCore.Security.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the <c>AgentToken</c> authentication scheme.</summary>
public static class AgentTokenAuthenticationBuilderExtensions
{
    /// <summary>
    /// Adds the scheme; it needs an <see cref="AgentCore.Security.IAgentTokenValidator"/> (<c>AddAgentTokenChain().AddValidator(…)</c>).
    /// An authorization policy that fails only on <c>scope</c> claims (<c>RequireClaim("scope", …)</c>) then forbids
    /// with <c>insufficient_scope</c> and the scopes it needs; any other forbid is a plain 403.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="configure">Sets the scheme's options.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static AuthenticationBuilder AddAgentToken(this AuthenticationBuilder builder, Action<AgentTokenAuthenticationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var existing = services.FirstOrDefault(static d => d.ServiceType == typeof(IAuthorizationMiddlewareResultHandler));
        if (existing is null || existing.ImplementationType == typeof(AuthorizationMiddlewareResultHandler))
        {
            services.RemoveAll<IAuthorizationMiddlewareResultHandler>();
            services.AddSingleton<IAuthorizationMiddlewareResultHandler, AgentTokenAuthorizationResultHandler>();
        }

        return builder.AddScheme<AgentTokenAuthenticationOptions, AgentTokenAuthenticationHandler>(AgentTokenDefaults.AuthenticationScheme, configure);
    }
}

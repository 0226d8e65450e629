using AgentCore.Security.AspNetCore;
using Microsoft.AspNetCore.Authentication;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the <c>AgentToken</c> authentication scheme.</summary>
public static class AgentTokenAuthenticationBuilderExtensions
{
    /// <summary>Adds the scheme; it needs an <see cref="AgentCore.Security.IAgentTokenValidator"/> (<c>AddAgentTokenChain().AddValidator(…)</c>).</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="configure">Sets the scheme's options.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static AuthenticationBuilder AddAgentToken(this AuthenticationBuilder builder, Action<AgentTokenAuthenticationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddScheme<AgentTokenAuthenticationOptions, AgentTokenAuthenticationHandler>(AgentTokenDefaults.AuthenticationScheme, configure);
    }
}

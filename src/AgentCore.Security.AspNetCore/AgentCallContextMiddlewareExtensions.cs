using AgentCore.Security.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Opens the inbound call's <see cref="AgentCallContext"/> for every request the <c>AgentToken</c> scheme authenticated.</summary>
public static class AgentCallContextMiddlewareExtensions
{
    /// <summary>
    /// After <c>UseAuthentication()</c>: a request whose token the <c>AgentToken</c> scheme validated runs, from here
    /// to its end, inside <see cref="AgentCallContext"/> (the chain and token from <see cref="IAgentTokenFeature"/>),
    /// so that any endpoint (minimal API, MVC, a skill) makes outbound calls that exchange the caller's token. The
    /// context ends with the request: work it started and left running sees no caller. Nothing is validated here.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application, for chaining.</returns>
    public static IApplicationBuilder UseAgentCallContext(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(static async (context, next) =>
        {
            if (context.Features.Get<IAgentTokenFeature>() is not { } feature)
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            using (AgentCallContext.Begin(feature.Chain, feature.Token))
            {
                await next(context).ConfigureAwait(false);
            }
        });
    }
}

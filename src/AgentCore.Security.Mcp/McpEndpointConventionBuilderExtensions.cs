using AgentCore.Security.AspNetCore;
using AgentCore.Security.Mcp.Server;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Puts the <c>AgentToken</c> scheme in front of an MCP endpoint.</summary>
public static class McpEndpointConventionBuilderExtensions
{
    /// <summary>The header of the 2026-07-28 Streamable HTTP revision that names the JSON-RPC method of a POST.</summary>
    public const string McpMethodHeader = "Mcp-Method";

    /// <summary>The header of the 2026-07-28 Streamable HTTP revision that names the tool, prompt or resource of a POST.</summary>
    public const string McpNameHeader = "Mcp-Name";

    /// <summary>
    /// Requires a valid agent token on the MCP endpoint (<c>MapMcp(…)</c>): no token or a refused one is 401 with the
    /// RFC 9728 <c>resource_metadata</c> of the scheme's <c>Resource</c>. When the request names its method and tool in
    /// the <c>Mcp-Method</c> / <c>Mcp-Name</c> headers, a <c>tools/call</c> whose token lacks a required scope is refused
    /// here, before the SDK reads the body: 403 <c>insufficient_scope</c> with every scope the tool requires. The body is
    /// judged again in the protocol (the headers are a hint, never a grant).
    /// </summary>
    /// <typeparam name="TBuilder">The convention builder.</typeparam>
    /// <param name="builder">The builder <c>MapMcp</c> returned.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static TBuilder RequireAgentTokenChain<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.RequireAuthorization(static policy => policy
            .AddAuthenticationSchemes(AgentTokenDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser());
        builder.Add(static endpoint =>
        {
            var inner = endpoint.RequestDelegate;
            if (inner is null)
            {
                return;
            }

            endpoint.RequestDelegate = context => JudgeHeadersAsync(context) is { } refused ? refused : inner(context);
        });
        return builder;
    }

    // A tools/call named in the headers, whose tool requires a scope the token lacks: refused at the HTTP layer.
    private static Task? JudgeHeadersAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || !string.Equals(context.Request.Headers[McpMethodHeader], "tools/call", StringComparison.Ordinal)
            || context.Request.Headers[McpNameHeader].ToString() is not { Length: > 0 } name
            || context.Features.Get<IAgentTokenFeature>() is not { } feature
            || context.RequestServices.GetService<IOptions<McpServerOptions>>()?.Value.ToolCollection is not { } tools
            || !tools.TryGetPrimitive(name, out var tool))
        {
            return null;
        }

        var required = McpChainAuthorizer.RequiredScopes(tool, name);
        if (required.All(feature.Chain.HasScope))
        {
            return null;
        }

        var properties = new AuthenticationProperties();
        properties.Items[AgentTokenDefaults.RequiredScopesItem] = string.Join(' ', required);
        return context.ForbidAsync(AgentTokenDefaults.AuthenticationScheme, properties);
    }
}

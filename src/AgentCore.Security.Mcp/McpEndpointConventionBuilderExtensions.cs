using AgentCore.Security.AspNetCore;
using AgentCore.Security.Mcp.Server;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Puts the <c>AgentToken</c> scheme in front of an MCP endpoint.</summary>
public static class McpEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Maps the protected MCP endpoint in one call: <c>MapMcp(pattern).RequireAgentTokenChain()</c>, and its RFC 9728
    /// metadata (both well-known forms) built from configuration: <c>resource</c> = the <c>AgentToken</c> scheme's
    /// <see cref="AgentTokenAuthenticationOptions.Resource"/> (the endpoint's canonical URI), <c>authorization_servers</c> =
    /// the validator's trusted issuers, <c>scopes_supported</c> = every scope the server's tools declare.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="pattern">The MCP route, for example <c>/mcp</c>.</param>
    /// <returns>The MCP endpoint's convention builder.</returns>
    /// <exception cref="InvalidOperationException">
    /// The scheme has no <c>Resource</c>, or the validator's <c>Audience</c> is not that resource (tokens issued for the
    /// server would then be refused, or tokens for something else accepted).
    /// </exception>
    public static IEndpointConventionBuilder MapAgentTokenMcp(this IEndpointRouteBuilder endpoints, string pattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var services = endpoints.ServiceProvider;
        var scheme = services.GetRequiredService<IOptionsMonitor<AgentTokenAuthenticationOptions>>().Get(AgentTokenDefaults.AuthenticationScheme);
        var resource = scheme.Resource?.OriginalString
            ?? throw new InvalidOperationException("MapAgentTokenMcp needs the MCP endpoint's canonical URI: AddAuthentication().AddAgentToken(o => o.Resource = new(\"https://host/mcp\")).");
        var validator = services.GetRequiredService<IOptions<AgentCore.Security.Jwt.TokenChainValidatorOptions>>().Value;
        if (!string.Equals(validator.Audience, resource, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The validator's Audience ('{validator.Audience}') must be the MCP resource '{resource}': clients ask for tokens with resource = that URI (RFC 8707), so that is the audience they carry.");
        }

        var tools = services.GetService<IOptions<McpServerOptions>>()?.Value.ToolCollection;
        endpoints.MapProtectedResourceMetadata(metadata =>
        {
            metadata.Resource = resource;
            foreach (var issuer in validator.Issuers)
            {
                metadata.AuthorizationServers.Add(issuer.Issuer);
            }

            foreach (var scope in (tools ?? []).SelectMany(t => McpChainAuthorizer.RequiredScopes(t)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                metadata.ScopesSupported.Add(scope);
            }
        });
        return endpoints.MapMcp(pattern).RequireAgentTokenChain();
    }

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

        var required = McpChainAuthorizer.RequiredScopes(tool);
        if (required.All(feature.Chain.HasScope))
        {
            return null;
        }

        var properties = new AuthenticationProperties();
        properties.Items[AgentTokenDefaults.RequiredScopesItem] = string.Join(' ', required);
        return context.ForbidAsync(AgentTokenDefaults.AuthenticationScheme, properties);
    }
}

using AgentCore.Security.Mcp;
using AgentCore.Security.Mcp.Server;
using Microsoft.Extensions.Configuration;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Protects an MCP server built on the official C# SDK with the delegation chain.</summary>
public static class AgentTokenMcpServerBuilderExtensions
{
    /// <summary>
    /// Authorizes every <c>tools/call</c>, <c>resources/read</c> and <c>prompts/get</c> through the one inbound pipeline
    /// (the primitive's <see cref="RequireScopeAttribute"/> and <see cref="RequireRelationAttribute"/>, every principal of
    /// the chain, the filters), runs the primitive inside <see cref="AgentCallContext"/> so that its outbound calls
    /// exchange, and shows in <c>tools/list</c>, <c>resources/list</c> and <c>prompts/list</c> only what the chain may use.
    /// Needs <c>services.AddAgentTokenChain().AddValidator(…)</c> (and an authorizer for relations), the <c>AgentToken</c>
    /// scheme, and the endpoint mapped with <c>MapMcp(…).RequireAgentTokenChain()</c>.
    /// </summary>
    /// <param name="builder">The MCP server builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IMcpServerBuilder AddAgentTokenChain(this IMcpServerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AgentTokenMcpServerOptions>().BindConfiguration(AgentTokenMcpServerOptions.ConfigurationSection);
        return AddCore(builder);
    }

    /// <summary>Protects the MCP server as <see cref="AddAgentTokenChain(IMcpServerBuilder)"/> does, with options set in code.</summary>
    /// <param name="builder">The MCP server builder.</param>
    /// <param name="configure">Sets the options, for example whether undeclared primitives are open.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IMcpServerBuilder AddAgentTokenChain(this IMcpServerBuilder builder, Action<AgentTokenMcpServerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<AgentTokenMcpServerOptions>().Configure(configure);
        return AddCore(builder);
    }

    /// <summary>Protects the MCP server as <see cref="AddAgentTokenChain(IMcpServerBuilder)"/> does, with options bound from <paramref name="section"/>.</summary>
    /// <param name="builder">The MCP server builder.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IMcpServerBuilder AddAgentTokenChain(this IMcpServerBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        builder.Services.AddOptions<AgentTokenMcpServerOptions>().Bind(section);
        return AddCore(builder);
    }

    private static IMcpServerBuilder AddCore(IMcpServerBuilder builder)
    {
        if (builder.Services.Any(static d => d.ServiceType == typeof(McpChainAuthorizer)))
        {
            return builder;
        }

        builder.Services.AddSingleton<McpChainAuthorizer>();
        return builder.WithRequestFilters(static filters =>
        {
            filters.AddCallToolFilter(static next => (request, cancellationToken) =>
                Authorizer(request).InvokeAsync(request, request.Params!.Arguments, next, cancellationToken));
            filters.AddReadResourceFilter(static next => (request, cancellationToken) =>
                Authorizer(request).InvokeAsync(request, null, next, cancellationToken));
            filters.AddGetPromptFilter(static next => (request, cancellationToken) =>
                Authorizer(request).InvokeAsync(request, request.Params!.Arguments, next, cancellationToken));
            filters.AddListToolsFilter(static next => async (request, cancellationToken) =>
            {
                var result = await next(request, cancellationToken).ConfigureAwait(false);
                var tools = request.Server.ServerOptions.ToolCollection;
                await KeepAsync(request, result.Tools, tool => tools is not null && tools.TryGetPrimitive(tool.Name, out var p) ? p : null, cancellationToken).ConfigureAwait(false);
                return result;
            });
            filters.AddListPromptsFilter(static next => async (request, cancellationToken) =>
            {
                var result = await next(request, cancellationToken).ConfigureAwait(false);
                var prompts = request.Server.ServerOptions.PromptCollection;
                await KeepAsync(request, result.Prompts, prompt => prompts is not null && prompts.TryGetPrimitive(prompt.Name, out var p) ? p : null, cancellationToken).ConfigureAwait(false);
                return result;
            });
            filters.AddListResourcesFilter(static next => async (request, cancellationToken) =>
            {
                var result = await next(request, cancellationToken).ConfigureAwait(false);
                var resources = request.Server.ServerOptions.ResourceCollection;
                await KeepAsync(request, result.Resources, resource => resources is not null && resources.TryGetPrimitive(resource.Uri, out var p) ? p : null, cancellationToken).ConfigureAwait(false);
                return result;
            });
        });
    }

    private static McpChainAuthorizer Authorizer<TParams>(RequestContext<TParams> request) =>
        (request.Services ?? throw new InvalidOperationException("The MCP request has no services.")).GetRequiredService<McpChainAuthorizer>();

    // Keeps the items the chain may use; an item with no primitive behind it (listed by a custom handler) is hidden.
    private static async ValueTask KeepAsync<TParams, TItem>(RequestContext<TParams> request, IList<TItem> items, Func<TItem, IMcpServerPrimitive?> primitiveOf, CancellationToken cancellationToken)
    {
        var chain = McpChainAuthorizer.IdentityOf(request.User).Chain;
        var authorizer = Authorizer(request);
        for (var i = items.Count - 1; i >= 0; i--)
        {
            if (primitiveOf(items[i]) is not { } primitive || !await authorizer.MayUseAsync(chain, primitive, cancellationToken).ConfigureAwait(false))
            {
                items.RemoveAt(i);
            }
        }
    }
}

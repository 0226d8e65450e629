using AgentCore.Security.Mcp.Client;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers MCP servers an agent calls through the official SDK's client, each with its own exchanged token.</summary>
public static class AgentMcpClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers the MCP server <paramref name="name"/>, configured in code. Its HttpClient has the exchange handler with
    /// <c>resource</c> (RFC 8707, so the audience) = the server's canonical URI and the given scopes, sends only to that origin and never
    /// follows redirects; resolve <see cref="IAgentMcpClientFactory"/> to connect. Needs
    /// <c>AddAgentTokenChain().AddTokenExchange(…)</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The server's name in this agent.</param>
    /// <param name="configure">Sets the endpoint and scopes.</param>
    /// <returns>The server's HttpClient builder, for further configuration (resilience, a primary handler).</returns>
    public static IHttpClientBuilder AddAgentMcpClient(this IServiceCollection services, string name, Action<AgentMcpClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<AgentMcpClientOptions>(name).Configure(configure);
        return AddCore(services, name);
    }

    /// <summary>Registers the MCP server <paramref name="name"/>, bound from <paramref name="section"/> (<c>Endpoint</c>, <c>Scopes</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The server's name in this agent.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The server's HttpClient builder.</returns>
    public static IHttpClientBuilder AddAgentMcpClient(this IServiceCollection services, string name, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<AgentMcpClientOptions>(name).Bind(section);
        return AddCore(services, name);
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services, string name)
    {
        var registry = services.FirstOrDefault(static d => d.ServiceType == typeof(AgentMcpClientRegistry))?.ImplementationInstance as AgentMcpClientRegistry;
        if (registry is null)
        {
            registry = new AgentMcpClientRegistry();
            services.AddSingleton(registry);
            services.TryAddSingleton<IAgentMcpClientFactory, AgentMcpClientFactory>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentMcpClientOptions>, AgentMcpClientOptionsValidator>());

            // Metadata is public: read with no token (opted out of exchange), never redirected, bounded.
            services.AddSingleton(new TokenExchangeOptOut(AgentMcpClientRegistry.DiscoveryHttpClientName));
            services.AddHttpClient(AgentMcpClientRegistry.DiscoveryHttpClientName, static c => c.Timeout = TimeSpan.FromSeconds(30))
                .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        }

        if (!registry.Add(name))
        {
            throw new InvalidOperationException($"The MCP server '{name}' is registered twice.");
        }

        services.AddOptions<AgentMcpClientOptions>(name).ValidateOnStart();
        var clientName = AgentMcpClientRegistry.HttpClientName(name);
        services.AddOptions<AgentCore.Security.TokenExchange.TokenExchangeHandlerOptions>(clientName)
            .Configure<IOptionsMonitor<AgentMcpClientOptions>>((handler, servers) =>
            {
                var server = servers.Get(name);
                if (server.Endpoint is { } endpoint)
                {
                    var canonical = (server.Resource ?? endpoint).GetLeftPart(UriPartial.Path);
                    // RFC 8707: the server is named as the resource; the token service makes it the audience (MCP authorization).
                    handler.Target = new AgentCore.Security.TokenExchange.TokenExchangeTarget { Resources = [canonical], Scopes = [.. server.Scopes] };
                    handler.AllowedOrigins.Add(new Uri(endpoint.GetLeftPart(UriPartial.Authority)));
                    foreach (var scope in server.StepUpScopes)
                    {
                        handler.StepUpScopes.Add(scope);
                    }
                }
            });
        return services.AddHttpClient(clientName)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .AddAgentTokenExchangeHandler(static _ => { });
    }
}

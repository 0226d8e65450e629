using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentCore.Security.Mcp.Client;

/// <summary>Builds SDK clients whose transport's HttpClient is the named, exchanging client of each registered server.</summary>
internal sealed class AgentMcpClientFactory(
    IHttpClientFactory httpClients,
    IOptionsMonitor<AgentMcpClientOptions> options,
    AgentMcpClientRegistry registry,
    TimeProvider? timeProvider = null,
    ILoggerFactory? loggerFactory = null) : IAgentMcpClientFactory
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (DateTimeOffset Until, McpServerAuthorization Checked)> _verified = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public async Task<McpClient> CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!registry.Contains(name))
        {
            throw new InvalidOperationException($"No MCP server is registered as '{name}'; call services.AddAgentMcpClient(\"{name}\", …).");
        }

        var server = options.Get(name);
        if (server.VerifyServerMetadata)
        {
            await VerifyAsync(name, server, cancellationToken).ConfigureAwait(false);
        }

        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = server.Endpoint!, Name = name, TransportMode = HttpTransportMode.StreamableHttp },
            httpClients.CreateClient(AgentMcpClientRegistry.HttpClientName(name)),
            loggerFactory,
            ownsHttpClient: true);
        var clientOptions = new McpClientOptions { ClientInfo = new Implementation { Name = server.ClientName, Version = "1.0" } };
        return await McpClient.CreateAsync(transport, clientOptions, loggerFactory, cancellationToken).ConfigureAwait(false);
    }

    // Reused until it expires; a failure is not cached (the next connection checks again) and always throws.
    private async Task VerifyAsync(string name, AgentMcpClientOptions server, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_verified.TryGetValue(name, out var entry) && entry.Until > now)
        {
            return;
        }

        var discovery = new McpAuthorizationDiscovery(httpClients.CreateClient(AgentMcpClientRegistry.DiscoveryHttpClientName));
        var found = await discovery.DiscoverAsync(server.Endpoint!, [.. server.TrustedIssuers], server.Resource, cancellationToken).ConfigureAwait(false);
        _verified[name] = (now + server.MetadataLifetime, found);
    }
}

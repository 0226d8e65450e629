using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentCore.Security.Mcp.Client;

/// <summary>Builds SDK clients whose transport's HttpClient is the named, exchanging client of each registered server.</summary>
internal sealed class AgentMcpClientFactory(
    IHttpClientFactory httpClients,
    IOptionsMonitor<AgentMcpClientOptions> options,
    AgentMcpClientRegistry registry,
    ILoggerFactory? loggerFactory = null) : IAgentMcpClientFactory
{
    public Task<McpClient> CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!registry.Contains(name))
        {
            throw new InvalidOperationException($"No MCP server is registered as '{name}'; call services.AddAgentMcpClient(\"{name}\", …).");
        }

        var server = options.Get(name);
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = server.Endpoint!, Name = name, TransportMode = HttpTransportMode.StreamableHttp },
            httpClients.CreateClient(AgentMcpClientRegistry.HttpClientName(name)),
            loggerFactory,
            ownsHttpClient: true);
        var clientOptions = new McpClientOptions { ClientInfo = new Implementation { Name = server.ClientName, Version = "1.0" } };
        return McpClient.CreateAsync(transport, clientOptions, loggerFactory, cancellationToken);
    }
}

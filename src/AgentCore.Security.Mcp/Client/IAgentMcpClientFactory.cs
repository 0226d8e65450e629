using ModelContextProtocol.Client;

namespace AgentCore.Security.Mcp.Client;

/// <summary>Connects to the MCP servers registered with <c>AddAgentMcpClient</c>; every HTTP request exchanges the caller's token.</summary>
public interface IAgentMcpClientFactory
{
    /// <summary>
    /// Connects to a registered server (the official SDK's client over Streamable HTTP). Call it inside the inbound call
    /// (a skill, a tool, an endpoint the <c>AgentToken</c> scheme authenticated): each request the client sends carries a
    /// token exchanged from the caller's for exactly this server (audience and <c>resource</c> = its endpoint), never the
    /// caller's own.
    /// </summary>
    /// <param name="name">The name the server was registered under.</param>
    /// <param name="cancellationToken">Cancels the connection.</param>
    /// <returns>The connected client; dispose it when done.</returns>
    /// <exception cref="InvalidOperationException">No server is registered under <paramref name="name"/>.</exception>
    Task<McpClient> CreateAsync(string name, CancellationToken cancellationToken = default);
}

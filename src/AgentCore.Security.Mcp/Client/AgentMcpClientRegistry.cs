namespace AgentCore.Security.Mcp.Client;

/// <summary>The names of the registered MCP servers, and the name of each one's HttpClient.</summary>
internal sealed class AgentMcpClientRegistry
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>The client that reads servers' metadata: no token, no redirects.</summary>
    public const string DiscoveryHttpClientName = "AgentCore.Security.Mcp.Discovery";

    public static string HttpClientName(string name) => "AgentCore.Security.Mcp:" + name;

    public bool Add(string name) => _names.Add(name);

    public bool Contains(string name) => _names.Contains(name);
}

namespace AgentCore.Security.Mcp.Client;

/// <summary>The authorization of an MCP server could not be discovered, or what was discovered is refused.</summary>
public sealed class McpDiscoveryException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="McpDiscoveryException"/> class.</summary>
    public McpDiscoveryException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="McpDiscoveryException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    public McpDiscoveryException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="McpDiscoveryException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public McpDiscoveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="McpDiscoveryException"/> class.</summary>
    /// <param name="failure">Why.</param>
    /// <param name="message">What went wrong, for a person.</param>
    public McpDiscoveryException(McpDiscoveryFailure failure, string message)
        : base(message)
    {
        Failure = failure;
    }

    /// <summary>Gets why discovery failed.</summary>
    public McpDiscoveryFailure Failure { get; }
}

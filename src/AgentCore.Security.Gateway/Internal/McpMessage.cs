namespace AgentCore.Security.Gateway.Internal;

/// <summary>One JSON-RPC message of an MCP request body: its method (none for a response), its id as raw JSON (none for a notification), and the tool a <c>tools/call</c> names.</summary>
internal sealed record McpMessage(string? Method, string? Id, string? ToolName)
{
    public bool IsToolCall => Method == "tools/call";
}

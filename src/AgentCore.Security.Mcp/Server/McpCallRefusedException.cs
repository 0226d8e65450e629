using ModelContextProtocol;

namespace AgentCore.Security.Mcp.Server;

/// <summary>A call refused before its primitive ran; the SDK turns it into a JSON-RPC error with the code of its reason.</summary>
internal sealed class McpCallRefusedException(AgentCallDenyReason reason, string message)
    : McpProtocolException(message, (McpErrorCode)AgentTokenMcpErrorCodes.For(reason))
{
    public AgentCallDenyReason Reason { get; } = reason;
}

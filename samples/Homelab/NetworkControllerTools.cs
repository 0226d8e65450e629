using System.ComponentModel;
using AgentCore.Security;
using ModelContextProtocol.Server;

namespace Homelab;

/// <summary>
/// The network controller (the UniFi stand-in) as an MCP server: each tool declares its scope and relation, and every
/// principal of the calling chain must hold the relation (the policy is fleet.fga.yaml).
/// </summary>
[McpServerToolType]
public sealed class NetworkControllerTools
{
    [McpServerTool(Name = "list_clients")]
    [Description("Lists the clients on the home network.")]
    [RequireScope("read:alerts")]
    [RequireRelation("viewer", "network:home")]
    public static string ListClients() => "aa:bb:cc:dd:ee:ff nas, 11:22:33:44:55:66 camera";

    [McpServerTool(Name = "block_client")]
    [Description("Blocks a client at the firewall.")]
    [RequireScope("write:network")]
    [RequireRelation("operator", "network:home")]
    public static string BlockClient(string mac) => $"blocked {mac}";

    [McpServerTool(Name = "client_history")]
    [Description("A client's connection history: for auditors.")]
    [RequireScope("read:alerts")]
    [RequireRelation("auditor", "network:home")]
    public static string ClientHistory(string mac) => $"{mac}: 14 sessions this week";
}

#pragma warning disable SA1123, SA1124, SA1402, SA1649, CA1812, CA2007, CA1822 // documentation code: several small types, written as a reader would
using System.ComponentModel;
using AgentCore.Security;
using AgentCore.Security.AspNetCore;
using AgentCore.Security.Mcp.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Server;

namespace Snippets;

#region snippet: mcp-tools
[McpServerToolType]
public sealed class AlertTools
{
    [McpServerTool(Name = "list_alerts")]
    [Description("Lists the homelab's alerts.")]
    [RequireScope("read:alerts")]
    [RequireRelation("reader", "alerts:homelab")]   // every principal of the chain must be a reader
    public string ListAlerts() => "3 alerts";

    [McpServerTool(Name = "block_host")]
    [Description("Blocks a host at the firewall.")]
    [RequireScope("write:network")]
    [RequireRelation("operator", "host:{host}")]    // the object comes from the call's "host" argument
    public string BlockHost(string host) => $"blocked {host}";
}
#endregion

public static class McpSnippets
{
    public static void Server(WebApplicationBuilder builder)
    {
        #region snippet: mcp-server
        builder.Services.AddAgentTokenChain()
            .AddValidator()        // AgentTokenChain:Validator, Audience = "https://alerts-mcp.internal/mcp"
            .AddAuthorizer();      // AgentTokenChain:Authorization
        builder.Services.AddAuthentication(AgentTokenDefaults.AuthenticationScheme)
            .AddAgentToken(o => o.Resource = new("https://alerts-mcp.internal/mcp"));
        builder.Services.AddAuthorization();
        builder.Services.AddMcpServer()
            .WithHttpTransport()
            .WithTools<AlertTools>()
            .AddAgentTokenChain();          // every tools/call, resources/read, prompts/get through the pipeline
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapAgentTokenMcp("/mcp");       // MapMcp + RequireAgentTokenChain + its RFC 9728 metadata
        #endregion
    }

    public static async Task ClientAsync(IServiceCollection services, IServiceProvider provider, CancellationToken cancellationToken)
    {
        #region snippet: mcp-client
        services.AddAgentTokenChain().AddTokenExchange();
        services.AddAgentMcpClient("alerts", o =>
        {
            o.Endpoint = new("https://alerts-mcp.internal/mcp");
            o.Scopes.Add("read:alerts");
        });

        // Inside a skill, a tool or an authenticated endpoint: each request carries a token exchanged for this server.
        await using var client = await provider.GetRequiredService<IAgentMcpClientFactory>().CreateAsync("alerts", cancellationToken);
        var result = await client.CallToolAsync("list_alerts", cancellationToken: cancellationToken);
        #endregion
        _ = result;
    }
}

using System.Collections.Concurrent;
using System.ComponentModel;
using AgentCore.Security.AspNetCore;
using AgentCore.Security.IntegrationTests.Infrastructure;
using AgentCore.Security.OpenFga;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace AgentCore.Security.IntegrationTests.Mcp;

/// <summary>
/// A protected MCP server on the official C# SDK over loopback Kestrel: the AgentToken scheme in front, the chain
/// authorized per tool by the embedded OpenFGA evaluator, tokens from the real OpenIddict token service.
/// </summary>
public sealed class McpTestServer : IAsyncDisposable
{
    private WebApplication _app = null!;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Gets each tool that ran, with the chain <see cref="AgentCallContext.Current"/> held while it ran (its outbound calls exchange from it).</summary>
    public ConcurrentQueue<(string Tool, ValidatedChain Chain)> Calls { get; } = new();

    public static async Task<McpTestServer> StartAsync(TokenServiceFixture tokenService, bool stateless, CancellationToken cancellationToken, ILoggerProvider? logs = null, IDelegationAuthorizer? authorizer = null)
    {
        var server = new McpTestServer();
        var store = new EmbeddedFgaStore(FgaModel.Parse("""
            model
              schema 1.1
            type agent
            type user
            type host
              relations
                define operator: [user, agent]
            type alerts
              relations
                define reader: [user, agent]
            type tool
              relations
                define caller: [user, agent]
            """));
        store.Write([
            new FgaTuple("user:alice", "reader", "alerts:homelab"),
            new FgaTuple("agent:coordinator", "reader", "alerts:homelab"),
            new FgaTuple("agent:homelab-cli", "reader", "alerts:homelab"),
            new FgaTuple("user:alice", "operator", "host:nas"),
            new FgaTuple("agent:coordinator", "operator", "host:nas"),
            new FgaTuple("agent:homelab-cli", "operator", "host:nas"),
            new FgaTuple("user:alice", "operator", "host:printer"),
            new FgaTuple("agent:coordinator", "operator", "host:printer"),
            new FgaTuple("user:alice", "caller", "tool:self_test"),
            new FgaTuple("agent:coordinator", "caller", "tool:self_test"),
        ]);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddSingleton(server);
        builder.Services.AddAgentTokenChain()
            .AddValidator(o =>
            {
                o.Audience = Fleet.McpResource;
                o.RequireHttpsMetadata = false;
                o.Issuers.Add(new Jwt.TrustedIssuer(tokenService.Server.Issuer) { MetadataAddress = tokenService.Server.MetadataAddress });
            });
        builder.Services.AddSingleton(authorizer ?? new FgaDelegationAuthorizer(new EmbeddedFgaCheckClient(store)));
        builder.Services.AddAuthentication(AgentTokenDefaults.AuthenticationScheme).AddAgentToken(o => o.Resource = new Uri(Fleet.McpResource));
        builder.Services.AddAuthorization();
        builder.Services.AddMcpServer()
            .WithHttpTransport(o => o.Stateless = stateless)
            .WithTools<AlertTools>()
            .AddAgentTokenChain(_ => { });
        server._app = builder.Build();
        server._app.UseAuthentication();
        server._app.UseAuthorization();
        server._app.MapAgentTokenMcp("/mcp");
        await server._app.StartAsync(cancellationToken);
        server.Endpoint = new Uri(server._app.Urls.First() + "/mcp");
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>The tools: each declares its requirements with the same attributes as skills.</summary>
    [McpServerToolType]
    public sealed class AlertTools(McpTestServer server)
    {
        [McpServerTool(Name = "list_alerts")]
        [Description("Lists the homelab's alerts.")]
        [RequireScope("read:alerts")]
        [RequireRelation("reader", "alerts:homelab")]
        public string ListAlerts() => Record("list_alerts", "3 alerts");

        [McpServerTool(Name = "block_host")]
        [Description("Blocks a host at the firewall.")]
        [RequireScope("write:network")]
        [RequireRelation("operator", "host:{host}")]
        public string BlockHost(string host) => Record("block_host", $"blocked {host}");

        [McpServerTool(Name = "self_test")]
        [Description("Runs the server's self test; its object is named after the tool.")]
        [RequireScope("read:alerts")]
        [RequireRelation("caller", "tool:{name}")]
        public string SelfTest() => Record("self_test", "ok");

        [McpServerTool(Name = "debug_dump")]
        [Description("Declares no requirements: hidden and refused by default.")]
        public string DebugDump() => Record("debug_dump", "everything");

        private string Record(string tool, string output)
        {
            var current = AgentCallContext.Current;
            server.Calls.Enqueue((tool, current?.Chain ?? throw new InvalidOperationException("The tool ran outside AgentCallContext.")));
            return output;
        }
    }
}

using System.Net.Http.Json;
using AgentCore.Security;
using AgentCore.Security.DevTokenService;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab;

/// <summary>The whole fleet on loopback: the token service, three agents, two tools and an MCP server, each a real service.</summary>
public sealed class Fleet : IAsyncDisposable
{
    /// <summary>The canonical URI of the network controller's MCP endpoint: its tokens' audience (RFC 8707 resource).</summary>
    public const string NetworkControllerResource = "https://network-mcp.homelab.example/mcp";

    private readonly List<IAsyncDisposable> _parts = [];

    public DevTokenServer TokenService { get; private set; } = null!;

    public FleetService AlertsApi { get; private set; } = null!;

    public FleetService NetworkApi { get; private set; } = null!;

    /// <summary>Gets the network controller's MCP server (tools list_clients, block_client, client_history).</summary>
    public FleetService NetworkController { get; private set; } = null!;

    public FleetService SecurityAgent { get; private set; } = null!;

    public FleetService NetworkAgent { get; private set; } = null!;

    public FleetService Coordinator { get; private set; } = null!;

    public static async Task<Fleet> StartAsync(string userPassword, CancellationToken cancellationToken)
    {
        var fleet = new Fleet();
        var storeFile = Path.Combine(AppContext.BaseDirectory, "fleet.fga.yaml");
        fleet.TokenService = await fleet.Keep(DevTokenServer.StartAsync(TokenServiceOptions(userPassword), cancellationToken));
        var tokens = fleet.TokenService;
        fleet.AlertsApi = await fleet.Keep(FleetService.StartAsync(tokens, "alerts-api", "alerts-api", "unused", storeFile,
            s => s.AddAgentTokenChain().AddSkill<ListAlertsTool>(), app => app.MapSkill<ListAlertsTool>("/alerts"), cancellationToken));
        fleet.NetworkApi = await fleet.Keep(FleetService.StartAsync(tokens, "network-api", "network-api", "unused", storeFile,
            s => s.AddAgentTokenChain().AddSkill<BlockClientTool>(), app => app.MapSkill<BlockClientTool>("/block"), cancellationToken));
        fleet.NetworkController = await fleet.Keep(FleetService.StartAsync(tokens, NetworkControllerResource, "network-controller", "unused", storeFile,
            static s => s.AddMcpServer().WithHttpTransport(o => o.Stateless = true).WithTools<NetworkControllerTools>().AddAgentTokenChain(),
            static app => app.MapMcp("/mcp").RequireAgentTokenChain(), cancellationToken));
        fleet.SecurityAgent = await fleet.Keep(FleetService.StartAsync(tokens, "security-agent", "security-agent", "security-agent-secret", storeFile,
            s =>
            {
                Agent<ReadAlertsSkill>(s, ("alerts-api", fleet.AlertsApi, "read:alerts"), ("network-api", fleet.NetworkApi, "write:network"));
                s.AddAgentMcpClient("network-controller", o =>
                {
                    o.Endpoint = new Uri(fleet.NetworkController.BaseAddress, "mcp");
                    o.Resource = new Uri(NetworkControllerResource);
                    o.Scopes.Add("read:alerts");
                });
            },
            app => app.MapSkill<ReadAlertsSkill>("/skills/read-alerts"), cancellationToken));
        fleet.NetworkAgent = await fleet.Keep(FleetService.StartAsync(tokens, "network-agent", "network-agent", "network-agent-secret", storeFile,
            s => Agent<BlockClientSkill>(s, ("network-api", fleet.NetworkApi, "write:network")),
            app => app.MapSkill<BlockClientSkill>("/skills/block"), cancellationToken));
        fleet.Coordinator = await fleet.Keep(FleetService.StartAsync(tokens, "coordinator", "coordinator", "coordinator-secret", storeFile,
            s => Agent<TriageSkill>(s, ("security-agent", fleet.SecurityAgent, "read:alerts"), ("network-agent", fleet.NetworkAgent, "write:network")),
            MapCoordinator, cancellationToken));
        return fleet;
    }

    /// <summary>Token B: what the coordinator's handler obtains for the security agent from token A (served from its cache).</summary>
    public async Task<string> TokenBAsync(string tokenA, CancellationToken cancellationToken) =>
        (await Coordinator.Services.GetRequiredService<ITokenExchanger>().ExchangeAsync(
            new TokenExchangeRequest { SubjectToken = tokenA, Audiences = ["security-agent"], Scopes = ["read:alerts"] }, cancellationToken)).Token!.AccessToken;

    public void Describe(TextWriter output)
    {
        output.WriteLine($"token service   {TokenService.Issuer} (OpenIddict, RFC 8693)");
        output.WriteLine($"coordinator     {Coordinator.BaseAddress}  skill Triage, plain endpoint GET /status");
        output.WriteLine($"security agent  {SecurityAgent.BaseAddress}  skill ReadAlerts");
        output.WriteLine($"network agent   {NetworkAgent.BaseAddress}  skill BlockClient");
        output.WriteLine($"alerts API      {AlertsApi.BaseAddress}  (Wazuh stand-in)");
        output.WriteLine($"network API     {NetworkApi.BaseAddress}  (UniFi stand-in)");
        output.WriteLine($"network MCP     {NetworkController.BaseAddress}mcp  (the controller's MCP server, resource {NetworkControllerResource})");
        output.WriteLine("policy          fleet.fga.yaml (embedded OpenFGA, EveryPrincipal)");
        output.WriteLine();
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _parts.Count - 1; i >= 0; i--)
        {
            await _parts[i].DisposeAsync();
        }
    }

    /// <summary>The coordinator: its Triage skill, and a plain endpoint (not a skill) that calls the security agent as its caller.</summary>
    private static void MapCoordinator(WebApplication app)
    {
        app.MapSkill<TriageSkill>("/skills/triage");
        app.MapGet("/status", static async (IHttpClientFactory http, CancellationToken cancellationToken) =>
        {
            using var response = await http.CreateClient("security-agent").PostAsJsonAsync("skills/read-alerts", new ReadAlertsRequest("high"), cancellationToken);
            var alerts = await response.Content.ReadFromJsonAsync<ReadAlertsResponse>(cancellationToken);
            return alerts?.ChainAtSecurityAgent ?? string.Empty;
        }).RequireAuthorization();
    }

    /// <summary>An agent: its skill, and one exchanging HttpClient per service it calls (audience and scope of that call).</summary>
    private static void Agent<TSkill>(IServiceCollection services, params (string Name, FleetService Service, string Scope)[] calls)
        where TSkill : class
    {
        services.AddAgentTokenChain().AddSkill<TSkill>();
        foreach (var (name, service, scope) in calls)
        {
            services.AddHttpClient(name, c => c.BaseAddress = service.BaseAddress)
                .AddAgentTokenExchangeHandler(o => o.Target = new() { Audiences = [service.Audience], Scopes = [scope] });
        }
    }

    private static DevTokenServiceOptions TokenServiceOptions(string userPassword) => new()
    {
        Clients =
        [
            new DevClient { ClientId = "homelab-cli", AllowPassword = true, AllowClientCredentials = false, AllowTokenExchange = false, AllowedAudiences = ["coordinator", NetworkControllerResource], AllowedScopes = ["triage", "read:alerts", "write:network"] },
            new DevClient { ClientId = "coordinator", ClientSecret = "coordinator-secret", AllowedAudiences = ["security-agent", "network-agent"], AllowedScopes = ["triage", "read:alerts", "write:network"] },
            new DevClient { ClientId = "security-agent", ClientSecret = "security-agent-secret", AllowedAudiences = ["alerts-api", NetworkControllerResource], AllowedScopes = ["read:alerts"] },
            new DevClient { ClientId = "network-agent", ClientSecret = "network-agent-secret", AllowedAudiences = ["network-api"], AllowedScopes = ["write:network"] },
        ],
        Users =
        [
            new DevUser { Username = "alice", Password = userPassword, Scopes = ["triage", "read:alerts", "write:network"] },
            new DevUser { Username = "bob", Password = userPassword, Scopes = ["triage", "read:alerts"] },
        ],
    };

    private async Task<T> Keep<T>(Task<T> starting)
        where T : IAsyncDisposable
    {
        var part = await starting;
        _parts.Add(part);
        return part;
    }
}

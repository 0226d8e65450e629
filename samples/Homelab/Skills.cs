#pragma warning disable SA1402 // the fleet's skills read best side by side
using System.Net.Http.Json;
using AgentCore.Security;
using AgentCore.Security.Mcp.Client;
using AgentCore.Security.Pipeline;
using AgentCore.Security.Skills;

namespace Homelab;

/// <summary>The alerts API's one skill (a tool): list alerts. Every principal must be a reader of alerts:homelab.</summary>
[RequireScope("read:alerts")]
[RequireRelation("reader", "alerts:homelab")]
public sealed class ListAlertsTool(AgentCallServices services) : BaseSkill<ReadAlertsRequest, AlertsResponse>(services)
{
    /// <summary>Gets the last token this tool received (kept only so that the sample can show a replay failing).</summary>
    public static string? LastTokenSeen { get; private set; }

    protected override Task<AlertsResponse> ExecuteAsync(SkillContext context, ReadAlertsRequest input, CancellationToken cancellationToken)
    {
        LastTokenSeen = AgentCore.Security.AgentCallContext.Current?.InboundToken;
        IReadOnlyList<string> alerts = ["ssh brute force from 203.0.113.7 (level 10)", "new device on IoT VLAN (level 7)"];
        return Task.FromResult(new AlertsResponse(alerts, context.Chain.ToString(), string.Join(' ', context.Chain.Scopes)));
    }
}

/// <summary>The network controller's skill (a tool): block a client. Every principal must be an operator of network:home.</summary>
[RequireScope("write:network")]
[RequireRelation("operator", "network:home")]
public sealed class BlockClientTool(AgentCallServices services) : BaseSkill<BlockRequest, BlockResponse>(services)
{
    protected override Task<BlockResponse> ExecuteAsync(SkillContext context, BlockRequest input, CancellationToken cancellationToken) =>
        Task.FromResult(new BlockResponse(true, context.Chain.ToString()));
}

/// <summary>
/// The security agent's skill: read alerts, through the alerts API, and look at the network controller's clients
/// through its MCP server. Both clients exchange the caller's token, each for its own target.
/// </summary>
[RequireScope("read:alerts")]
[RequireRelation("reader", "alerts:homelab")]
public sealed class ReadAlertsSkill(AgentCallServices services, IHttpClientFactory http, IAgentMcpClientFactory mcp) : BaseSkill<ReadAlertsRequest, ReadAlertsResponse>(services)
{
    protected override async Task<ReadAlertsResponse> ExecuteAsync(SkillContext context, ReadAlertsRequest input, CancellationToken cancellationToken)
    {
        using var response = await http.CreateClient("alerts-api").PostAsJsonAsync("alerts", input, cancellationToken);
        response.EnsureSuccessStatusCode();
        var alerts = (await response.Content.ReadFromJsonAsync<AlertsResponse>(cancellationToken))!;
        var injected = input.InjectedBlock is { } mac ? await TryBlockAsync(mac, cancellationToken) : null;
        return new ReadAlertsResponse(alerts.Alerts, context.Chain.ToString(), alerts.Chain, alerts.Scope, injected, await LookAtNetworkAsync(cancellationToken));
    }

    // Over MCP: the tools this chain may call, the clients, and the history tool its chain may not use.
    private async Task<NetworkView> LookAtNetworkAsync(CancellationToken cancellationToken)
    {
        await using var controller = await mcp.CreateAsync("network-controller", cancellationToken);
        var tools = (await controller.ListToolsAsync(cancellationToken: cancellationToken)).Select(t => t.Name).ToArray();
        var clients = await controller.CallToolAsync("list_clients", cancellationToken: cancellationToken);
        string history;
        try
        {
            await controller.CallToolAsync("client_history", new Dictionary<string, object?> { ["mac"] = "aa:bb:cc:dd:ee:ff" }, cancellationToken: cancellationToken);
            history = "allowed";
        }
        catch (ModelContextProtocol.McpProtocolException e)
        {
            history = $"refused ({(int)e.ErrorCode}): {e.Message}";
        }

        var text = clients.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().FirstOrDefault()?.Text ?? string.Empty;
        return new NetworkView(tools, text, history);
    }

    // A prompt injection makes the agent try the network controller with its caller's authority.
    private async Task<string> TryBlockAsync(string mac, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.CreateClient("network-api").PostAsJsonAsync("block", new BlockRequest(mac), cancellationToken);
            return $"sent, answered {(int)response.StatusCode}";
        }
        catch (TokenExchangeException e)
        {
            return $"refused before sending: {e.Status} {e.Error} ({e.ErrorDescription})";
        }
    }
}

/// <summary>
/// The coordinator's skill: triage for the user, by delegating to the security or network agent. Its HttpClients
/// exchange the caller's token for each agent; <c>forward-token</c> plays a prompt-injected coordinator that tries to
/// hand its own token on, which the exchange handler refuses.
/// </summary>
[RequireScope("triage")]
public sealed class TriageSkill(AgentCallServices services, IHttpClientFactory http) : BaseSkill<TriageRequest, TriageResponse>(services)
{
    protected override async Task<TriageResponse> ExecuteAsync(SkillContext context, TriageRequest input, CancellationToken cancellationToken)
    {
        try
        {
            return input.Action switch
            {
                "read-alerts" => await CallAsync("security-agent", "skills/read-alerts", new ReadAlertsRequest("high"), cancellationToken),
                "block-client" => await CallAsync("network-agent", "skills/block", new BlockRequest("aa:bb:cc:dd:ee:ff"), cancellationToken),
                "forward-token" => await ForwardOwnTokenAsync(cancellationToken),
                _ => new TriageResponse("unknown", input.Action),
            };
        }
        catch (TokenExchangeException e)
        {
            return new TriageResponse("refused", e.Error is null ? e.Status.ToString() : $"{e.Status} {e.Error} ({e.ErrorDescription})");
        }
    }

    private async Task<TriageResponse> CallAsync<T>(string agent, string path, T request, CancellationToken cancellationToken)
    {
        using var response = await http.CreateClient(agent).PostAsJsonAsync(path, request, cancellationToken);
        return response.IsSuccessStatusCode && agent == "security-agent"
            ? new TriageResponse("ok", string.Empty, await response.Content.ReadFromJsonAsync<ReadAlertsResponse>(cancellationToken))
            : new TriageResponse(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private async Task<TriageResponse> ForwardOwnTokenAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "skills/read-alerts") { Content = JsonContent.Create(new ReadAlertsRequest("high")) };
        request.Headers.Authorization = new("Bearer", AgentCallContext.Current!.InboundToken);
        using var response = await http.CreateClient("security-agent").SendAsync(request, cancellationToken);
        return new TriageResponse("sent", ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>The network agent's skill: block a client, through the network controller.</summary>
[RequireScope("write:network")]
[RequireRelation("operator", "network:home")]
public sealed class BlockClientSkill(AgentCallServices services, IHttpClientFactory http) : BaseSkill<BlockRequest, BlockResponse>(services)
{
    protected override async Task<BlockResponse> ExecuteAsync(SkillContext context, BlockRequest input, CancellationToken cancellationToken)
    {
        using var response = await http.CreateClient("network-api").PostAsJsonAsync("block", input, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<BlockResponse>(cancellationToken))!;
    }
}

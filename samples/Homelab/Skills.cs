#pragma warning disable SA1402 // the fleet's skills read best side by side
using System.Net.Http.Json;
using AgentCore.Security;
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

/// <summary>The security agent's skill: read alerts, through the alerts API. Its HttpClient exchanges the caller's token.</summary>
[RequireScope("read:alerts")]
[RequireRelation("reader", "alerts:homelab")]
public sealed class ReadAlertsSkill(AgentCallServices services, IHttpClientFactory http) : BaseSkill<ReadAlertsRequest, ReadAlertsResponse>(services)
{
    protected override async Task<ReadAlertsResponse> ExecuteAsync(SkillContext context, ReadAlertsRequest input, CancellationToken cancellationToken)
    {
        using var response = await http.CreateClient("alerts-api").PostAsJsonAsync("alerts", input, cancellationToken);
        response.EnsureSuccessStatusCode();
        var alerts = (await response.Content.ReadFromJsonAsync<AlertsResponse>(cancellationToken))!;
        return new ReadAlertsResponse(alerts.Alerts, context.Chain.ToString(), alerts.Chain, alerts.Scope);
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

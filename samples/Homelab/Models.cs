#pragma warning disable SA1402 // the sample's small message types stay together
namespace Homelab;

/// <summary>What the security agent is asked for; <paramref name="InjectedBlock"/> stands for a prompt injection that makes it also try to block a client.</summary>
public sealed record ReadAlertsRequest(string Severity, string? InjectedBlock = null);

/// <summary>The alerts, the chain each hop saw, and what became of an injected instruction.</summary>
public sealed record ReadAlertsResponse(IReadOnlyList<string> Alerts, string ChainAtSecurityAgent, string ChainAtAlertsApi, string ScopeAtAlertsApi, string? InjectedOutcome = null, NetworkView? Network = null);

/// <summary>What the security agent saw of the network controller's MCP server: the tools listed to its chain, one call that worked and one refused.</summary>
public sealed record NetworkView(IReadOnlyList<string> Tools, string Clients, string HistoryOutcome);

/// <summary>What alice asks the coordinator: <c>read-alerts</c>, <c>block-client</c>, or <c>forward-token</c> (a coordinator that, prompt-injected, forwards its own token).</summary>
public sealed record TriageRequest(string Action);

/// <summary>The coordinator's answer: what the hop downstream answered or why it was refused.</summary>
public sealed record TriageResponse(string Outcome, string Detail, ReadAlertsResponse? Alerts = null);

/// <summary>The alerts API's answer (the Wazuh stand-in).</summary>
public sealed record AlertsResponse(IReadOnlyList<string> Alerts, string Chain, string Scope);

/// <summary>A request to block a client on the network controller (the UniFi stand-in).</summary>
public sealed record BlockRequest(string ClientMac);

/// <summary>The network controller's answer.</summary>
public sealed record BlockResponse(bool Blocked, string Chain);

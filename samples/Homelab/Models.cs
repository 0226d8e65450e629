#pragma warning disable SA1402 // the sample's small message types stay together
namespace Homelab;

/// <summary>What the security agent is asked for.</summary>
public sealed record ReadAlertsRequest(string Severity);

/// <summary>The alerts, and the chain each hop saw.</summary>
public sealed record ReadAlertsResponse(IReadOnlyList<string> Alerts, string ChainAtSecurityAgent, string ChainAtAlertsApi, string ScopeAtAlertsApi);

/// <summary>The alerts API's answer (the Wazuh stand-in).</summary>
public sealed record AlertsResponse(IReadOnlyList<string> Alerts, string Chain, string Scope);

/// <summary>A request to block a client on the network controller (the UniFi stand-in).</summary>
public sealed record BlockRequest(string ClientMac);

/// <summary>The network controller's answer.</summary>
public sealed record BlockResponse(bool Blocked, string Chain);

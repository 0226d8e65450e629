namespace AgentCore.Security.TokenExchange;

/// <summary>What an outbound call does when no inbound call (<see cref="AgentCallContext"/>) is in progress.</summary>
public enum NoInboundTokenBehavior
{
    /// <summary>Refuse the call with <see cref="TokenExchangeStatus.NoInboundToken"/>; it is not sent. The default.</summary>
    Fail = 0,

    /// <summary>Use the agent's own client-credentials token: the agent acts for itself. Opt in per client, where that is meant.</summary>
    UseClientCredentials = 1,
}

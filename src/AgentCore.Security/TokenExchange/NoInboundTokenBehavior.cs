namespace AgentCore.Security.TokenExchange;

/// <summary>What an outbound call does when no inbound call (<see cref="AgentCallContext"/>) is in progress.</summary>
public enum NoInboundTokenBehavior
{
    /// <summary>Use the agent's own client-credentials token: the agent acts for itself. The default.</summary>
    UseClientCredentials,

    /// <summary>Refuse the call with <see cref="TokenExchangeStatus.NoInboundToken"/>; it is not sent.</summary>
    Fail,
}

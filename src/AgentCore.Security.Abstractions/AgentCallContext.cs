namespace AgentCore.Security;

/// <summary>
/// The inbound call an agent is serving: the validated chain and the token it arrived with. Whoever
/// accepts the inbound call (a <c>BaseSkill</c>, an authentication handler, a test) sets it with
/// <see cref="Begin"/>; outbound HttpClients read it to exchange the inbound token for a new one, so
/// the inbound token itself never leaves the agent. Flows with the async context (AsyncLocal).
/// </summary>
public sealed class AgentCallContext
{
    private static readonly AsyncLocal<AgentCallContext?> Ambient = new();

    private AgentCallContext(ValidatedChain chain, string inboundToken)
    {
        Chain = chain;
        InboundToken = inboundToken;
    }

    /// <summary>Gets the context of the call being served on this async flow, or <see langword="null"/>.</summary>
    public static AgentCallContext? Current => Ambient.Value;

    /// <summary>Gets the validated chain of the inbound token.</summary>
    public ValidatedChain Chain { get; }

    /// <summary>
    /// Gets the inbound token. It is the subject token of every exchange made on this call and must
    /// never be sent onward; the exchange handler refuses a request that carries it.
    /// </summary>
    public string InboundToken { get; }

    /// <summary>Makes <paramref name="chain"/> and its token the current call until the returned scope is disposed.</summary>
    /// <param name="chain">The chain the validator returned for <paramref name="inboundToken"/>.</param>
    /// <param name="inboundToken">The inbound token, exactly as received.</param>
    /// <returns>A scope that restores the previous context when disposed.</returns>
    public static Scope Begin(ValidatedChain chain, string inboundToken)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentException.ThrowIfNullOrEmpty(inboundToken);
        var previous = Ambient.Value;
        Ambient.Value = new AgentCallContext(chain, inboundToken);
        return new Scope(previous);
    }

    /// <summary>Shows the chain and the token's short hash, never the token.</summary>
    /// <returns>For example <c>alice → coordinator (token 3f9a…)</c>.</returns>
    public override string ToString() => $"{Chain} (token {Chain.TokenHash})";

    /// <summary>Restores the previous <see cref="Current"/> when disposed.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly AgentCallContext? _previous;

        internal Scope(AgentCallContext? previous) => _previous = previous;

        /// <summary>Restores the context that was current before <see cref="Begin"/>.</summary>
        public void Dispose() => Ambient.Value = _previous;
    }
}

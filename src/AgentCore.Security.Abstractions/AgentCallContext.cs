namespace AgentCore.Security;

/// <summary>
/// The inbound call an agent is serving: the validated chain and the token it arrived with. Whoever
/// accepts the inbound call (a <c>BaseSkill</c>, an authentication handler, a test) sets it with
/// <see cref="Begin"/>; outbound HttpClients read it to exchange the inbound token for a new one, so
/// the inbound token itself never leaves the agent. Flows with the async context (AsyncLocal).
/// </summary>
/// <remarks>
/// <para>
/// The caller ends with the call: when the scope returned by <see cref="Begin"/> is disposed, the context
/// is over for every flow that captured it, including work started with <c>Task.Run</c>, a timer or a
/// fire-and-forget task during the call. Such work then sees <see cref="Current"/> as <see langword="null"/>,
/// and its outbound calls fail closed (or act as the agent itself, where a client is configured so).
/// </para>
/// <para>
/// To let work that outlives the call act for the caller on purpose, capture <see cref="Chain"/> and
/// <see cref="InboundToken"/> while the call runs and open a context of its own with <see cref="Begin"/>
/// inside that work; it lasts until that work disposes it, and no longer than the token's own expiry.
/// </para>
/// </remarks>
public sealed class AgentCallContext
{
    private static readonly AsyncLocal<AgentCallContext?> Ambient = new();
    private volatile bool _ended;

    private AgentCallContext(ValidatedChain chain, string inboundToken)
    {
        Chain = chain;
        InboundToken = inboundToken;
    }

    /// <summary>Gets the context of the call being served on this async flow, or <see langword="null"/>.</summary>
    public static AgentCallContext? Current => Ambient.Value is { _ended: false } current ? current : null;

    /// <summary>Gets a value indicating whether the call this context belongs to has ended (its scope was disposed).</summary>
    public bool HasEnded => _ended;

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
        var context = new AgentCallContext(chain, inboundToken);
        Ambient.Value = context;
        return new Scope(context, previous);
    }

    /// <summary>Shows the chain and the token's short hash, never the token.</summary>
    /// <returns>For example <c>alice → coordinator (token 3f9a…)</c>.</returns>
    public override string ToString() => $"{Chain} (token {Chain.TokenHash})";

    /// <summary>Ends the call's context and restores the previous <see cref="Current"/> when disposed.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly AgentCallContext? _context;
        private readonly AgentCallContext? _previous;

        internal Scope(AgentCallContext context, AgentCallContext? previous)
        {
            _context = context;
            _previous = previous;
        }

        /// <summary>Ends the context <see cref="Begin"/> opened (for every flow that captured it) and restores the one before it here.</summary>
        public void Dispose()
        {
            if (_context is null)
            {
                return;
            }

            _context._ended = true;
            Ambient.Value = _previous;
        }
    }
}

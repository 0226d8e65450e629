namespace AgentCore.Security.TokenExchange;

/// <summary>How calls to the token service are bounded and retried (Microsoft.Extensions.Http.Resilience).</summary>
public sealed class TokenServiceResilienceOptions
{
    /// <summary>Gets or sets the total time one token request may take, retries included.</summary>
    /// <value>Default 10 seconds.</value>
    public TimeSpan TotalTimeout { get; set; } = TokenExchangeDefaults.TotalTimeout;

    /// <summary>Gets or sets the time one attempt may take.</summary>
    /// <value>Default 3 seconds.</value>
    public TimeSpan AttemptTimeout { get; set; } = TokenExchangeDefaults.AttemptTimeout;

    /// <summary>Gets or sets how many times a transient failure (5xx, 408, 429, connection error, attempt timeout) is retried. OAuth errors are never retried.</summary>
    /// <value>Default 2; 0 turns retries off; at most 10.</value>
    public int MaxRetryAttempts { get; set; } = TokenExchangeDefaults.MaxRetryAttempts;

    /// <summary>Gets or sets the base delay between retries (exponential backoff with jitter).</summary>
    /// <value>Default 200 ms.</value>
    public TimeSpan RetryDelay { get; set; } = TokenExchangeDefaults.RetryDelay;

    /// <summary>Gets or sets the failure ratio that opens the circuit breaker.</summary>
    /// <value>Default 0.5.</value>
    public double CircuitBreakerFailureRatio { get; set; } = TokenExchangeDefaults.CircuitBreakerFailureRatio;

    /// <summary>Gets or sets the minimum number of calls in the sampling window before the breaker can open.</summary>
    /// <value>Default 10.</value>
    public int CircuitBreakerMinimumThroughput { get; set; } = TokenExchangeDefaults.CircuitBreakerMinimumThroughput;

    /// <summary>Gets or sets the circuit breaker's sampling window.</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TokenExchangeDefaults.CircuitBreakerSamplingDuration;

    /// <summary>Gets or sets how long the circuit stays open before a trial call.</summary>
    /// <value>Default 15 seconds.</value>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TokenExchangeDefaults.CircuitBreakerBreakDuration;

    /// <summary>A copy.</summary>
    internal object Snapshot() => MemberwiseClone();
}

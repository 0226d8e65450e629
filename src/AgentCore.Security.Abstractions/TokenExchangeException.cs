namespace AgentCore.Security;

/// <summary>
/// Thrown by the outbound exchange handler when it could not obtain a token for the request; the
/// request was not sent. It carries the reason, never a token.
/// </summary>
/// <remarks>
/// It is deliberately not an <see cref="HttpRequestException"/>: resilience pipelines (for example
/// <c>AddStandardResilienceHandler</c>) treat those as transient and retry them, and a fail-closed refusal
/// must never be retried nor count towards a circuit breaker. The token service's own transient failures
/// are retried inside the exchange, before this is thrown.
/// </remarks>
public class TokenExchangeException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="TokenExchangeException"/> class.</summary>
    public TokenExchangeException()
        : this(TokenExchangeStatus.Unknown, "The token exchange failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TokenExchangeException"/> class.</summary>
    /// <param name="message">The message.</param>
    public TokenExchangeException(string message)
        : this(TokenExchangeStatus.Unknown, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TokenExchangeException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TokenExchangeException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TokenExchangeException"/> class.</summary>
    /// <param name="status">Why no token was obtained.</param>
    /// <param name="message">The message.</param>
    /// <param name="error">The OAuth error code, if any.</param>
    /// <param name="errorDescription">The token service's description, if any.</param>
    public TokenExchangeException(TokenExchangeStatus status, string message, string? error = null, string? errorDescription = null)
        : base(message)
    {
        Status = status;
        Error = error;
        ErrorDescription = errorDescription;
    }

    /// <summary>Initializes a new instance of the <see cref="TokenExchangeException"/> class.</summary>
    /// <param name="status">Why no token was obtained, or why the request was not sent.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TokenExchangeException(TokenExchangeStatus status, string message, Exception? innerException)
        : base(message, innerException)
    {
        Status = status;
    }

    /// <summary>Initializes a new instance of the <see cref="TokenExchangeException"/> class from a failed result.</summary>
    /// <param name="result">The failed exchange.</param>
    public TokenExchangeException(TokenExchangeResult result)
        : this(result.Status, "The outbound request was not sent: the token exchange failed. " + result.ToString(), result.Error, result.ErrorDescription)
    {
    }

    /// <summary>Gets why no token was obtained.</summary>
    public TokenExchangeStatus Status { get; }

    /// <summary>Gets the OAuth error code when the token service refused (<c>invalid_scope</c>, …).</summary>
    public string? Error { get; }

    /// <summary>Gets the token service's <c>error_description</c>, if any.</summary>
    public string? ErrorDescription { get; }
}

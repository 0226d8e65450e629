namespace AgentCore.Security;

/// <summary>
/// Thrown when an outbound request carries the inbound token itself (token passthrough, the confused
/// deputy). The request was not sent.
/// </summary>
public sealed class TokenPassthroughException : TokenExchangeException
{
    /// <summary>Initializes a new instance of the <see cref="TokenPassthroughException"/> class.</summary>
    public TokenPassthroughException()
        : base(TokenExchangeStatus.PassthroughBlocked, "The outbound request carried the inbound token and was not sent. Tokens are never forwarded: the exchange handler obtains a new, audience-bound token for every outbound call; do not set the Authorization header yourself.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TokenPassthroughException"/> class.</summary>
    /// <param name="message">The message.</param>
    public TokenPassthroughException(string message)
        : base(TokenExchangeStatus.PassthroughBlocked, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TokenPassthroughException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TokenPassthroughException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

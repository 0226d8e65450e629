namespace AgentCore.Security;

/// <summary>Obtains downscoped, audience-bound tokens from the token service (RFC 8693), with caching.</summary>
public interface ITokenExchanger
{
    /// <summary>Exchanges <see cref="TokenExchangeRequest.SubjectToken"/>, or gets the agent's own client-credentials token when it is <see langword="null"/>.</summary>
    /// <param name="request">What to ask for.</param>
    /// <param name="cancellationToken">Cancels the call; cancellation throws rather than returning a result.</param>
    /// <returns>The token, or a failure with its reason. Expected failures are results, not exceptions.</returns>
    ValueTask<TokenExchangeResult> ExchangeAsync(TokenExchangeRequest request, CancellationToken cancellationToken = default);

    /// <summary>Forgets any cached token for <paramref name="request"/>, so that the next exchange asks the token service.</summary>
    /// <param name="request">The request whose token a downstream service rejected.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the entry is gone.</returns>
    ValueTask InvalidateAsync(TokenExchangeRequest request, CancellationToken cancellationToken = default);
}

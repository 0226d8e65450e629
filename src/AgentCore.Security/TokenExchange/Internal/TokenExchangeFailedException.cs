namespace AgentCore.Security.TokenExchange.Internal;

/// <summary>Carries a failed result out of the cache's factory, so that failures are never cached.</summary>
internal sealed class TokenExchangeFailedException(TokenExchangeResult result) : Exception(result.Message)
{
    public TokenExchangeResult Result { get; } = result;
}

namespace AgentCore.Security;

/// <summary>
/// Validates agent access tokens: signature, issuer, audience, lifetime, scope and the RFC 8693
/// <c>act</c> delegation chain. Expected failures are results, never exceptions.
/// </summary>
public interface IAgentTokenValidator
{
    /// <summary>Validates a compact JWS given as characters.</summary>
    /// <param name="token">The token, without the <c>Bearer </c> prefix.</param>
    /// <returns>The result; on success it carries the <see cref="ValidatedChain"/>.</returns>
    JwtValidationResult Validate(ReadOnlySpan<char> token);

    /// <summary>Validates a compact JWS given as UTF-8 bytes.</summary>
    /// <param name="utf8Token">The token as UTF-8 (ASCII) bytes.</param>
    /// <returns>The result; on success it carries the <see cref="ValidatedChain"/>.</returns>
    JwtValidationResult Validate(ReadOnlySpan<byte> utf8Token);

    /// <summary>
    /// Validates a token and, when its key id is unknown and the key set may be refreshed, waits for one
    /// refresh of the issuers' keys before answering. Completes synchronously on the common path.
    /// </summary>
    /// <param name="token">The token.</param>
    /// <param name="cancellationToken">Cancels the wait for a key refresh.</param>
    /// <returns>The result.</returns>
    ValueTask<JwtValidationResult> ValidateAsync(string token, CancellationToken cancellationToken = default);
}

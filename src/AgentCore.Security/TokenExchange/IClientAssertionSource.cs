namespace AgentCore.Security.TokenExchange;

/// <summary>
/// Supplies a fresh client assertion for each token request: the built-in
/// <see cref="PrivateKeyJwtAssertionSource"/>, or your own (for example one that reads a SPIFFE
/// JWT-SVID from the workload API and returns it with <see cref="ClientAssertionTypes.JwtSpiffe"/>).
/// </summary>
public interface IClientAssertionSource
{
    /// <summary>Gets an assertion for one token request. Do not reuse an assertion's <c>jti</c>.</summary>
    /// <param name="context">The client id, audience and endpoint the assertion is for.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The assertion and its type.</returns>
    ValueTask<ClientAssertion> GetAssertionAsync(ClientAssertionContext context, CancellationToken cancellationToken);
}

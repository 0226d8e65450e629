using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentCore.Security.TokenExchange;

/// <summary>
/// <c>private_key_jwt</c> (RFC 7523 §2.2): signs a short-lived assertion with the agent's own key,
/// with <c>iss</c> = <c>sub</c> = the client id, the token service as <c>aud</c>, and a fresh random
/// <c>jti</c> on every call. The header <c>typ</c> is <c>client-authentication+jwt</c>
/// (draft-ietf-oauth-rfc7523bis; OpenIddict requires it); set <c>JWT</c> for servers that want that.
/// </summary>
public sealed class PrivateKeyJwtAssertionSource : IClientAssertionSource
{
    private readonly SigningCredentials _credentials;
    private readonly TimeSpan _lifetime;
    private readonly string _type;
    private readonly TimeProvider _timeProvider;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>Initializes a new instance of the <see cref="PrivateKeyJwtAssertionSource"/> class.</summary>
    /// <param name="credentials">The agent's signing key and algorithm (RS256, PS256, ES256, …).</param>
    /// <param name="lifetime">How long an assertion is valid; default 1 minute.</param>
    /// <param name="timeProvider">The clock; default <see cref="TimeProvider.System"/>.</param>
    /// <param name="jwtType">The header <c>typ</c>; default <see cref="TokenExchangeDefaults.ClientAssertionJwtType"/>.</param>
    public PrivateKeyJwtAssertionSource(SigningCredentials credentials, TimeSpan? lifetime = null, TimeProvider? timeProvider = null, string? jwtType = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (credentials.Key is SymmetricSecurityKey)
        {
            throw new ArgumentException("private_key_jwt needs an asymmetric key (RSA, ECDSA); a shared secret is client_secret_jwt, which is not supported.", nameof(credentials));
        }

        _credentials = credentials;
        _lifetime = lifetime ?? TokenExchangeDefaults.ClientAssertionLifetime;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _type = string.IsNullOrEmpty(jwtType) ? TokenExchangeDefaults.ClientAssertionJwtType : jwtType;
    }

    /// <inheritdoc />
    public ValueTask<ClientAssertion> GetAssertionAsync(ClientAssertionContext context, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = context.ClientId,
            Audience = context.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + _lifetime,
            SigningCredentials = _credentials,
            TokenType = _type,
            Claims = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["sub"] = context.ClientId,
                ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            },
        };
        return ValueTask.FromResult(new ClientAssertion(ClientAssertionTypes.JwtBearer, _handler.CreateToken(descriptor)));
    }
}

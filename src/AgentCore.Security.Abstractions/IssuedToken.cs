namespace AgentCore.Security;

/// <summary>A token the token service issued. Immutable; <see cref="ToString"/> never shows the token.</summary>
[System.ComponentModel.ImmutableObject(true)]
public sealed class IssuedToken
{
    /// <summary>Initializes a new instance of the <see cref="IssuedToken"/> class.</summary>
    /// <param name="accessToken">The token (RFC 8693 returns it as <c>access_token</c>).</param>
    /// <param name="issuedTokenType">The <c>issued_token_type</c>, or <see langword="null"/> when the grant has none.</param>
    /// <param name="expiresAt">When the token stops being usable: the earlier of <c>expires_in</c> and its own <c>exp</c>.</param>
    /// <param name="scopes">The granted scopes.</param>
    public IssuedToken(string accessToken, string? issuedTokenType, DateTimeOffset expiresAt, IReadOnlyList<string> scopes)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        ArgumentNullException.ThrowIfNull(scopes);
        AccessToken = accessToken;
        IssuedTokenType = issuedTokenType;
        ExpiresAt = expiresAt;
        Scopes = scopes;
    }

    /// <summary>Gets the token to send as <c>Authorization: Bearer</c>.</summary>
    public string AccessToken { get; }

    /// <summary>Gets the RFC 8693 <c>issued_token_type</c>, or <see langword="null"/>.</summary>
    public string? IssuedTokenType { get; }

    /// <summary>Gets when the token expires.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>Gets the granted scopes.</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <summary>Describes the token without showing it.</summary>
    /// <returns>The scopes and expiry.</returns>
    public override string ToString() => $"token scope=[{string.Join(' ', Scopes)}] expires {ExpiresAt:O}";
}

using System.Text;

namespace AgentCore.Security;

/// <summary>
/// What a validated token proves: who the subject is, which agents acted on its behalf (outermost,
/// the current caller, first), what the token may do and until when. Immutable and safe to share
/// between threads; a validator returns the same instance for the same token while it is cached.
/// </summary>
public sealed class ValidatedChain
{
    private string? _display;

    /// <summary>Initializes a new instance of the <see cref="ValidatedChain"/> class.</summary>
    /// <param name="issuer">The <c>iss</c> claim.</param>
    /// <param name="subject">The <c>sub</c> claim: the principal on whose behalf the chain acts.</param>
    /// <param name="clientId">The <c>client_id</c> claim (or <c>azp</c>), or <see langword="null"/>.</param>
    /// <param name="audiences">The <c>aud</c> claim's values.</param>
    /// <param name="scopes">The <c>scope</c> claim's values.</param>
    /// <param name="expiresAt">The <c>exp</c> claim.</param>
    /// <param name="issuedAt">The <c>iat</c> claim, or <see langword="null"/>.</param>
    /// <param name="notBefore">The <c>nbf</c> claim, or <see langword="null"/>.</param>
    /// <param name="tokenId">The <c>jti</c> claim, or <see langword="null"/>.</param>
    /// <param name="actors">The <c>act</c> chain, outermost (the current actor) first.</param>
    /// <param name="tokenHash">A short, non-reversible hash of the token for logs.</param>
    public ValidatedChain(
        string issuer,
        string subject,
        string? clientId,
        IReadOnlyList<string> audiences,
        IReadOnlyList<string> scopes,
        DateTimeOffset expiresAt,
        DateTimeOffset? issuedAt,
        DateTimeOffset? notBefore,
        string? tokenId,
        IReadOnlyList<ChainActor> actors,
        string tokenHash)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentNullException.ThrowIfNull(audiences);
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(actors);
        ArgumentNullException.ThrowIfNull(tokenHash);
        Issuer = issuer;
        Subject = subject;
        ClientId = clientId;
        Audiences = audiences;
        Scopes = scopes;
        ExpiresAt = expiresAt;
        IssuedAt = issuedAt;
        NotBefore = notBefore;
        TokenId = tokenId;
        Actors = actors;
        TokenHash = tokenHash;
    }

    /// <summary>Gets the token's issuer.</summary>
    public string Issuer { get; }

    /// <summary>Gets the subject: the user or service on whose behalf the chain acts.</summary>
    public string Subject { get; }

    /// <summary>Gets the client the token was issued to (<c>client_id</c>, else <c>azp</c>), or <see langword="null"/>.</summary>
    public string? ClientId { get; }

    /// <summary>Gets the audiences the token is bound to.</summary>
    public IReadOnlyList<string> Audiences { get; }

    /// <summary>Gets the scopes the token grants.</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <summary>Gets the expiry time.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>Gets the issue time, when present.</summary>
    public DateTimeOffset? IssuedAt { get; }

    /// <summary>Gets the not-before time, when present.</summary>
    public DateTimeOffset? NotBefore { get; }

    /// <summary>Gets the token id (<c>jti</c>), when present.</summary>
    public string? TokenId { get; }

    /// <summary>Gets the delegation chain, outermost (the current actor) first; empty for a direct token.</summary>
    public IReadOnlyList<ChainActor> Actors { get; }

    /// <summary>Gets the current actor (the outermost <c>act</c>), or <see langword="null"/> for a direct token.</summary>
    public ChainActor? CurrentActor => Actors.Count > 0 ? Actors[0] : null;

    /// <summary>Gets a short hash of the token (12 hex characters of its SHA-256), safe to log.</summary>
    public string TokenHash { get; }

    /// <summary>Tells whether the token grants a scope.</summary>
    /// <param name="scope">The scope.</param>
    /// <returns><see langword="true"/> when <see cref="Scopes"/> contains <paramref name="scope"/> (ordinal).</returns>
    public bool HasScope(string scope)
    {
        for (var i = 0; i < Scopes.Count; i++)
        {
            if (string.Equals(Scopes[i], scope, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Gets every principal of the chain in delegation order: the subject first, then the actors from
    /// the earliest to the current one (user → coordinator → agent).
    /// </summary>
    /// <returns>The principals.</returns>
    public IReadOnlyList<string> GetPrincipalsInDelegationOrder()
    {
        var result = new string[Actors.Count + 1];
        result[0] = Subject;
        for (var i = 0; i < Actors.Count; i++)
        {
            result[Actors.Count - i] = Actors[i].Subject;
        }

        return result;
    }

    /// <summary>Draws the chain in delegation order, as <c>user → coordinator → agent</c>.</summary>
    /// <returns>The chain as text.</returns>
    public override string ToString()
    {
        if (_display is null)
        {
            var sb = new StringBuilder(Subject);
            for (var i = Actors.Count - 1; i >= 0; i--)
            {
                sb.Append(" → ").Append(Actors[i].Subject);
            }

            _display = sb.ToString();
        }

        return _display;
    }
}

namespace AgentCore.Security;

/// <summary>
/// One entry of a token's RFC 8693 <c>act</c> chain: a principal that acted in the delegation.
/// </summary>
public sealed class ChainActor
{
    /// <summary>Initializes a new instance of the <see cref="ChainActor"/> class.</summary>
    /// <param name="subject">The actor's <c>sub</c>; must not be empty.</param>
    /// <param name="issuer">The actor's <c>iss</c>, when the entry records one.</param>
    /// <param name="clientId">The actor's <c>client_id</c>, when the entry records one.</param>
    /// <param name="scopes">The scope the actor held when it exchanged, when the entry records one.</param>
    public ChainActor(string subject, string? issuer = null, string? clientId = null, IReadOnlyList<string>? scopes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        Subject = subject;
        Issuer = issuer;
        ClientId = clientId;
        Scopes = scopes;
    }

    /// <summary>Gets the actor's subject (<c>act.sub</c>).</summary>
    public string Subject { get; }

    /// <summary>Gets the actor's issuer (<c>act.iss</c>), or <see langword="null"/> when not recorded.</summary>
    public string? Issuer { get; }

    /// <summary>Gets the actor's client id (<c>act.client_id</c>), or <see langword="null"/> when not recorded.</summary>
    public string? ClientId { get; }

    /// <summary>
    /// Gets the scope the actor held when it exchanged (<c>act.scope</c>), or <see langword="null"/>
    /// when the entry records none.
    /// </summary>
    public IReadOnlyList<string>? Scopes { get; }

    /// <inheritdoc />
    public override string ToString() => Subject;
}

namespace AgentCore.Security;

/// <summary>
/// What to ask the token service for: an RFC 8693 exchange of <see cref="SubjectToken"/>, or, when
/// it is <see langword="null"/>, the agent's own client-credentials token. Targets and scopes are
/// compared as sets, so their order does not matter.
/// </summary>
/// <remarks>
/// A request is immutable: the lists given to <see cref="Audiences"/>, <see cref="Resources"/> and
/// <see cref="Scopes"/> are copied when it is built, so changing them afterwards changes nothing here (an
/// exchanger may remember the cache key it derived from a request).
/// </remarks>
public sealed class TokenExchangeRequest
{
    private readonly IReadOnlyList<string> _audiences = [];
    private readonly IReadOnlyList<string> _resources = [];
    private readonly IReadOnlyList<string> _scopes = [];

    /// <summary>Gets the token to exchange (the inbound token), or <see langword="null"/> for the agent's own client-credentials token.</summary>
    public string? SubjectToken { get; init; }

    /// <summary>Gets the subject token's type. Default <see cref="TokenTypeIdentifiers.AccessToken"/>.</summary>
    public string SubjectTokenType { get; init; } = TokenTypeIdentifiers.AccessToken;

    /// <summary>Gets a token that represents the acting party, if the token service wants one.</summary>
    public string? ActorToken { get; init; }

    /// <summary>Gets the actor token's type; required with <see cref="ActorToken"/>.</summary>
    public string? ActorTokenType { get; init; }

    /// <summary>Gets the logical names of the target services (<c>audience</c>).</summary>
    public IReadOnlyList<string> Audiences { get => _audiences; init => _audiences = Snapshot(value); }

    /// <summary>Gets the absolute URIs of the target resources (<c>resource</c>, RFC 8707).</summary>
    public IReadOnlyList<string> Resources { get => _resources; init => _resources = Snapshot(value); }

    /// <summary>Gets the scopes the new token should carry; empty asks for what the token service decides.</summary>
    public IReadOnlyList<string> Scopes { get => _scopes; init => _scopes = Snapshot(value); }

    /// <summary>Gets the requested token type, or <see langword="null"/> to let the token service choose (an access token).</summary>
    public string? RequestedTokenType { get; init; }

    /// <summary>Describes the request without its tokens.</summary>
    /// <returns>The grant, targets and scopes.</returns>
    public override string ToString() =>
        $"{(SubjectToken is null ? "client_credentials" : "token-exchange")} audience=[{string.Join(' ', Audiences)}] resource=[{string.Join(' ', Resources)}] scope=[{string.Join(' ', Scopes)}]";

    // An array made here is never handed out to be changed; an immutable list given by the caller is kept as is.
    private static System.Collections.Immutable.ImmutableArray<string> Snapshot(IReadOnlyList<string>? values) => values switch
    {
        null => [],
        System.Collections.Immutable.ImmutableArray<string> immutable => immutable,
        _ => System.Collections.Immutable.ImmutableArray.CreateRange(values),
    };
}

namespace AgentCore.Security.DevTokenService;

/// <summary>A demo user who signs in with the password grant (development only).</summary>
public sealed class DevUser
{
    /// <summary>Gets the user name, which becomes the token's <c>sub</c>.</summary>
    public required string Username { get; init; }

    /// <summary>Gets the password.</summary>
    public required string Password { get; init; }

    /// <summary>Gets the scopes the user may grant.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>Gets the only actor allowed to exchange this user's tokens (the <c>may_act</c> claim), if any.</summary>
    public string? MayAct { get; init; }
}

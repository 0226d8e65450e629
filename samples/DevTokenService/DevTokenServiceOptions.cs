namespace AgentCore.Security.DevTokenService;

/// <summary>Settings for <see cref="DevTokenServer"/>.</summary>
public sealed class DevTokenServiceOptions
{
    /// <summary>Gets the signing algorithm: <c>RS256</c> (default) or <c>ES256</c>.</summary>
    public string SigningAlgorithm { get; init; } = "RS256";

    /// <summary>Gets the access token lifetime. Default 5 minutes.</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the registered clients.</summary>
    public IReadOnlyList<DevClient> Clients { get; init; } = [];

    /// <summary>Gets the demo users.</summary>
    public IReadOnlyList<DevUser> Users { get; init; } = [];

    /// <summary>Gets how long <see cref="DevTokenFault.Slow"/> waits. Default 30 seconds.</summary>
    public TimeSpan SlowDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the port to listen on; 0 (default) picks a free one.</summary>
    public int Port { get; init; }
}

using Microsoft.IdentityModel.Tokens;

namespace AgentCore.Security.DevTokenService;

/// <summary>A client (an agent or a tool) registered with the development token service.</summary>
public sealed class DevClient
{
    /// <summary>Gets the client identifier; agents use their own name.</summary>
    public required string ClientId { get; init; }

    /// <summary>Gets the client secret, for client_secret_basic and client_secret_post.</summary>
    public string? ClientSecret { get; init; }

    /// <summary>Gets the public keys that verify this client's private_key_jwt assertions.</summary>
    public JsonWebKeySet? JsonWebKeySet { get; init; }

    /// <summary>Gets the audiences and resources this client may request tokens for (else <c>invalid_target</c>).</summary>
    public IReadOnlyList<string> AllowedAudiences { get; init; } = [];

    /// <summary>Gets the scopes this client may request at all.</summary>
    public IReadOnlyList<string> AllowedScopes { get; init; } = [];

    /// <summary>Gets a value indicating whether the client may use the client credentials grant.</summary>
    public bool AllowClientCredentials { get; init; } = true;

    /// <summary>Gets a value indicating whether the client may exchange tokens (RFC 8693).</summary>
    public bool AllowTokenExchange { get; init; } = true;

    /// <summary>Gets a value indicating whether the client may use the password grant for demo users.</summary>
    public bool AllowPassword { get; init; }
}

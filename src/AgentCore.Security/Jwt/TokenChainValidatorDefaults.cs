namespace AgentCore.Security.Jwt;

/// <summary>The defaults of <see cref="TokenChainValidatorOptions"/>.</summary>
public static class TokenChainValidatorDefaults
{
    /// <summary>The configuration section that binds <see cref="TokenChainValidatorOptions"/> (<c>AddValidator()</c>).</summary>
    public const string ConfigurationSection = "AgentTokenChain:Validator";

    /// <summary>The default maximum token size, in bytes: 16 KiB.</summary>
    public const int MaxTokenSize = 16 * 1024;

    /// <summary>The largest maximum token size that may be configured: 256 KiB.</summary>
    public const int MaxTokenSizeLimit = 256 * 1024;

    /// <summary>The largest encoded header accepted, in characters.</summary>
    public const int MaxHeaderSize = 4096;

    /// <summary>The deepest JSON nesting accepted in the header and the payload.</summary>
    public const int MaxJsonDepth = 32;

    /// <summary>The default maximum depth of the <c>act</c> chain.</summary>
    public const int MaxChainDepth = 4;

    /// <summary>The largest maximum chain depth that may be configured.</summary>
    public const int MaxChainDepthLimit = 16;

    /// <summary>The default verified-token cache size, in entries.</summary>
    public const int VerifiedTokenCacheSize = 4096;

    /// <summary>The largest verified-token cache size that may be configured.</summary>
    public const int VerifiedTokenCacheSizeLimit = 1_000_000;

    /// <summary>Gets the default clock skew: 60 seconds.</summary>
    public static TimeSpan ClockSkew { get; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets the largest clock skew that may be configured: 10 minutes.</summary>
    public static TimeSpan ClockSkewLimit { get; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets the default minimum time between two key refreshes caused by unknown key ids: 5 minutes.</summary>
    public static TimeSpan KeyRefreshInterval { get; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the default interval of the periodic key refresh: 12 hours.</summary>
    public static TimeSpan AutomaticKeyRefreshInterval { get; } = TimeSpan.FromHours(12);

    /// <summary>Gets the default longest time discovered keys are used without a successful refresh: 48 hours.</summary>
    public static TimeSpan MaxKeyAge { get; } = TimeSpan.FromHours(48);

    /// <summary>Gets the accepted <c>typ</c> values by default (RFC 9068 §2.1).</summary>
    public static IReadOnlyList<string> ValidTypes { get; } = ["at+jwt", "application/at+jwt"];

    /// <summary>Gets the algorithms allowed by default. HS256 additionally needs an explicitly configured secret.</summary>
    public static IReadOnlyList<string> AllowedAlgorithms { get; } =
        ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "HS256"];

    /// <summary>Gets the claims required by default (RFC 9068 §2.2). iss, sub, aud and exp are always required.</summary>
    public static IReadOnlyList<string> RequiredClaims { get; } = ["iss", "sub", "aud", "exp", "iat", "jti", "client_id"];

    /// <summary>
    /// Gets the header parameters refused by default. <c>crit</c> and <c>b64</c> are always refused,
    /// because the validator implements no JWS extension.
    /// </summary>
    public static IReadOnlyList<string> RejectedHeaderParameters { get; } = ["jku", "jwk", "x5u", "x5c", "cty"];
}

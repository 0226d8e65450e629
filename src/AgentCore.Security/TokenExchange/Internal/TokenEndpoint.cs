namespace AgentCore.Security.TokenExchange.Internal;

/// <summary>Where to send token requests, and the issuer that client assertions name as their audience.</summary>
internal sealed record TokenEndpoint(Uri Address, string? Issuer);

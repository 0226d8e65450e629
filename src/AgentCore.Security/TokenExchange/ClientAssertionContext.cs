namespace AgentCore.Security.TokenExchange;

/// <summary>What a client assertion must name.</summary>
/// <param name="ClientId">The agent's client id (the assertion's <c>iss</c> and <c>sub</c>).</param>
/// <param name="Audience">The audience the token service expects (its issuer, or its token endpoint).</param>
/// <param name="TokenEndpoint">The token endpoint the assertion will be sent to.</param>
public readonly record struct ClientAssertionContext(string ClientId, string Audience, Uri TokenEndpoint);

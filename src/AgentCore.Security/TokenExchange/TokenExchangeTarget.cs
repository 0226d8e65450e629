namespace AgentCore.Security.TokenExchange;

/// <summary>
/// Who an outbound call's token is for, and what it may do: set per named HttpClient, or per request
/// with <see cref="TokenExchangeHandler.TargetOption"/>. With no audience and no resource, the
/// resource is the request URI's origin (<c>scheme://host:port</c>).
/// </summary>
public sealed class TokenExchangeTarget
{
    /// <summary>Gets the logical names of the target service (<c>audience</c>).</summary>
    public IList<string> Audiences { get; init; } = [];

    /// <summary>Gets the absolute URIs of the target resource (<c>resource</c>, RFC 8707).</summary>
    public IList<string> Resources { get; init; } = [];

    /// <summary>Gets the scopes the call needs: ask for no more than the task requires.</summary>
    public IList<string> Scopes { get; init; } = [];

    /// <summary>Gets or sets the requested token type; default an access token.</summary>
    public string? RequestedTokenType { get; set; }

    /// <summary>Describes the target.</summary>
    /// <returns>The audiences, resources and scopes.</returns>
    public override string ToString() => $"audience=[{string.Join(' ', Audiences)}] resource=[{string.Join(' ', Resources)}] scope=[{string.Join(' ', Scopes)}]";
}

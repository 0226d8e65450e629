namespace AgentCore.Security;

/// <summary>
/// Keeps the token exchange handler off one named HttpClient, explicitly: register an instance as a
/// singleton (<c>services.AddSingleton(new TokenExchangeOptOut("my-client"))</c>). Packages that own an
/// infrastructure client with credentials of its own (the OpenFGA client, for example) register one; in an
/// application, <c>DisableAgentTokenExchange()</c> on the client's builder says the same. No client is
/// ever skipped because of its name alone.
/// </summary>
public sealed class TokenExchangeOptOut
{
    /// <summary>Initializes a new instance of the <see cref="TokenExchangeOptOut"/> class.</summary>
    /// <param name="clientName">The IHttpClientFactory client name that must not exchange.</param>
    public TokenExchangeOptOut(string clientName)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientName);
        ClientName = clientName;
    }

    /// <summary>Gets the name of the client kept without the exchange handler.</summary>
    public string ClientName { get; }

    /// <inheritdoc />
    public override string ToString() => ClientName;
}

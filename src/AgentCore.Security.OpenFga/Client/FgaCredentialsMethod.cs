namespace AgentCore.Security.OpenFga.Client;

/// <summary>How the client authenticates to the OpenFGA server.</summary>
public enum FgaCredentialsMethod
{
    /// <summary>No authentication (a server on a private network).</summary>
    None,

    /// <summary>A preshared API token, sent as <c>Authorization: Bearer</c>.</summary>
    ApiToken,

    /// <summary>An OAuth 2.0 client-credentials token from <see cref="OpenFgaClientOptions.TokenEndpoint"/>, cached until shortly before it expires.</summary>
    ClientCredentials,
}

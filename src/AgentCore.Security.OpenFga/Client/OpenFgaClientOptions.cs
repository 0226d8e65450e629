namespace AgentCore.Security.OpenFga.Client;

/// <summary>Where the OpenFGA server is, which store and model to use, and how to authenticate.</summary>
public sealed class OpenFgaClientOptions
{
    /// <summary>Gets or sets the server's base address, for example <c>https://fga.example</c>. Required.</summary>
    public Uri? ApiUrl { get; set; }

    /// <summary>Gets or sets the store id. Required.</summary>
    public string? StoreId { get; set; }

    /// <summary>Gets or sets the model id; when unset the server uses the store's latest model (and the decision cache keys on <c>latest</c>).</summary>
    public string? AuthorizationModelId { get; set; }

    /// <summary>Gets or sets the consistency preference of checks.</summary>
    /// <value>Default <see cref="FgaConsistency.Unspecified"/>.</value>
    public FgaConsistency Consistency { get; set; }

    /// <summary>Gets or sets how to authenticate.</summary>
    /// <value>Default <see cref="FgaCredentialsMethod.None"/>.</value>
    public FgaCredentialsMethod Credentials { get; set; }

    /// <summary>Gets or sets the API token, for <see cref="FgaCredentialsMethod.ApiToken"/>.</summary>
    public string? ApiToken { get; set; }

    /// <summary>Gets or sets the token endpoint, for <see cref="FgaCredentialsMethod.ClientCredentials"/>.</summary>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>Gets or sets the client id, for <see cref="FgaCredentialsMethod.ClientCredentials"/>.</summary>
    public string? ClientId { get; set; }

    /// <summary>Gets or sets the client secret, for <see cref="FgaCredentialsMethod.ClientCredentials"/>.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Gets or sets the audience of the client-credentials token, if the token service wants one.</summary>
    public string? ApiAudience { get; set; }

    /// <summary>Gets or sets the most checks in one BatchCheck call (the server's limit).</summary>
    /// <value>Default 50.</value>
    public int MaxChecksPerBatch { get; set; } = 50;

    /// <summary>Gets or sets a value indicating whether the API address must be https.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool RequireHttps { get; set; } = true;

    /// <summary>A copy taken when the component is built, so that changing these options afterwards changes nothing.</summary>
    internal OpenFgaClientOptions Snapshot() => (OpenFgaClientOptions)MemberwiseClone();
}

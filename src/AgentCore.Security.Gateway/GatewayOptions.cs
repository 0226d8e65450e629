namespace AgentCore.Security.Gateway;

/// <summary>
/// The gateway's configuration (<c>agentcore gateway --config gateway.json</c> binds it): where it listens, the issuers
/// it trusts, the policy store, the token service, the ingress routes in front of tools and MCP servers, and the agents
/// it exchanges tokens for (egress).
/// </summary>
public sealed class GatewayOptions
{
    /// <summary>Gets or sets the address the gateway listens on.</summary>
    /// <value>Default <c>http://127.0.0.1:8080</c> (loopback: put TLS in front, or bind a private socket).</value>
    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Gets the issuers whose tokens the gateway accepts (their keys from discovery).</summary>
    public IList<GatewayIssuerOptions> Issuers { get; } = [];

    /// <summary>Gets or sets the token service's token endpoint, for every exchange the gateway makes.</summary>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>
    /// Gets or sets the token service's issuer identifier: the audience of the client assertions the gateway signs
    /// (<c>private_key_jwt</c>) or reads (a workload JWT file). OpenIddict, among others, accepts only its issuer there.
    /// </summary>
    /// <value>Default: the token endpoint (RFC 7523 allows either; check which one your token service wants).</value>
    public Uri? TokenServiceIssuer { get; set; }

    /// <summary>Gets or sets the OpenFGA store file (<c>.fga.yaml</c>: model and tuples) the embedded evaluator loads; relative to the configuration file.</summary>
    public string? StoreFile { get; set; }

    /// <summary>
    /// Gets or sets who in a chain must hold a route's relation: every principal (the user and each agent; the default),
    /// or the current actor, acting for the subject (see <see cref="AgentCore.Security.DelegationMode"/>).
    /// </summary>
    public DelegationMode DelegationMode { get; set; } = DelegationMode.EveryPrincipal;

    /// <summary>Gets or sets a value indicating whether refusals carry their reason in detail (the token status, the principal, the message). Off by default.</summary>
    public bool IncludeErrorDetails { get; set; }

    /// <summary>Gets or sets a value indicating whether http (not https) is accepted for issuers' metadata and the token endpoint. For loopback development only.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Gets or sets the largest MCP request body the gateway reads to authorize it; a larger one is refused (413).</summary>
    /// <value>Default 1 MiB.</value>
    public int MaxMcpBodySize { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the largest <c>tools/list</c> response the gateway reads to filter it; a larger one is refused (502), never passed unfiltered.</summary>
    /// <value>Default 4 MiB.</value>
    public int MaxToolsListSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Gets the routes in front of tools and MCP servers.</summary>
    public IList<IngressRouteOptions> Ingress { get; } = [];

    /// <summary>Gets the agents whose outbound calls the gateway exchanges and forwards.</summary>
    public IList<EgressAgentOptions> Agents { get; } = [];
}

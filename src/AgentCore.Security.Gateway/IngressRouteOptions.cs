#pragma warning disable CA1720 // 'object' is OpenFGA's own name for the tuple's object
namespace AgentCore.Security.Gateway;

/// <summary>
/// One route in front of a tool or an MCP server: the path it serves, the upstream, the audience (resource) tokens must
/// be issued to, the scopes they must hold, and the relation every principal of the chain must hold on an object.
/// </summary>
public sealed class IngressRouteOptions
{
    /// <summary>Gets or sets the route's name, for logs, telemetry and audit lines.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the path prefix the route serves (<c>/mcp/alerts</c>); the rest of the path goes to the upstream.</summary>
    public string? Path { get; set; }

    /// <summary>Gets or sets the upstream's base address (<c>http://127.0.0.1:3001/mcp</c>).</summary>
    public Uri? Upstream { get; set; }

    /// <summary>
    /// Gets or sets the resource the route protects: the audience tokens must carry, and the <c>resource</c> of its
    /// RFC 9728 metadata (served at the path-inserted well-known URL).
    /// </summary>
    public string? Resource { get; set; }

    /// <summary>Gets the authorization servers the route's metadata names (default: every trusted issuer).</summary>
    public IList<string> AuthorizationServers { get; } = [];

    /// <summary>Gets every scope the token must hold for any request on the route.</summary>
    public IList<string> Scopes { get; } = [];

    /// <summary>Gets or sets the relation every principal must hold; <see langword="null"/>: scopes only.</summary>
    public string? Relation { get; set; }

    /// <summary>
    /// Gets or sets the object of <see cref="Relation"/>, a template: <c>{tool}</c> is the MCP tool's name (MCP routes),
    /// <c>{0}</c>, <c>{1}</c>… the segments of the path after the route's prefix. A value that is not a plain name
    /// (letters, digits, <c>-._~</c>) is refused, so no request can reach another object.
    /// </summary>
    public string? Object { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the route is an MCP server (streamable HTTP): each JSON-RPC message is read
    /// and each <c>tools/call</c> authorized for its tool, and <c>tools/list</c> answers are filtered to what the chain may call.
    /// </summary>
    public bool Mcp { get; set; }

    /// <summary>
    /// Gets the MCP methods the route lets through besides <c>tools/call</c> (names; <c>notifications/*</c> for every
    /// notification). Default: <c>initialize</c>, <c>ping</c>, <c>tools/list</c>, <c>notifications/*</c>; anything else is refused.
    /// </summary>
    public IList<string> McpMethods { get; } = [];

    /// <summary>
    /// Gets or sets how the upstream is called: with no credential (it trusts the gateway on loopback or a private
    /// socket; the default) or with a token exchanged for its own audience. Never with the inbound token.
    /// </summary>
    public UpstreamExchangeOptions? Exchange { get; set; }
}

namespace AgentCore.Security.Mcp.Client;

/// <summary>Checks each registered server's options on start, naming the server.</summary>
internal sealed class AgentMcpClientOptionsValidator(AgentMcpClientRegistry registry) : IValidateOptions<AgentMcpClientOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentMcpClientOptions options)
    {
        if (name is null || !registry.Contains(name))
        {
            return ValidateOptionsResult.Skip;
        }

        if (options.Endpoint is not { IsAbsoluteUri: true } endpoint || (endpoint.Scheme != Uri.UriSchemeHttps && !(endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback)))
        {
            return ValidateOptionsResult.Fail($"MCP server '{name}': Endpoint must be an absolute https URI (http only on loopback); it is '{options.Endpoint}'.");
        }

        if (options.Resource is { } resource && (!resource.IsAbsoluteUri || resource.Scheme != Uri.UriSchemeHttps))
        {
            return ValidateOptionsResult.Fail($"MCP server '{name}': Resource must be an absolute https URI (the server's canonical URI); it is '{resource}'.");
        }

        if (options.VerifyServerMetadata && options.TrustedIssuers.Count == 0)
        {
            return ValidateOptionsResult.Fail($"MCP server '{name}': VerifyServerMetadata needs TrustedIssuers (the issuer of this agent's token service).");
        }

        return string.IsNullOrEmpty(endpoint.Fragment) && string.IsNullOrEmpty(endpoint.Query)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"MCP server '{name}': Endpoint must be the server's canonical URI, without query or fragment (RFC 8707).");
    }
}

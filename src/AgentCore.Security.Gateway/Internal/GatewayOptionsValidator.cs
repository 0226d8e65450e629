using AgentCore.Security.AspNetCore;

namespace AgentCore.Security.Gateway.Internal;

/// <summary>Every problem of a gateway configuration at once, each naming the route or agent it belongs to.</summary>
internal static class GatewayOptionsValidator
{
    public static List<string> Check(GatewayOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Urls))
        {
            errors.Add("Urls is empty.");
        }

        if (options.Issuers.Count == 0 || options.Issuers.Any(i => string.IsNullOrWhiteSpace(i.Issuer)))
        {
            errors.Add("Issuers must name at least one issuer, each with its Issuer.");
        }

        if (options.MaxMcpBodySize < 1 || options.MaxToolsListSize < 1)
        {
            errors.Add("MaxMcpBodySize and MaxToolsListSize must be positive.");
        }

        var paths = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var resources = new HashSet<string>(StringComparer.Ordinal);
        foreach (var route in options.Ingress)
        {
            var name = $"Ingress '{route.Name ?? route.Path}'";
            CheckPath(route.Path, name, paths, errors);
            CheckTarget(route.Upstream, name + " Upstream", errors);
            if (ResourceMetadataUri.Check(route.Resource) is { } problem)
            {
                errors.Add($"{name} Resource: {problem}");
            }
            else if (!resources.Add(ResourceMetadataUri.PathFor(new Uri(route.Resource!))))
            {
                errors.Add($"{name}: another route has a Resource with the same metadata path.");
            }

            if (route.Relation is null != route.Object is null)
            {
                errors.Add($"{name}: Relation and Object go together.");
            }
            else if (route.Object is not null && ObjectTemplate.Check(route.Object, route.Mcp) is { } template)
            {
                errors.Add($"{name} Object: {template}.");
            }

            if (route.Relation is not null && options.StoreFile is null)
            {
                errors.Add($"{name} declares a Relation, but no StoreFile names the policy store.");
            }

            if (route.Relation is null && route.Scopes.Count == 0)
            {
                errors.Add($"{name} declares neither Scopes nor a Relation: every valid token would pass (declare what it requires).");
            }

            if (route.Exchange is { } exchange)
            {
                CheckCredential(exchange.Credential, name + " Exchange", errors);
                if (exchange.Audiences.Count == 0 && exchange.Resources.Count == 0)
                {
                    errors.Add($"{name} Exchange names no Audiences or Resources.");
                }
            }
        }

        foreach (var agent in options.Agents)
        {
            var name = $"Agent '{agent.Name}'";
            if (string.IsNullOrWhiteSpace(agent.Name) || string.IsNullOrWhiteSpace(agent.Audience))
            {
                errors.Add($"{name}: Name and Audience are required (the audience of the tokens the agent is called with).");
            }

            CheckCredential(agent.Credential, name, errors);
            foreach (var route in agent.Routes)
            {
                var routeName = $"{name} route '{route.Path}'";
                CheckPath(route.Path, routeName, paths, errors);
                CheckTarget(route.Target, routeName + " Target", errors);
                if (route.Audiences.Count == 0 && route.Resources.Count == 0)
                {
                    errors.Add($"{routeName} names no Audiences or Resources for the exchanged token.");
                }
            }
        }

        if ((options.Agents.Count > 0 || options.Ingress.Any(r => r.Exchange is not null)) && options.TokenEndpoint is null)
        {
            errors.Add("TokenEndpoint is required to exchange tokens (egress agents, ingress Exchange).");
        }

        if (options.TokenEndpoint is { } endpoint && endpoint.Scheme != Uri.UriSchemeHttps && !options.AllowHttp)
        {
            errors.Add("TokenEndpoint must use https (set AllowHttp for loopback development).");
        }

        if (options.TokenServiceIssuer is { IsAbsoluteUri: false })
        {
            errors.Add("TokenServiceIssuer must be an absolute URI (the token service's issuer identifier).");
        }

        return errors;
    }

    private static void CheckPath(string? path, string name, HashSet<string> paths, List<string> errors)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '/' || path.TrimEnd('/').Length == 0)
        {
            errors.Add($"{name}: Path must start with '/' and name a prefix ('/mcp/alerts').");
        }
        else if (path.StartsWith("/.well-known", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{name}: Path must not be under /.well-known (the routes' metadata lives there).");
        }
        else if (!paths.Add(path.TrimEnd('/')))
        {
            errors.Add($"{name}: another route has the Path '{path}'.");
        }
    }

    private static void CheckTarget(Uri? target, string name, List<string> errors)
    {
        if (target is not { IsAbsoluteUri: true } || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{name} must be an absolute http(s) URI.");
        }
    }

    private static void CheckCredential(GatewayClientCredentialOptions? credential, string name, List<string> errors)
    {
        if (credential is null || string.IsNullOrWhiteSpace(credential.ClientId))
        {
            errors.Add($"{name}: Credential.ClientId is required.");
            return;
        }

        var given = new[] { credential.ClientSecret, credential.ClientSecretFile, credential.PrivateKeyFile, credential.ClientAssertionFile }.Count(v => !string.IsNullOrEmpty(v));
        if (given != 1)
        {
            errors.Add($"{name}: Credential needs exactly one of ClientSecret, ClientSecretFile, PrivateKeyFile (private_key_jwt) or ClientAssertionFile (a workload JWT).");
        }

        if (!string.IsNullOrEmpty(credential.PrivateKeyFile) && string.IsNullOrWhiteSpace(credential.PrivateKeyId))
        {
            errors.Add($"{name}: Credential.PrivateKeyFile needs PrivateKeyId (the kid the token service knows the key by).");
        }
    }
}

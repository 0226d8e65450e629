using AgentCore.Security.TokenExchange;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace AgentCore.Security.TokenExchange.Internal;

/// <summary>The token endpoint and issuer: configured, or read through OIDC discovery (cached and refreshed by IdentityModel).</summary>
internal sealed class TokenEndpointResolver
{
    private readonly TokenEndpoint? _fixed;
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _discovery;
    private readonly bool _requireHttps;

    public TokenEndpointResolver(TokenExchangeOptions options, HttpClient httpClient)
    {
        _requireHttps = options.RequireHttps;
        if (options.TokenEndpoint is { } endpoint)
        {
            _fixed = new TokenEndpoint(endpoint, options.Authority?.OriginalString);
            return;
        }

        var metadata = options.MetadataAddress ?? new Uri(options.Authority!.OriginalString.TrimEnd('/') + "/.well-known/openid-configuration");
        _discovery = new ConfigurationManager<OpenIdConnectConfiguration>(
            metadata.OriginalString,
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(httpClient) { RequireHttps = options.RequireHttps });
    }

    public async ValueTask<TokenEndpoint> GetAsync(CancellationToken cancellationToken)
    {
        if (_fixed is { } endpoint)
        {
            return endpoint;
        }

        var configuration = await _discovery!.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        if (!Uri.TryCreate(configuration.TokenEndpoint, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException("The discovery document has no absolute token_endpoint.");
        }

        if (_requireHttps && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"The discovered token endpoint '{uri}' is not https.");
        }

        return new TokenEndpoint(uri, configuration.Issuer);
    }
}

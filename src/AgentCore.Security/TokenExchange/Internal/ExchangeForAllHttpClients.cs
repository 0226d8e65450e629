using Microsoft.Extensions.Http;

namespace AgentCore.Security.TokenExchange.Internal;

/// <summary>
/// Adds the exchange handler, outermost, to every IHttpClientFactory client that is not skipped. This is the
/// mechanism behind ConfigureHttpClientDefaults, used directly because the handler needs the client's name
/// (its per-client target). A client is skipped only when it is opted out explicitly (DisableAgentTokenExchange,
/// a <see cref="TokenExchangeOptOut"/> registration, or this library's own token-service and metadata clients),
/// or already has the handler; never because of its name.
/// </summary>
internal sealed class ExchangeForAllHttpClients(TokenExchangeClientRegistry registry, IEnumerable<TokenExchangeOptOut> optOuts) : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    private readonly HashSet<string> _optOuts = [.. optOuts.Select(static o => o.ClientName)];

    public void Configure(string? name, HttpClientFactoryOptions options)
    {
        var clientName = name ?? Options.DefaultName;
        if (registry.SkipForAll(clientName) || _optOuts.Contains(clientName))
        {
            return;
        }

        options.HttpMessageHandlerBuilderActions.Add(builder =>
            builder.AdditionalHandlers.Insert(0, TokenExchangeHandlerFactory.Create(builder.Services, clientName)));
    }

    public void Configure(HttpClientFactoryOptions options) => Configure(Options.DefaultName, options);
}

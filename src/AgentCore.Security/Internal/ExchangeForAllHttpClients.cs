using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace AgentCore.Security.Internal;

/// <summary>
/// Adds the exchange handler, outermost, to every IHttpClientFactory client that is not skipped. This is the
/// mechanism behind ConfigureHttpClientDefaults, used directly because the handler needs the client's name
/// (its per-client target).
/// </summary>
internal sealed class ExchangeForAllHttpClients(TokenExchangeClientRegistry registry) : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    public void Configure(string? name, HttpClientFactoryOptions options)
    {
        var clientName = name ?? Options.DefaultName;
        if (registry.SkipForAll(clientName))
        {
            return;
        }

        options.HttpMessageHandlerBuilderActions.Add(builder =>
            builder.AdditionalHandlers.Insert(0, TokenExchangeHandlerFactory.Create(builder.Services, clientName)));
    }

    public void Configure(HttpClientFactoryOptions options) => Configure(Options.DefaultName, options);
}

using AgentCore.Security.TokenExchange;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace AgentCore.Security.TokenExchange.Internal;

internal static class TokenExchangeHandlerFactory
{
    public static TokenExchangeHandler Create(IServiceProvider services, string clientName)
    {
        var exchanger = services.GetService<ITokenExchanger>()
            ?? throw new InvalidOperationException($"The HttpClient '{clientName}' has the token exchange handler, but token exchange is not registered: call services.AddAgentTokenChain().AddTokenExchange(…).");
        var handlerOptions = services.GetRequiredService<IOptionsMonitor<TokenExchangeHandlerOptions>>().Get(clientName);
        var defaults = services.GetRequiredService<IOptionsMonitor<TokenExchangeOptions>>().CurrentValue;
        return new TokenExchangeHandler(exchanger, handlerOptions, defaults.NoInboundToken, services.GetService<ILogger<TokenExchangeHandler>>(), BaseAddressOf(services, clientName));
    }

    /// <summary>
    /// The client's <c>BaseAddress</c>, as its own configuration sets it: the client's configure actions run
    /// once on a probe that sends nothing. The handler sends a fixed-target token only to this origin (and the allowed ones).
    /// </summary>
    private static Uri? BaseAddressOf(IServiceProvider services, string clientName)
    {
        var actions = services.GetService<IOptionsMonitor<HttpClientFactoryOptions>>()?.Get(clientName).HttpClientActions;
        if (actions is null || actions.Count == 0)
        {
            return null;
        }

        using var probe = new HttpClient(new NothingSent(), disposeHandler: true);
        try
        {
            foreach (var action in actions)
            {
                action(probe);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or NotSupportedException)
        {
            return probe.BaseAddress;
        }

        return probe.BaseAddress;
    }

    private sealed class NothingSent : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The base-address probe sends nothing.");
    }
}

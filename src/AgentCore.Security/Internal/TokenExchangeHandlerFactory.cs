using AgentCore.Security.TokenExchange;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentCore.Security.Internal;

internal static class TokenExchangeHandlerFactory
{
    public static TokenExchangeHandler Create(IServiceProvider services, string clientName)
    {
        var exchanger = services.GetService<ITokenExchanger>()
            ?? throw new InvalidOperationException($"The HttpClient '{clientName}' has the token exchange handler, but token exchange is not registered: call services.AddAgentTokenChain().AddTokenExchange(…).");
        var handlerOptions = services.GetRequiredService<IOptionsMonitor<TokenExchangeHandlerOptions>>().Get(clientName);
        var defaults = services.GetRequiredService<IOptionsMonitor<TokenExchangeOptions>>().CurrentValue;
        return new TokenExchangeHandler(exchanger, handlerOptions, defaults.NoInboundToken, services.GetService<ILogger<TokenExchangeHandler>>());
    }
}

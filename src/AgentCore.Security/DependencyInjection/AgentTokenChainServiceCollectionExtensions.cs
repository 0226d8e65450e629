using AgentCore.Security.DependencyInjection.Internal;
using AgentCore.Security.Pipeline;
using AgentCore.Security.Skills;
using AgentCore.Security.TokenExchange.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers AgentCore.Security.</summary>
public static class AgentTokenChainServiceCollectionExtensions
{
    /// <summary>Adds AgentCore.Security's core services and returns a builder for its features. Calling it twice is harmless.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The builder.</returns>
    public static IAgentTokenChainBuilder AddAgentTokenChain(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton(static sp => new AgentCallServices(
            sp.GetService<IAgentTokenValidator>() ?? throw new InvalidOperationException("Skills need a token validator: call services.AddAgentTokenChain().AddValidator(…)."),
            sp.GetService<IDelegationAuthorizer>(),
            sp.GetServices<AgentCore.Security.Pipeline.IAgentCallFilter>(),
            sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>(),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetService<TimeProvider>()));
        TokenExchangeClientRegistry.GetOrAdd(services);
        return new AgentTokenChainBuilder(services);
    }
}

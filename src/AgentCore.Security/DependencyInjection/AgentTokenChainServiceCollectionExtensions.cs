using AgentCore.Security.Internal;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        TokenExchangeClientRegistry.GetOrAdd(services);
        return new AgentTokenChainBuilder(services);
    }
}

using Microsoft.Extensions.DependencyInjection;

namespace AgentCore.Security.DependencyInjection.Internal;

internal sealed class AgentTokenChainBuilder(IServiceCollection services) : IAgentTokenChainBuilder
{
    public IServiceCollection Services { get; } = services;
}

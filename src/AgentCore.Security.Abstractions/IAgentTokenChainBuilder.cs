namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures AgentCore.Security's services; returned by <c>AddAgentTokenChain()</c>.</summary>
public interface IAgentTokenChainBuilder
{
    /// <summary>Gets the service collection being configured.</summary>
    IServiceCollection Services { get; }
}

using AgentCore.Security.TokenExchange;
using Microsoft.Extensions.DependencyInjection;

namespace AgentCore.Security.TokenExchange.Internal;

/// <summary>Which HttpClient names have the exchange handler explicitly, and which opted out; filled while services are registered.</summary>
internal sealed class TokenExchangeClientRegistry
{
    private readonly HashSet<string> _explicit = new(StringComparer.Ordinal);
    private readonly HashSet<string> _optedOut = new(StringComparer.Ordinal) { TokenExchangeDefaults.TokenServiceHttpClientName, TokenExchangeDefaults.MetadataHttpClientName };
    private readonly Lock _lock = new();

    public bool ForAllClients { get; set; }

    public static TokenExchangeClientRegistry GetOrAdd(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(TokenExchangeClientRegistry) && descriptor.ImplementationInstance is TokenExchangeClientRegistry existing)
            {
                return existing;
            }
        }

        var registry = new TokenExchangeClientRegistry();
        services.AddSingleton(registry);
        return registry;
    }

    public bool AddExplicit(string name)
    {
        lock (_lock)
        {
            return _explicit.Add(name);
        }
    }

    public bool HasExplicitHandler(string name)
    {
        lock (_lock)
        {
            return _explicit.Contains(name);
        }
    }

    public void OptOut(string name)
    {
        lock (_lock)
        {
            _optedOut.Add(name);
        }
    }

    public bool IsOptedOut(string name)
    {
        lock (_lock)
        {
            return _optedOut.Contains(name);
        }
    }

    /// <summary>Whether <c>UseForAllHttpClients</c> must skip the client: opted out (by name, explicitly) or given the handler explicitly.</summary>
    public bool SkipForAll(string name)
    {
        lock (_lock)
        {
            return _optedOut.Contains(name) || _explicit.Contains(name);
        }
    }
}

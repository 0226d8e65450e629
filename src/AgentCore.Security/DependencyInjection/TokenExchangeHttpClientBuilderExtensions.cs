using AgentCore.Security.TokenExchange;
using AgentCore.Security.TokenExchange.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the token exchange handler to one IHttpClientFactory client, or keeps it off.</summary>
public static class TokenExchangeHttpClientBuilderExtensions
{
    /// <summary>Adds the exchange handler; the target defaults to the request URI's origin as the resource.</summary>
    /// <param name="builder">The HttpClient builder to extend.</param>
    /// <returns>The same HttpClient builder, for chaining.</returns>
    public static IHttpClientBuilder AddAgentTokenExchangeHandler(this IHttpClientBuilder builder) =>
        AddAgentTokenExchangeHandler(builder, static _ => { });

    /// <summary>Adds the exchange handler with this client's target set in code.</summary>
    /// <param name="builder">The HttpClient builder to extend.</param>
    /// <param name="configure">Sets the target (audience, resource, scopes) and behaviour.</param>
    /// <returns>The same HttpClient builder, for chaining.</returns>
    public static IHttpClientBuilder AddAgentTokenExchangeHandler(this IHttpClientBuilder builder, Action<TokenExchangeHandlerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<TokenExchangeHandlerOptions>(builder.Name).Configure(configure);
        return AddHandler(builder);
    }

    /// <summary>Adds the exchange handler with this client's settings bound from <paramref name="section"/>.</summary>
    /// <param name="builder">The HttpClient builder to extend.</param>
    /// <param name="section">A section with <c>Target:Audiences</c>, <c>Target:Resources</c>, <c>Target:Scopes</c> and the other settings.</param>
    /// <returns>The same HttpClient builder, for chaining.</returns>
    public static IHttpClientBuilder AddAgentTokenExchangeHandler(this IHttpClientBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        builder.Services.AddOptions<TokenExchangeHandlerOptions>(builder.Name).Bind(section);
        return AddHandler(builder);
    }

    /// <summary>Keeps the exchange handler off this client, even with <c>UseForAllHttpClients()</c>: for calls that carry credentials of their own.</summary>
    /// <param name="builder">The HttpClient builder to extend.</param>
    /// <returns>The same HttpClient builder, for chaining.</returns>
    public static IHttpClientBuilder DisableAgentTokenExchange(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var registry = TokenExchangeClientRegistry.GetOrAdd(builder.Services);
        if (registry.HasExplicitHandler(builder.Name))
        {
            throw new InvalidOperationException($"The HttpClient '{builder.Name}' has AddAgentTokenExchangeHandler(); it cannot also opt out of token exchange.");
        }

        registry.OptOut(builder.Name);
        return builder;
    }

    private static IHttpClientBuilder AddHandler(IHttpClientBuilder builder)
    {
        var registry = TokenExchangeClientRegistry.GetOrAdd(builder.Services);
        if (registry.IsOptedOut(builder.Name) || builder.Name == TokenExchangeDefaults.TokenServiceHttpClientName)
        {
            throw new InvalidOperationException($"The HttpClient '{builder.Name}' is opted out of token exchange (or is the token service's own client); it cannot get the exchange handler.");
        }

        if (registry.AddExplicit(builder.Name))
        {
            var name = builder.Name;
            builder.AddHttpMessageHandler(sp => TokenExchangeHandlerFactory.Create(sp, name));
        }

        return builder;
    }
}

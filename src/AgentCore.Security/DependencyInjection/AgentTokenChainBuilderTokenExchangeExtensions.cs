using AgentCore.Security;
using AgentCore.Security.TokenExchange;
using AgentCore.Security.TokenExchange.Internal;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds token exchange (RFC 8693) to <see cref="IAgentTokenChainBuilder"/>.</summary>
public static class AgentTokenChainBuilderTokenExchangeExtensions
{
    /// <summary>Adds token exchange, bound from the <c>AgentTokenChain:TokenExchange</c> configuration section.</summary>
    /// <param name="builder">The builder to extend.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IAgentTokenChainBuilder AddTokenExchange(this IAgentTokenChainBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TokenExchangeOptions>().BindConfiguration(TokenExchangeDefaults.ConfigurationSection);
        return AddCore(builder);
    }

    /// <summary>Adds token exchange configured in code.</summary>
    /// <param name="builder">The builder to extend.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IAgentTokenChainBuilder AddTokenExchange(this IAgentTokenChainBuilder builder, Action<TokenExchangeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<TokenExchangeOptions>().Configure(configure);
        return AddCore(builder);
    }

    /// <summary>Adds token exchange bound from <paramref name="section"/>.</summary>
    /// <param name="builder">The builder to extend.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IAgentTokenChainBuilder AddTokenExchange(this IAgentTokenChainBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        builder.Services.AddOptions<TokenExchangeOptions>().Bind(section);
        return AddCore(builder);
    }

    /// <summary>
    /// Gives the exchange handler to every IHttpClientFactory client (named, typed and the default one),
    /// except the library's own token-service and metadata clients, clients opted out explicitly
    /// (<c>DisableAgentTokenExchange()</c>, or a registered <see cref="TokenExchangeOptOut"/>), and clients
    /// that already have it through <c>AddAgentTokenExchangeHandler</c>. No client is skipped for its name alone.
    /// </summary>
    /// <param name="builder">The builder to extend.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IAgentTokenChainBuilder UseForAllHttpClients(this IAgentTokenChainBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var registry = TokenExchangeClientRegistry.GetOrAdd(builder.Services);
        if (!registry.ForAllClients)
        {
            registry.ForAllClients = true;
            builder.Services.AddHttpClient();
            builder.Services.AddSingleton<IConfigureOptions<HttpClientFactoryOptions>>(sp => new ExchangeForAllHttpClients(registry, sp.GetServices<TokenExchangeOptOut>()));
        }

        return builder;
    }

    private static IAgentTokenChainBuilder AddCore(IAgentTokenChainBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TokenExchangeOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TokenExchangeOptions>, TokenExchangeOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TokenExchangeOptions>, TokenExchangeOptionsCustomValidator>());
        if (services.Any(static d => d.ServiceType == typeof(TokenExchangeMarker)))
        {
            return builder;
        }

        services.AddSingleton<TokenExchangeMarker>();
        services.AddHybridCache().AddSerializer<IssuedToken, IssuedTokenSerializer>();
        services.AddHttpClient(TokenExchangeDefaults.TokenServiceHttpClientName, static client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.MaxResponseContentBufferSize = TokenExchangeDefaults.MaxResponseSize;
            })
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .AddResilienceHandler(TokenExchangeDefaults.ResiliencePipelineName, static (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptionsMonitor<TokenExchangeOptions>>().CurrentValue.Resilience;
                pipeline.AddTimeout(options.TotalTimeout);
                if (options.MaxRetryAttempts > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetryAttempts,
                        Delay = options.RetryDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                    });
                }

                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = options.CircuitBreakerFailureRatio,
                    MinimumThroughput = options.CircuitBreakerMinimumThroughput,
                    SamplingDuration = options.CircuitBreakerSamplingDuration,
                    BreakDuration = options.CircuitBreakerBreakDuration,
                });
                pipeline.AddTimeout(options.AttemptTimeout);
            });

        services.TryAddSingleton<ITokenExchanger>(static sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<TokenExchangeOptions>>().CurrentValue;
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            return new TokenExchanger(
                () => factory.CreateClient(TokenExchangeDefaults.TokenServiceHttpClientName),
                options,
                sp.GetService<HybridCache>(),
                sp.GetService<TimeProvider>(),
                sp.GetService<ILoggerFactory>(),
                sp.GetService<IClientAssertionSource>(),
                sp.GetService<System.Diagnostics.Metrics.IMeterFactory>());
        });
        return builder;
    }

    private sealed class TokenExchangeMarker;
}

using AgentCore.Security.TokenExchange;
using AgentCore.Security.TokenExchange.Internal;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds token exchange (RFC 8693) to <see cref="IAgentTokenChainBuilder"/>.</summary>
public static class AgentTokenChainBuilderTokenExchangeExtensions
{
    /// <summary>Adds token exchange, bound from the <c>AgentTokenChain:TokenExchange</c> configuration section.</summary>
    /// <param name="builder">The builder to extend.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IAgentTokenChainBuilder AddTokenExchange(this IAgentTokenChainBuilder builder)
        => builder.AddFeature<TokenExchangeOptions>(static options => options.BindConfiguration(TokenExchangeDefaults.ConfigurationSection), TokenExchangeOptionsValidators, AddServices);

    /// <summary>Adds token exchange configured in code.</summary>
    /// <param name="builder">The builder to extend.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IAgentTokenChainBuilder AddTokenExchange(this IAgentTokenChainBuilder builder, Action<TokenExchangeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.AddFeature<TokenExchangeOptions>(options => options.Configure(configure), TokenExchangeOptionsValidators, AddServices);
    }

    /// <summary>Adds token exchange bound from <paramref name="section"/>.</summary>
    /// <param name="builder">The builder to extend.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IAgentTokenChainBuilder AddTokenExchange(this IAgentTokenChainBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return builder.AddFeature<TokenExchangeOptions>(options => options.Bind(section), TokenExchangeOptionsValidators, AddServices);
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

    /// <summary>The generated single-property rules, then the cross-property ones.</summary>
    private static readonly IValidateOptions<TokenExchangeOptions>[] TokenExchangeOptionsValidators = [new TokenExchangeOptionsValidator(), new TokenExchangeOptionsCustomValidator()];

    internal static void AddServices(IServiceCollection services)
    {
        if (services.Any(static d => d.ServiceType == typeof(TokenExchangeMarker)))
        {
            return;
        }

        services.AddSingleton<TokenExchangeMarker>();
        services.AddHybridCache().AddSerializer<IssuedToken, IssuedTokenSerializer>().AddSerializer<SealedIssuedToken, SealedIssuedToken.Serializer>();
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
    }

    private sealed class TokenExchangeMarker;
}

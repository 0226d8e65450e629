using AgentCore.Security;
using AgentCore.Security.OpenFga;
using AgentCore.Security.OpenFga.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the OpenFGA delegation authorizer: against an embedded store file, or an OpenFGA server.</summary>
public static class OpenFgaServiceCollectionExtensions
{
    /// <summary>The name of the IHttpClientFactory client that talks to the OpenFGA server; it is opted out of token exchange explicitly.</summary>
    public const string HttpClientName = "AgentCore.Security.OpenFga";

    /// <summary>Registers <see cref="IDelegationAuthorizer"/> over an embedded store loaded from an <c>.fga.yaml</c> store file (its model and tuples).</summary>
    /// <param name="services">The services.</param>
    /// <param name="storeFile">The store file's path.</param>
    /// <param name="configure">Mode, type names and cache settings.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddEmbeddedFgaAuthorizer(this IServiceCollection services, string storeFile, Action<FgaAuthorizerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(storeFile);
        services.TryAddSingleton(sp => FgaStoreFile.Load(storeFile).CreateStore());
        services.TryAddSingleton<IFgaCheckClient>(static sp => new EmbeddedFgaCheckClient(sp.GetRequiredService<EmbeddedFgaStore>()));
        return AddAuthorizer(services, configure);
    }

    /// <summary>Registers <see cref="IDelegationAuthorizer"/> over an OpenFGA server, through a resilient HttpClient.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configureClient">Server, store, model and credentials.</param>
    /// <param name="configure">Mode, type names and cache settings.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddOpenFgaAuthorizer(this IServiceCollection services, Action<OpenFgaClientOptions> configureClient, Action<FgaAuthorizerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureClient);
        AddServerClient(services);
        services.TryAddSingleton<IFgaCheckClient>(sp =>
        {
            var options = new OpenFgaClientOptions();
            configureClient(options);
            return new OpenFgaHttpClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), options, sp.GetService<TimeProvider>());
        });
        return AddAuthorizer(services, configure);
    }

    /// <summary>Adds the authorizer over an embedded store file.</summary>
    /// <param name="builder">The builder to extend.</param>
    /// <param name="storeFile">The <c>.fga.yaml</c> store file.</param>
    /// <param name="configure">Mode, type names and cache settings.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IAgentTokenChainBuilder AddEmbeddedAuthorizer(this IAgentTokenChainBuilder builder, string storeFile, Action<FgaAuthorizerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddEmbeddedFgaAuthorizer(storeFile, configure);
        return builder;
    }

    /// <summary>Adds the authorizer over an OpenFGA server.</summary>
    /// <param name="builder">The builder to extend.</param>
    /// <param name="configureClient">Server, store, model and credentials.</param>
    /// <param name="configure">Mode, type names and cache settings.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IAgentTokenChainBuilder AddOpenFgaServerAuthorizer(this IAgentTokenChainBuilder builder, Action<OpenFgaClientOptions> configureClient, Action<FgaAuthorizerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenFgaAuthorizer(configureClient, configure);
        return builder;
    }

    /// <summary>
    /// Adds the authorizer bound from <c>AgentTokenChain:Authorization</c>: <c>StoreFile</c> for the embedded
    /// evaluator, or <c>OpenFga:ApiUrl</c>, <c>OpenFga:StoreId</c>, … for a server; <c>Authorizer:Mode</c> and the rest.
    /// </summary>
    /// <param name="builder">The builder to extend.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IAgentTokenChainBuilder AddAuthorizer(this IAgentTokenChainBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<FgaAuthorizationSettings>().BindConfiguration(FgaAuthorizationSettings.ConfigurationSection)
            .Validate(static s => !string.IsNullOrEmpty(s.StoreFile) || OpenFgaHttpClient.Check(s.OpenFga).Count == 0,
                $"Set {FgaAuthorizationSettings.ConfigurationSection}:StoreFile (embedded evaluator), or {FgaAuthorizationSettings.ConfigurationSection}:OpenFga:ApiUrl and :StoreId (an OpenFGA server).")
            .ValidateOnStart();
        AddServerClient(services);
        services.TryAddSingleton<IFgaCheckClient>(static sp =>
        {
            var settings = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<FgaAuthorizationSettings>>().Value;
            return string.IsNullOrEmpty(settings.StoreFile)
                ? new OpenFgaHttpClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), settings.OpenFga, sp.GetService<TimeProvider>())
                : new EmbeddedFgaCheckClient(FgaStoreFile.Load(settings.StoreFile).CreateStore());
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDelegationAuthorizer>(static sp => new FgaDelegationAuthorizer(
            sp.GetRequiredService<IFgaCheckClient>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<FgaAuthorizationSettings>>().Value.Authorizer,
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<FgaDelegationAuthorizer>>()));
        return builder;
    }

    /// <summary>
    /// The OpenFGA server's client: it carries the server's own credentials, so it is opted out of token
    /// exchange explicitly (a <see cref="TokenExchangeOptOut"/>) and never follows a redirect.
    /// </summary>
    private static void AddServerClient(IServiceCollection services)
    {
        if (!services.Any(static d => d.ServiceType == typeof(TokenExchangeOptOut) && d.ImplementationInstance is TokenExchangeOptOut { ClientName: HttpClientName }))
        {
            services.AddSingleton(new TokenExchangeOptOut(HttpClientName));
            services.AddHttpClient(HttpClientName)
                .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
                .AddStandardResilienceHandler();
        }
    }

    private static IServiceCollection AddAuthorizer(IServiceCollection services, Action<FgaAuthorizerOptions>? configure)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDelegationAuthorizer>(sp =>
        {
            var options = new FgaAuthorizerOptions();
            configure?.Invoke(options);
            return new FgaDelegationAuthorizer(sp.GetRequiredService<IFgaCheckClient>(), options, sp.GetService<TimeProvider>(), sp.GetService<ILogger<FgaDelegationAuthorizer>>());
        });
        return services;
    }
}

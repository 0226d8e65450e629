using AgentCore.Security.OpenFga;
using AgentCore.Security.OpenFga.Client;
using AgentCore.Security.OpenFga.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the OpenFGA delegation authorizer, under one name (<c>AddAuthorizer</c>) with its three overloads:
/// against an embedded store file (<see cref="FgaAuthorizationOptions.StoreFile"/>) or an OpenFGA server
/// (<see cref="FgaAuthorizationOptions.OpenFga"/>), from configuration or code alike, validated on start.
/// </summary>
public static class OpenFgaServiceCollectionExtensions
{
    /// <summary>The name of the IHttpClientFactory client that talks to the OpenFGA server; it is opted out of token exchange explicitly.</summary>
    public const string HttpClientName = "AgentCore.Security.OpenFga";

    /// <summary>
    /// Adds the authorizer bound from <c>AgentTokenChain:Authorization</c>: <c>StoreFile</c> for the embedded
    /// evaluator, or <c>OpenFga:ApiUrl</c>, <c>OpenFga:StoreId</c>, … for a server; <c>Authorizer:Mode</c> and the rest.
    /// </summary>
    /// <param name="builder">The builder to extend.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IAgentTokenChainBuilder AddAuthorizer(this IAgentTokenChainBuilder builder)
        => builder.AddFeature<FgaAuthorizationOptions>(static options => options.BindConfiguration(FgaAuthorizationOptions.ConfigurationSection), OptionsValidators, AddServices);

    /// <summary>Adds the authorizer configured in code: set <c>StoreFile</c>, or the <c>OpenFga</c> server's settings.</summary>
    /// <param name="builder">The builder to extend.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IAgentTokenChainBuilder AddAuthorizer(this IAgentTokenChainBuilder builder, Action<FgaAuthorizationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.AddFeature<FgaAuthorizationOptions>(options => options.Configure(configure), OptionsValidators, AddServices);
    }

    /// <summary>Adds the authorizer bound from <paramref name="section"/>.</summary>
    /// <param name="builder">The builder to extend.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IAgentTokenChainBuilder AddAuthorizer(this IAgentTokenChainBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return builder.AddFeature<FgaAuthorizationOptions>(options => options.Bind(section), OptionsValidators, AddServices);
    }

    private static readonly IValidateOptions<FgaAuthorizationOptions>[] OptionsValidators = [new FgaAuthorizationOptionsCustomValidator()];

    private static void AddServices(IServiceCollection services)
    {
        if (!services.Any(static d => d.ServiceType == typeof(TokenExchangeOptOut) && d.ImplementationInstance is TokenExchangeOptOut { ClientName: HttpClientName }))
        {
            // The server's client carries the server's own credentials: opted out of token exchange explicitly, never redirected.
            services.AddSingleton(new TokenExchangeOptOut(HttpClientName));
            services.AddHttpClient(HttpClientName)
                .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
                .AddStandardResilienceHandler();
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IFgaCheckClient>(static sp =>
        {
            var options = sp.GetRequiredService<IOptions<FgaAuthorizationOptions>>().Value;
            return string.IsNullOrEmpty(options.StoreFile)
                ? new OpenFgaHttpClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), options.OpenFga, sp.GetService<TimeProvider>())
                : new EmbeddedFgaCheckClient(FgaStoreFile.Load(options.StoreFile).CreateStore());
        });
        services.TryAddSingleton<IDelegationAuthorizer>(static sp => new FgaDelegationAuthorizer(
            sp.GetRequiredService<IFgaCheckClient>(),
            sp.GetRequiredService<IOptions<FgaAuthorizationOptions>>().Value.Authorizer,
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<FgaDelegationAuthorizer>>()));
    }
}

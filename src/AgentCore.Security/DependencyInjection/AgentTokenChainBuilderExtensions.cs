using System.Diagnostics.CodeAnalysis;
using AgentCore.Security.Jwt;
using AgentCore.Security.Jwt.Internal;
using AgentCore.Security.Skills;
using AgentCore.Security.TokenExchange.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the validator and skills to <see cref="IAgentTokenChainBuilder"/>.</summary>
public static class AgentTokenChainBuilderExtensions
{
    /// <summary>Adds the token-chain validator, bound from <c>AgentTokenChain:Validator</c> (audience, issuers, …) and validated on start.</summary>
    /// <param name="builder">The builder to extend.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IAgentTokenChainBuilder AddValidator(this IAgentTokenChainBuilder builder)
        => builder.AddFeature<TokenChainValidatorOptions>(static options => options.BindConfiguration(TokenChainValidatorDefaults.ConfigurationSection), ValidatorOptionsValidators, AddValidatorServices);

    /// <summary>Adds the token-chain validator configured in code, validated on start like the bound one.</summary>
    /// <param name="builder">The builder to extend.</param>
    /// <param name="configure">Sets the validator's options (audience, issuers and keys, limits).</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IAgentTokenChainBuilder AddValidator(this IAgentTokenChainBuilder builder, Action<TokenChainValidatorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.AddFeature<TokenChainValidatorOptions>(options => options.Configure(configure), ValidatorOptionsValidators, AddValidatorServices);
    }

    /// <summary>Adds the token-chain validator bound from <paramref name="section"/>, validated on start.</summary>
    /// <param name="builder">The builder to extend.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IAgentTokenChainBuilder AddValidator(this IAgentTokenChainBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return builder.AddFeature<TokenChainValidatorOptions>(options => options.Bind(section), ValidatorOptionsValidators, AddValidatorServices);
    }

    /// <summary>Registers a skill (transient), so that endpoints and agents can resolve it.</summary>
    /// <typeparam name="TSkill">The skill, a <see cref="BaseSkill{TInput, TOutput}"/>.</typeparam>
    /// <param name="builder">The builder to extend.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IAgentTokenChainBuilder AddSkill<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSkill>(this IAgentTokenChainBuilder builder)
        where TSkill : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddTransient<TSkill>();
        return builder;
    }

    /// <summary>Adds a filter to every operation's pipeline: middleware after authorization, around the skill's code.</summary>
    /// <typeparam name="TFilter">The filter.</typeparam>
    /// <param name="builder">The builder to extend.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IAgentTokenChainBuilder AddSkillFilter<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TFilter>(this IAgentTokenChainBuilder builder)
        where TFilter : class, AgentCore.Security.Pipeline.IAgentCallFilter
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<AgentCore.Security.Pipeline.IAgentCallFilter, TFilter>());
        return builder;
    }

    /// <summary>
    /// One path for every overload: the options validated on start (generated single-property rules and the
    /// cross-property ones), and the validator built once from them; it copies what it needs, so changing the
    /// options object after start changes nothing.
    /// </summary>
    private static void AddValidatorServices(IServiceCollection services)
    {
        services.TryAddSingleton<IAgentTokenValidator>(static sp => new TokenChainValidator(
            sp.GetRequiredService<IOptions<TokenChainValidatorOptions>>().Value,
            sp.GetService<TimeProvider>(),
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(AgentCore.Security.TokenExchange.TokenExchangeDefaults.MetadataHttpClientName),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        AddMetadataClient(services);
    }

    /// <summary>The generated single-property rules, then the cross-property ones.</summary>
    private static readonly IValidateOptions<TokenChainValidatorOptions>[] ValidatorOptionsValidators = [new TokenChainValidatorOptionsValidator(), new TokenChainValidatorOptionsCustomValidator()];

    /// <summary>The client that reads discovery documents and JWKS: resilient, never redirected, never given the exchange handler.</summary>
    private static void AddMetadataClient(IServiceCollection services)
    {
        if (services.Any(static d => d.ServiceType == typeof(MetadataClientMarker)))
        {
            return;
        }

        services.AddSingleton<MetadataClientMarker>();
        TokenExchangeClientRegistry.GetOrAdd(services).OptOut(AgentCore.Security.TokenExchange.TokenExchangeDefaults.MetadataHttpClientName);
        services.AddHttpClient(AgentCore.Security.TokenExchange.TokenExchangeDefaults.MetadataHttpClientName, static client => client.MaxResponseContentBufferSize = KeyRing.MaxDocumentSize)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .AddStandardResilienceHandler();
    }

    private sealed class MetadataClientMarker;
}

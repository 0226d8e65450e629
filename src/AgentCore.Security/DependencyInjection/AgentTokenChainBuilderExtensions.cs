using System.Diagnostics.CodeAnalysis;
using AgentCore.Security;
using AgentCore.Security.Jwt;
using AgentCore.Security.Jwt.Internal;
using AgentCore.Security.Skills;
using AgentCore.Security.TokenExchange.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the validator and skills to <see cref="IAgentTokenChainBuilder"/>.</summary>
public static class AgentTokenChainBuilderExtensions
{
    /// <summary>Adds the token-chain validator, bound from <c>AgentTokenChain:Validator</c> (audience, issuers, …) and validated on start.</summary>
    /// <param name="builder">The builder to extend.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IAgentTokenChainBuilder AddValidator(this IAgentTokenChainBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AgentTokenValidatorSettings>().BindConfiguration(AgentTokenValidatorSettings.ConfigurationSection).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentTokenValidatorSettings>, AgentTokenValidatorSettingsValidator>());
        builder.Services.TryAddSingleton<IAgentTokenValidator>(static sp => Create(sp, sp.GetRequiredService<IOptions<AgentTokenValidatorSettings>>().Value.ToOptions()));
        AddMetadataClient(builder.Services);
        return builder;
    }

    /// <summary>Adds the token-chain validator configured in code.</summary>
    /// <param name="builder">The builder to extend.</param>
    /// <param name="configure">Sets the validator's options (audience, issuers and keys, limits).</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IAgentTokenChainBuilder AddValidator(this IAgentTokenChainBuilder builder, Action<TokenChainValidatorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.TryAddSingleton<IAgentTokenValidator>(sp =>
        {
            var options = new TokenChainValidatorOptions();
            configure(options);
            return Create(sp, options);
        });
        AddMetadataClient(builder.Services);
        return builder;
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

    private static TokenChainValidator Create(IServiceProvider services, TokenChainValidatorOptions options) =>
        new(options, services.GetService<TimeProvider>(), services.GetRequiredService<IHttpClientFactory>().CreateClient(AgentCore.Security.TokenExchange.TokenExchangeDefaults.MetadataHttpClientName), services.GetService<ILoggerFactory>());

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

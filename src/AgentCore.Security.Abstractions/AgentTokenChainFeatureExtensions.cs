using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The one way a feature of <see cref="IAgentTokenChainBuilder"/> takes its options, for this library's packages and for
/// packages that extend it: bound or configured by the caller, validated on start by the given validators, then the
/// feature's services added once.
/// </summary>
/// <remarks>
/// The caller binds the options itself (<c>options =&gt; options.Bind(section)</c>) so that the configuration-binding
/// source generator sees the concrete options type at the call site; only what follows the binding is shared here.
/// </remarks>
public static class AgentTokenChainFeatureExtensions
{
    /// <summary>Adds a feature: its options bound by <paramref name="bind"/>, validated on start, then its services.</summary>
    /// <typeparam name="TOptions">The feature's options type.</typeparam>
    /// <param name="builder">The builder to extend.</param>
    /// <param name="bind">Binds or configures the options (from a section, the default section or code).</param>
    /// <param name="validators">The feature's validators (generated single-property rules, cross-property rules), each added once (by type).</param>
    /// <param name="addServices">Adds the feature's services; it must be safe to call more than once.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IAgentTokenChainBuilder AddFeature<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(
        this IAgentTokenChainBuilder builder,
        Action<OptionsBuilder<TOptions>> bind,
        IReadOnlyList<IValidateOptions<TOptions>> validators,
        Action<IServiceCollection> addServices)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(bind);
        ArgumentNullException.ThrowIfNull(validators);
        ArgumentNullException.ThrowIfNull(addServices);
        var options = builder.Services.AddOptions<TOptions>();
        bind(options);
        options.ValidateOnStart();
        foreach (var validator in validators)
        {
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton(validator));
        }

        addServices(builder.Services);
        return builder;
    }
}

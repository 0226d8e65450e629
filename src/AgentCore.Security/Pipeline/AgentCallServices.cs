using System.Diagnostics.Metrics;
using AgentCore.Security.Diagnostics;
using AgentCore.Security.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentCore.Security.Pipeline;

/// <summary>What every skill's pipeline needs, resolved once from DI: a skill takes it in its constructor and passes it to the base class.</summary>
public sealed class AgentCallServices
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, AgentCallPipeline> _pipelines = new();

    /// <summary>Initializes a new instance of the <see cref="AgentCallServices"/> class.</summary>
    /// <param name="validator">The token validator.</param>
    /// <param name="authorizer">The policy engine, or <see langword="null"/> (then a skill that declares a relation is denied: fail closed).</param>
    /// <param name="filters">Extra pipeline steps (middleware around the operation).</param>
    /// <param name="loggerFactory">Where the audit lines go.</param>
    /// <param name="meterFactory">Where the metrics go.</param>
    /// <param name="timeProvider">The clock.</param>
    public AgentCallServices(
        IAgentTokenValidator validator,
        IDelegationAuthorizer? authorizer = null,
        IEnumerable<IAgentCallFilter>? filters = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(validator);
        Validator = validator;
        Authorizer = authorizer;
        Filters = [.. (filters ?? []).OrderBy(f => f.Order)];
        Logger = loggerFactory?.CreateLogger("AgentCore.Security.Skills") ?? NullLogger.Instance;
        TimeProvider = timeProvider ?? TimeProvider.System;
        Metrics = SecurityMetrics.For(meterFactory);
    }

    /// <summary>Gets the token validator.</summary>
    public IAgentTokenValidator Validator { get; }

    /// <summary>Gets the policy engine, if one is registered.</summary>
    public IDelegationAuthorizer? Authorizer { get; }

    /// <summary>Gets the extra pipeline steps, in order (outermost first).</summary>
    public IReadOnlyList<IAgentCallFilter> Filters { get; }

    internal ILogger Logger { get; }

    internal TimeProvider TimeProvider { get; }

    internal SecurityMetrics Metrics { get; }

    /// <summary>The pipeline of one operation type, built on its first call and kept for these services.</summary>
    internal AgentCallPipeline PipelineFor<TState>(Type type, TState state, Func<TState, AgentCallRequirements> requirements) =>
        _pipelines.GetOrAdd(type, static (_, arg) => new AgentCallPipeline(arg.Requirements(arg.State), arg.Services), (Requirements: requirements, State: state, Services: this));
}

using System.Diagnostics;
using System.Reflection;
using AgentCore.Security.Diagnostics;
using AgentCore.Security.Internal;
using Microsoft.Extensions.Logging;

namespace AgentCore.Security.Skills;

/// <summary>
/// Control point 2: the base class of every skill. <see cref="InvokeAsync"/> runs the pipeline:
/// validate the token, require the declared scopes, authorize the chain (every principal, through
/// <see cref="IDelegationAuthorizer"/>), run the registered <see cref="ISkillInvocationFilter"/>s, then
/// run <see cref="ExecuteAsync"/> inside <see cref="AgentCallContext"/>, so that outbound HttpClients
/// exchange the caller's token instead of forwarding it. A denied call never reaches
/// <see cref="ExecuteAsync"/>; it returns a typed <see cref="SkillDenial"/>. One audit line is logged per decision.
/// </summary>
/// <typeparam name="TInput">The skill's input.</typeparam>
/// <typeparam name="TOutput">The skill's output.</typeparam>
public abstract partial class BaseSkill<TInput, TOutput> : ISkill
{
    // Skills are created per call (transient): read each skill type's attributes once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, (string[] Scopes, RequireRelationAttribute? Relation)> Requirements = new();

    private readonly SkillServices _services;
    private readonly string[] _scopes;
    private readonly RequireRelationAttribute? _relation;

    /// <summary>Initializes a new instance of the <see cref="BaseSkill{TInput, TOutput}"/> class.</summary>
    /// <param name="services">The pipeline's services (from DI).</param>
    protected BaseSkill(SkillServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
        (_scopes, _relation) = Requirements.GetOrAdd(GetType(), static type => (
            [.. type.GetCustomAttributes<RequireScopeAttribute>(inherit: true).Select(a => a.Scope)],
            type.GetCustomAttribute<RequireRelationAttribute>(inherit: true)));
    }

    /// <summary>Gets the skill's name, for logs and telemetry.</summary>
    public virtual string Name => GetType().Name;

    /// <inheritdoc />
    Type ISkill.InputType => typeof(TInput);

    /// <inheritdoc />
    Type ISkill.OutputType => typeof(TOutput);

    /// <summary>Gets the scopes the caller's token must hold; by default those of <see cref="RequireScopeAttribute"/>.</summary>
    protected virtual IReadOnlyList<string> RequiredScopes => _scopes;

    /// <summary>Gets the relation every principal of the chain must hold; by default that of <see cref="RequireRelationAttribute"/>. <see langword="null"/> skips authorization.</summary>
    protected virtual string? Relation => _relation?.Relation;

    /// <summary>Runs the pipeline and, when every check passes, the skill.</summary>
    /// <param name="token">The caller's bearer token, exactly as received.</param>
    /// <param name="input">The input.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The output, or the denial.</returns>
    public async Task<SkillResult<TOutput>> InvokeAsync(string token, TInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        var started = _services.TimeProvider.GetTimestamp();
        var validation = await _services.Validator.ValidateAsync(token, cancellationToken).ConfigureAwait(false);
        _services.Metrics.Validation(_services.TimeProvider.GetElapsedTime(started), validation.Status);
        if (!validation.IsValid)
        {
            return Deny(null, null, null, new SkillDenial(SkillDenyReason.InvalidToken, validation.Message) { TokenStatus = validation.Status });
        }

        var chain = validation.Chain!;
        foreach (var scope in RequiredScopes)
        {
            if (!chain.HasScope(scope))
            {
                return Deny(chain, null, null, new SkillDenial(SkillDenyReason.InsufficientScope, $"The token lacks the scope '{scope}' that {Name} requires.") { RequiredScopes = RequiredScopes });
            }
        }

        var relation = Relation;
        string? obj = null;
        if (relation is not null)
        {
            obj = GetObject(input);
            if (string.IsNullOrEmpty(obj))
            {
                throw new InvalidOperationException($"{Name} declares the relation '{relation}' but no object: give [RequireRelation] an object or override GetObject.");
            }

            var denial = await AuthorizeAsync(chain, relation, obj, cancellationToken).ConfigureAwait(false);
            if (denial is not null)
            {
                return Deny(chain, relation, obj, denial);
            }
        }

        var context = new SkillContext(Name, chain, relation, obj);
        foreach (var filter in _services.Filters)
        {
            if (await filter.OnInvokingAsync(context, cancellationToken).ConfigureAwait(false) is { } denied)
            {
                return Deny(chain, relation, obj, denied);
            }
        }

        _services.Metrics.Decision(true, null);
        Log.Allowed(_services.Logger, Name, chain.Subject, chain, relation, new EscapedText(obj), chain.TokenId, chain.TokenHash);
        using (AgentCallContext.Begin(chain, token))
        {
            var output = await ExecuteAsync(context, input, cancellationToken).ConfigureAwait(false);
            return SkillResult<TOutput>.Success(output, chain);
        }
    }

    /// <summary>Like <see cref="InvokeAsync"/>, but a denial throws <see cref="SkillDeniedException"/>.</summary>
    /// <param name="token">The caller's bearer token.</param>
    /// <param name="input">The input.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The output.</returns>
    public async Task<TOutput> InvokeOrThrowAsync(string token, TInput input, CancellationToken cancellationToken = default)
    {
        var result = await InvokeAsync(token, input, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.Output! : throw new SkillDeniedException(result.Denial!);
    }

    /// <inheritdoc />
    async Task<(object? Output, SkillDenial? Denial)> ISkill.InvokeUntypedAsync(string token, object? input, CancellationToken cancellationToken)
    {
        if (input is not TInput && (input is not null || default(TInput) is not null))
        {
            throw new ArgumentException($"{Name} takes a {typeof(TInput).Name}, not a {input?.GetType().Name ?? "null"}.", nameof(input));
        }

        var result = await InvokeAsync(token, (TInput)input!, cancellationToken).ConfigureAwait(false);
        return (result.Output, result.Denial);
    }

    /// <summary>Gets the object to authorize on; by default that of <see cref="RequireRelationAttribute"/>.</summary>
    /// <param name="input">The input.</param>
    /// <returns>The OpenFGA object, for example <c>alerts:homelab</c>.</returns>
    protected virtual string? GetObject(TInput input) => _relation?.Object;

    /// <summary>The skill's own code. It runs only after every check passed, inside <see cref="AgentCallContext"/>.</summary>
    /// <param name="context">The verified chain and what was authorized.</param>
    /// <param name="input">The input.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The output.</returns>
    protected abstract Task<TOutput> ExecuteAsync(SkillContext context, TInput input, CancellationToken cancellationToken);

    private async ValueTask<SkillDenial?> AuthorizeAsync(ValidatedChain chain, string relation, string obj, CancellationToken cancellationToken)
    {
        using var activity = SecurityMetrics.ActivitySource.StartActivity(AgentCoreSecurityTelemetry.AuthorizationActivity, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag(AgentCoreSecurityTelemetry.ChainTag, chain.ToString());
            activity.SetTag(AgentCoreSecurityTelemetry.RelationTag, relation);
            activity.SetTag(AgentCoreSecurityTelemetry.ObjectTag, obj);
        }

        SkillDenial? denial;
        if (_services.Authorizer is not { } authorizer)
        {
            denial = new SkillDenial(SkillDenyReason.PolicyEngineUnavailable, $"{Name} requires '{relation}' on '{obj}', but no IDelegationAuthorizer is registered; denied (fail closed).");
        }
        else
        {
            var decision = await authorizer.AuthorizeAsync(chain, relation, obj, cancellationToken).ConfigureAwait(false);
            denial = decision.Allowed ? null : new SkillDenial(
                decision.Reason switch
                {
                    DelegationDenyReason.PolicyEngineUnavailable => SkillDenyReason.PolicyEngineUnavailable,
                    DelegationDenyReason.PolicyError => SkillDenyReason.PolicyError,
                    _ => SkillDenyReason.Forbidden,
                },
                decision.Message,
                decision.DeniedPrincipal) { Decision = decision };
        }

        activity?.SetTag(AgentCoreSecurityTelemetry.DecisionTag, denial is null ? "allowed" : "denied");
        if (denial is not null)
        {
            activity?.SetTag(AgentCoreSecurityTelemetry.ReasonTag, denial.Reason.ToString());
        }

        return denial; // counted once, with the call's final result, by Deny or by the allowed path
    }

    private SkillResult<TOutput> Deny(ValidatedChain? chain, string? relation, string? obj, SkillDenial denial)
    {
        _services.Metrics.Decision(false, denial.Reason.ToString());
        // The object can come from the caller's input, and the message can quote it or a policy engine: escaped.
        Log.Denied(_services.Logger, Name, denial.Reason, denial.Principal, chain?.Subject, chain, relation, new EscapedText(obj), chain?.TokenId, chain?.TokenHash, new EscapedText(denial.Message));
        return SkillResult<TOutput>.Denied(denial, chain);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 400, EventName = "SkillAllowed", Level = LogLevel.Information, Message = "Allowed {Skill} for {Subject} via {Chain}: {Relation} on {Object} (jti {TokenId}, token {TokenHash}).")]
        public static partial void Allowed(ILogger logger, string skill, string subject, ValidatedChain chain, string? relation, EscapedText @object, string? tokenId, string tokenHash);

        [LoggerMessage(EventId = 401, EventName = "SkillDenied", Level = LogLevel.Warning, Message = "Denied {Skill}: {Reason} (principal {Principal}) for {Subject} via {Chain}: {Relation} on {Object} (jti {TokenId}, token {TokenHash}). {Detail}")]
        public static partial void Denied(ILogger logger, string skill, SkillDenyReason reason, string? principal, string? subject, ValidatedChain? chain, string? relation, EscapedText @object, string? tokenId, string? tokenHash, EscapedText detail);
    }
}

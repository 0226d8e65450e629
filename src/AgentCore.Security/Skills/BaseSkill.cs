using AgentCore.Security.Pipeline;

namespace AgentCore.Security.Skills;

/// <summary>
/// The ergonomic front of the inbound pipeline for .NET agent authors: a skill declares what it requires
/// (<see cref="RequireScopeAttribute"/>, <see cref="RequireRelationAttribute"/>, or the overrides below) and
/// implements <see cref="ExecuteAsync"/>; its <see cref="AgentCallPipeline"/>, built once per skill type, does
/// the rest (scopes, authorization of every principal, filters, <see cref="AgentCallContext"/>, one audit line
/// and one count per call). A denied call never reaches <see cref="ExecuteAsync"/>; it returns a typed
/// <see cref="AgentCallDenial"/>.
/// </summary>
/// <typeparam name="TInput">The skill's input.</typeparam>
/// <typeparam name="TOutput">The skill's output.</typeparam>
public abstract class BaseSkill<TInput, TOutput> : ISkill
{
    private readonly AgentCallServices _services;
    private readonly AgentCallRequirements _declared;
    private AgentCallHandler? _execute;

    /// <summary>Initializes a new instance of the <see cref="BaseSkill{TInput, TOutput}"/> class.</summary>
    /// <param name="services">The pipeline's services (from DI).</param>
    protected BaseSkill(AgentCallServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
        _declared = AgentCallRequirements.FromAttributes(GetType());
    }

    /// <summary>Gets the skill's name, for logs and telemetry.</summary>
    public virtual string Name => GetType().Name;

    /// <inheritdoc />
    Type ISkill.InputType => typeof(TInput);

    /// <inheritdoc />
    Type ISkill.OutputType => typeof(TOutput);

    /// <summary>Gets the scopes the caller's token must hold; by default those of <see cref="RequireScopeAttribute"/>. Read once per skill type.</summary>
    protected virtual IReadOnlyList<string> RequiredScopes => _declared.RequiredScopes;

    /// <summary>Gets the relation every principal of the chain must hold; by default that of <see cref="RequireRelationAttribute"/>. <see langword="null"/> skips authorization. Read once per skill type.</summary>
    protected virtual string? Relation => _declared.Relation;

    private AgentCallPipeline Pipeline => _services.PipelineFor(GetType(), this, static skill => new AgentCallRequirements(skill.Name, skill.RequiredScopes, skill.Relation));

    /// <summary>
    /// The in-process host: validates <paramref name="token"/> once, then runs the pipeline and, when every check
    /// passes, the skill. Endpoints authenticated by the <c>AgentToken</c> scheme use the chain it produced instead.
    /// </summary>
    /// <param name="token">The caller's bearer token, exactly as received.</param>
    /// <param name="input">The input.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The output, or the denial.</returns>
    public async Task<SkillResult<TOutput>> InvokeAsync(string token, TInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        var validation = await _services.Validator.ValidateAsync(token, cancellationToken).ConfigureAwait(false); // the validator records its own measurement
        if (!validation.IsValid)
        {
            var refused = new AgentCallDenial(AgentCallDenyReason.InvalidToken, validation.Message) { TokenStatus = validation.Status };
            Pipeline.Deny(null, refused);
            return SkillResult<TOutput>.Denied(refused, null);
        }

        return await InvokeForChainAsync(validation.Chain!, token, input, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the pipeline for a chain a host has already validated (the <c>AgentToken</c> scheme, an MCP server, a gateway route).</summary>
    /// <param name="chain">The caller's verified chain.</param>
    /// <param name="token">The inbound token the chain was validated from.</param>
    /// <param name="input">The input.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The output, or the denial.</returns>
    public async Task<SkillResult<TOutput>> InvokeForChainAsync(ValidatedChain chain, string token, TInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var pipeline = Pipeline;
        var obj = pipeline.Requirements.Relation is null ? null : GetObject(input);
        var result = await pipeline.InvokeAsync(chain, token, input, obj, _execute ??= ExecuteCallAsync, cancellationToken).ConfigureAwait(false);
        return result.Denial is { } denial ? SkillResult<TOutput>.Denied(denial, chain) : SkillResult<TOutput>.Success((TOutput)result.Output!, chain);
    }

    /// <summary>Like <see cref="InvokeAsync(string, TInput, CancellationToken)"/>, but a denial throws <see cref="SkillDeniedException"/>.</summary>
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
    async Task<(object? Output, AgentCallDenial? Denial)> ISkill.InvokeUntypedAsync(ValidatedChain chain, string token, object? input, CancellationToken cancellationToken)
    {
        if (input is not TInput && (input is not null || default(TInput) is not null))
        {
            throw new ArgumentException($"{Name} takes a {typeof(TInput).Name}, not a {input?.GetType().Name ?? "null"}.", nameof(input));
        }

        var result = await InvokeForChainAsync(chain, token, (TInput)input!, cancellationToken).ConfigureAwait(false);
        return (result.Output, result.Denial);
    }

    /// <summary>Gets the object to authorize on; by default that of <see cref="RequireRelationAttribute"/>.</summary>
    /// <param name="input">The input.</param>
    /// <returns>The OpenFGA object, for example <c>alerts:homelab</c>.</returns>
    protected virtual string? GetObject(TInput input) => _declared.Object;

    /// <summary>The skill's own code. It runs only after every check passed, inside <see cref="AgentCallContext"/>.</summary>
    /// <param name="context">The verified chain and what was authorized.</param>
    /// <param name="input">The input.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The output.</returns>
    protected abstract Task<TOutput> ExecuteAsync(SkillContext context, TInput input, CancellationToken cancellationToken);

    private async ValueTask<AgentCallResult> ExecuteCallAsync(AgentCall call, CancellationToken cancellationToken) =>
        AgentCallResult.Success(await ExecuteAsync(new SkillContext(Name, call.Chain, call.Relation, call.Object), (TInput)call.Input!, cancellationToken).ConfigureAwait(false));
}

namespace AgentCore.Security.Skills;

/// <summary>The outcome of a skill call: its output, or the denial that stopped it before its code ran.</summary>
/// <typeparam name="TOutput">The skill's output type.</typeparam>
public sealed class SkillResult<TOutput>
{
    private SkillResult(TOutput? output, AgentCallDenial? denial, ValidatedChain? chain)
    {
        Output = output;
        Denial = denial;
        Chain = chain;
    }

    /// <summary>Gets a value indicating whether the skill ran.</summary>
    public bool Succeeded => Denial is null;

    /// <summary>Gets the output when the skill ran.</summary>
    public TOutput? Output { get; }

    /// <summary>Gets the denial when it did not.</summary>
    public AgentCallDenial? Denial { get; }

    /// <summary>Gets the caller's validated chain, when the token was valid.</summary>
    public ValidatedChain? Chain { get; }

    internal static SkillResult<TOutput> Success(TOutput output, ValidatedChain chain) => new(output, null, chain);

    internal static SkillResult<TOutput> Denied(AgentCallDenial denial, ValidatedChain? chain) => new(default, denial ?? throw new ArgumentNullException(nameof(denial)), chain);
}

namespace AgentCore.Security.Pipeline;

/// <summary>The outcome of a call through an <see cref="AgentCallPipeline"/>: the output, or the typed denial. <see langword="default"/> is neither and counts as a failure.</summary>
public readonly struct AgentCallResult
{
    private AgentCallResult(object? output, AgentCallDenial? denial, bool completed)
    {
        Output = output;
        Denial = denial;
        Completed = completed;
    }

    /// <summary>Gets the output when the call ran.</summary>
    public object? Output { get; }

    /// <summary>Gets the denial when a step refused the call.</summary>
    public AgentCallDenial? Denial { get; }

    /// <summary>Gets a value indicating whether the operation ran and produced <see cref="Output"/>.</summary>
    public bool Succeeded => Completed && Denial is null;

    private bool Completed { get; }

    /// <summary>The operation ran.</summary>
    /// <param name="output">Its output.</param>
    /// <returns>The result.</returns>
    public static AgentCallResult Success(object? output) => new(output, null, completed: true);

    /// <summary>A step refused the call; the operation did not run (or its result was withheld).</summary>
    /// <param name="denial">Why.</param>
    /// <returns>The result.</returns>
    public static AgentCallResult Deny(AgentCallDenial denial)
    {
        ArgumentNullException.ThrowIfNull(denial);
        return new(null, denial, completed: true);
    }
}

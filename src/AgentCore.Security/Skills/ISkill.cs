namespace AgentCore.Security.Skills;

/// <summary>A skill seen without its types, for hosts that map skills to endpoints (<c>MapSkill</c>).</summary>
public interface ISkill
{
    /// <summary>Gets the skill's name.</summary>
    string Name { get; }

    /// <summary>Gets the input type.</summary>
    Type InputType { get; }

    /// <summary>Gets the output type.</summary>
    Type OutputType { get; }

    /// <summary>Runs the pipeline with an untyped input, for a chain the host has already validated.</summary>
    /// <param name="chain">The caller's verified chain.</param>
    /// <param name="token">The inbound token the chain was validated from.</param>
    /// <param name="input">The input, of <see cref="InputType"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The output (of <see cref="OutputType"/>) or the denial.</returns>
    Task<(object? Output, AgentCallDenial? Denial)> InvokeUntypedAsync(ValidatedChain chain, string token, object? input, CancellationToken cancellationToken);
}

namespace AgentCore.Security.OpenFga;

/// <summary>A Check's answer with the path the evaluation took through the model.</summary>
/// <param name="Result">The answer, as Check gives it.</param>
/// <param name="Steps">One line per step, indented by depth: each relation with its definition and result, each tuple read (with its condition's result), each part of a union, intersection or exclusion.</param>
public sealed record FgaExplanation(FgaCheckResult Result, IReadOnlyList<string> Steps)
{
    /// <inheritdoc />
    public override string ToString() => string.Join('\n', Steps.Prepend(Result.ToString()));
}

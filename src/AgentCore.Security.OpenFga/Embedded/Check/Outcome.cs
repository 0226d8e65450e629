namespace AgentCore.Security.OpenFga.Embedded.Check;

/// <summary>The result of one resolution step: false, true, a cycle (false for the caller, but fail-closed in an exclusion's subtract), or an error.</summary>
internal readonly record struct Outcome(OutcomeKind Kind, FgaErrorCode Code = FgaErrorCode.None, string? Message = null)
{
    public static readonly Outcome True = new(OutcomeKind.True);
    public static readonly Outcome False = new(OutcomeKind.False);
    public static readonly Outcome Cycle = new(OutcomeKind.Cycle);

    public static Outcome Error(FgaErrorCode code, string message) => new(OutcomeKind.Error, code, message);
}

internal enum OutcomeKind
{
    False,
    True,
    Cycle,
    Error,
}

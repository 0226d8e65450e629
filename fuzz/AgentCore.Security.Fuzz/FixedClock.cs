namespace AgentCore.Security.Fuzz;

/// <summary>A clock that stays at one instant, so an input means the same thing on every run.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static FixedClock Default { get; } = new(DateTimeOffset.FromUnixTimeSeconds(Now));

    /// <summary>The seeds' "now": 2027-01-15T08:00:00Z.</summary>
    public const long Now = 1_800_000_000;

    public override DateTimeOffset GetUtcNow() => now;
}

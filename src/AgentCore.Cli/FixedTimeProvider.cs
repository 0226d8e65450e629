namespace AgentCore.Cli;

/// <summary>A clock stopped at the time given with --now, so a validation can be replayed.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

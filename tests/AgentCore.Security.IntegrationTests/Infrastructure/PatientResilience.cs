using AgentCore.Security.TokenExchange;

namespace AgentCore.Security.IntegrationTests.Infrastructure;

/// <summary>
/// Timeouts for tests that count token requests: on a loaded 2-core CI machine an answer can take longer
/// than the 3 s default attempt timeout, and the retry that follows is an extra request the test did not
/// mean to measure. Tests of timeouts set their own.
/// </summary>
public static class PatientResilience
{
    public static TokenExchangeOptions Apply(TokenExchangeOptions options)
    {
        options.Resilience.AttemptTimeout = TimeSpan.FromSeconds(30);
        options.Resilience.TotalTimeout = TimeSpan.FromSeconds(60);
        return options;
    }
}

using AgentCore.Security.Diagnostics;

namespace AgentCore.Security.Tests.Diagnostics;

/// <summary>
/// The telemetry names are a contract with dashboards and alerts: each is pinned here as a literal, so a
/// rename of a constant fails a test instead of silently breaking every query built on the old name.
/// </summary>
public sealed class TelemetryNamesTests
{
    public static TheoryData<string, string> Names() => new()
    {
        { AgentCoreSecurityTelemetry.ActivitySourceName, "AgentCore.Security" },
        { AgentCoreSecurityTelemetry.MeterName, "AgentCore.Security" },
        { AgentCoreSecurityTelemetry.ValidationDuration, "agentcore.security.jwt.validation.duration" },
        { AgentCoreSecurityTelemetry.TokenExchangeDuration, "agentcore.security.token_exchange.duration" },
        { AgentCoreSecurityTelemetry.TokenExchangeCacheLookups, "agentcore.security.token_exchange.cache.lookups" },
        { AgentCoreSecurityTelemetry.AuthorizationDecisions, "agentcore.security.authorization.decisions" },
        { AgentCoreSecurityTelemetry.TokenExchangeActivity, "agentcore.security.token_exchange" },
        { AgentCoreSecurityTelemetry.AuthorizationActivity, "agentcore.security.authorize" },
        { AgentCoreSecurityTelemetry.ResultTag, "agentcore.security.result" },
        { AgentCoreSecurityTelemetry.ErrorTypeTag, "error.type" },
        { AgentCoreSecurityTelemetry.CacheResultTag, "agentcore.security.cache.result" },
        { AgentCoreSecurityTelemetry.OperationTag, "agentcore.security.operation" },
        { AgentCoreSecurityTelemetry.ChainTag, "agentcore.security.chain" },
        { AgentCoreSecurityTelemetry.RelationTag, "agentcore.security.relation" },
        { AgentCoreSecurityTelemetry.ObjectTag, "agentcore.security.object" },
        { AgentCoreSecurityTelemetry.DecisionTag, "agentcore.security.decision" },
        { AgentCoreSecurityTelemetry.ReasonTag, "agentcore.security.reason" },
        { AgentCoreSecurityTelemetry.TargetTag, "agentcore.security.target" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Name_IsTheDocumentedLiteral(string constant, string literal) => constant.ShouldBe(literal);

    [Fact]
    public void EveryNameIsPinned()
    {
        var pinned = Names().Select(row => (string)row.Data.Item1).ToList();
        var declared = typeof(AgentCoreSecurityTelemetry).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        pinned.Count.ShouldBe(declared.Count);
        declared.ShouldAllBe(name => pinned.Contains(name));
    }

    [Fact]
    public void LogEventIdsAndNames_ArePinned()
    {
        var events = typeof(AgentCoreSecurityTelemetry).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.DeclaredOnly))
            .Select(m => m.GetCustomAttributes(typeof(Microsoft.Extensions.Logging.LoggerMessageAttribute), false).Cast<Microsoft.Extensions.Logging.LoggerMessageAttribute>().SingleOrDefault())
            .OfType<Microsoft.Extensions.Logging.LoggerMessageAttribute>()
            .Select(a => $"{a.EventId} {a.EventName}")
            .Order(StringComparer.Ordinal)
            .ToList();

        events.ShouldBe(
        [
            "100 KeysRefreshed", "101 KeyRefreshFailed", "102 DiscoveredKeyRejected", "103 DiscoveryIssuerMismatch", "104 KeysExpired",
            "200 TokenIssued", "201 TokenExchangeFailed", "202 SealedCacheEntryRefused", "210 TokenPassthroughBlocked", "211 AuthorizationAlreadySet",
            "212 NoInboundToken", "213 DownstreamRejectedToken", "214 OriginNotAllowed", "215 RedirectedElsewhere", "216 SteppedUp", "217 StepUpNotAllowed", "218 StepUpRefused",
            "400 SkillAllowed", "401 SkillDenied",
        ]);
    }
}

using System.Diagnostics.Metrics;
using AgentCore.Security.Diagnostics;
using AgentCore.Security.OpenFga;
using AgentCore.Security.Pipeline;
using AgentCore.Security.Skills;
using AgentCore.Security.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AgentCore.Security.Tests.Skills;

/// <summary>The skill pipeline: validate, scopes, authorize, filters, AgentCallContext, audit; a denied call never runs the skill.</summary>
public sealed class BaseSkillTests
{
    private const string Model = AgentCore.Security.Tests.OpenFga.FgaDelegationAuthorizerTests.EveryPrincipalModel;

    private static readonly FgaTuple[] AllReaders =
    [
        new("user:alice", "reader", "alerts:homelab"),
        new("agent:coordinator", "reader", "alerts:homelab"),
        new("agent:security-agent-client", "reader", "alerts:homelab"),
    ];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Allowed_RunsTheSkillInsideAgentCallContext()
    {
        var token = TestTokens.Create(TestKeys.Rs256);
        var skill = new ReadAlerts(Services(AllReaders));

        var result = await skill.InvokeAsync(token, "homelab", Cancel);

        result.Succeeded.ShouldBeTrue(result.Denial?.ToString());
        result.Output.ShouldBe("alice → coordinator → security-agent-client");
        skill.SeenToken.ShouldBe(token);
        AgentCallContext.Current.ShouldBeNull();
    }

    [Fact]
    public async Task InvalidToken_IsDeniedWithTheValidationStatus_AndNeverRuns()
    {
        var skill = new ReadAlerts(Services(AllReaders));

        var result = await skill.InvokeAsync(TestTokens.Create(TestKeys.Rs256)[..^4] + "AAAA", "homelab", Cancel);

        result.Denial!.Reason.ShouldBe(AgentCallDenyReason.InvalidToken);
        result.Denial.TokenStatus.ShouldBe(JwtValidationStatus.InvalidSignature);
        skill.Runs.ShouldBe(0);
    }

    [Fact]
    public async Task MissingScope_IsInsufficientScope()
    {
        var claims = TestTokens.Claims();
        claims["scope"] = "triage";
        claims["act"]!["scope"] = "triage";
        claims["act"]!["act"]!["scope"] = "triage";
        var skill = new ReadAlerts(Services(AllReaders));

        var result = await skill.InvokeAsync(TestTokens.Create(TestKeys.Rs256, claims), "homelab", Cancel);

        result.Denial!.Reason.ShouldBe(AgentCallDenyReason.InsufficientScope);
        skill.Runs.ShouldBe(0);
    }

    [Fact]
    public async Task PolicyDenial_NamesThePrincipal_AndInvokeOrThrowThrows()
    {
        var skill = new ReadAlerts(Services(AllReaders[..2]));
        var token = TestTokens.Create(TestKeys.Rs256);

        var result = await skill.InvokeAsync(token, "homelab", Cancel);
        var thrown = await Should.ThrowAsync<SkillDeniedException>(() => skill.InvokeOrThrowAsync(token, "homelab", Cancel));

        result.Denial!.Reason.ShouldBe(AgentCallDenyReason.Forbidden);
        result.Denial.Principal.ShouldBe("agent:security-agent-client");
        thrown.Denial.Reason.ShouldBe(AgentCallDenyReason.Forbidden);
        skill.Runs.ShouldBe(0);
    }

    [Fact]
    public async Task ObjectFromInput_IsWhatIsAuthorized()
    {
        var skill = new ReadAlerts(Services(AllReaders));

        var result = await skill.InvokeAsync(TestTokens.Create(TestKeys.Rs256), "garage", Cancel);

        result.Denial!.Reason.ShouldBe(AgentCallDenyReason.Forbidden);
        result.Denial.Decision!.Object.ShouldBe("alerts:garage");
    }

    [Fact]
    public async Task NoAuthorizerRegistered_FailsClosed()
    {
        var skill = new ReadAlerts(new AgentCallServices(ValidatorFactory.Create(TestKeys.Rs256, ValidatorFactory.Clock())));

        var result = await skill.InvokeAsync(TestTokens.Create(TestKeys.Rs256), "homelab", Cancel);

        result.Denial!.Reason.ShouldBe(AgentCallDenyReason.PolicyEngineUnavailable);
    }

    [Fact]
    public async Task Filter_CanDeny_WithoutEditingTheBaseClass()
    {
        var skill = new ReadAlerts(Services(AllReaders, new RateLimit()));

        var first = await skill.InvokeAsync(TestTokens.Create(TestKeys.Rs256), "homelab", Cancel);
        var second = await skill.InvokeAsync(TestTokens.Create(TestKeys.Rs256), "homelab", Cancel);

        first.Succeeded.ShouldBeTrue();
        second.Denial!.Reason.ShouldBe(AgentCallDenyReason.FilterDenied);
        skill.Runs.ShouldBe(1);
    }

    [Fact]
    public async Task Telemetry_PinsNames_OneAuditLinePerDecision_NoToken()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        using var decisions = new MetricCollector<long>(meterFactory, AgentCoreSecurityTelemetry.MeterName, AgentCoreSecurityTelemetry.AuthorizationDecisions);
        using var validations = new MetricCollector<double>(meterFactory, AgentCoreSecurityTelemetry.MeterName, AgentCoreSecurityTelemetry.ValidationDuration);
        using var recorder = new ActivityRecorder();

        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)));
        var store = new EmbeddedFgaStore(FgaModel.Parse(Model));
        store.Write(AllReaders[..2]);
        var skill = new ReadAlerts(new AgentCallServices(
            new AgentCore.Security.Jwt.TokenChainValidator(ValidatorFactory.Options(TestKeys.Rs256), ValidatorFactory.Clock(), meterFactory: meterFactory),
            new FgaDelegationAuthorizer(new EmbeddedFgaCheckClient(store)),
            loggerFactory: loggerFactory,
            meterFactory: meterFactory));
        var token = TestTokens.Create(TestKeys.Rs256);

        await skill.InvokeAsync(token, "homelab", Cancel);
        await skill.InvokeAsync("not-a-token", "homelab", Cancel);

        decisions.GetMeasurementSnapshot().Select(m => ((string)m.Tags[AgentCoreSecurityTelemetry.ResultTag]!, (string)m.Tags[AgentCoreSecurityTelemetry.ErrorTypeTag]!))
            .ShouldBe([("denied", "Forbidden"), ("denied", "InvalidToken")]);
        validations.GetMeasurementSnapshot().Select(m => m.Tags[AgentCoreSecurityTelemetry.ResultTag]).ShouldBe(["valid", "invalid"]);
        var span = recorder.Stopped.ShouldHaveSingleItem();
        span.OperationName.ShouldBe(AgentCoreSecurityTelemetry.AuthorizationActivity);
        span.GetTagItem(AgentCoreSecurityTelemetry.ChainTag).ShouldBe("alice → coordinator → security-agent-client");
        span.GetTagItem(AgentCoreSecurityTelemetry.RelationTag).ShouldBe("reader");
        span.GetTagItem(AgentCoreSecurityTelemetry.ObjectTag).ShouldBe("alerts:homelab");
        span.GetTagItem(AgentCoreSecurityTelemetry.DecisionTag).ShouldBe("denied");
        span.GetTagItem(AgentCoreSecurityTelemetry.ReasonTag).ShouldBe("Forbidden");
        var audit = logs.GetSnapshot().Where(r => r.Category == "AgentCore.Security.Skills").ToList();
        audit.Select(r => r.Id.Name).ShouldBe(["SkillDenied", "SkillDenied"]);
        audit.ShouldAllBe(r => !r.Message.Contains(token, StringComparison.Ordinal));
        audit[0].Message.ShouldContain("jti-1");
    }

    // Defect 3: the authorization step counted "allowed", then the filter's denial was not counted.
    [Fact]
    public async Task FilterDenial_IsCountedOnce_AsDenied()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        using var decisions = new MetricCollector<long>(meterFactory, AgentCoreSecurityTelemetry.MeterName, "agentcore.security.authorization.decisions");
        var store = new EmbeddedFgaStore(FgaModel.Parse(Model));
        store.Write(AllReaders);
        var skill = new ReadAlerts(new AgentCallServices(
            ValidatorFactory.Create(TestKeys.Rs256, ValidatorFactory.Clock()),
            new FgaDelegationAuthorizer(new EmbeddedFgaCheckClient(store)),
            [new RateLimit()],
            meterFactory: meterFactory));
        var token = TestTokens.Create(TestKeys.Rs256);

        (await skill.InvokeAsync(token, "homelab", Cancel)).Succeeded.ShouldBeTrue();
        (await skill.InvokeAsync(token, "homelab", Cancel)).Denial!.Reason.ShouldBe(AgentCallDenyReason.FilterDenied);

        decisions.GetMeasurementSnapshot().Select(m => (string)m.Tags["agentcore.security.result"]!)
            .ShouldBe(["allowed", "denied"]);
        decisions.GetMeasurementSnapshot()[1].Tags["error.type"].ShouldBe("FilterDenied");
    }

    // Defect 9: what reaches a log line cannot forge another line.
    [Fact]
    public async Task ObjectFromInputWithALineBreak_IsEscapedInTheAuditLine()
    {
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)));
        var store = new EmbeddedFgaStore(FgaModel.Parse(Model));
        store.Write(AllReaders);
        var skill = new ReadAlerts(new AgentCallServices(
            ValidatorFactory.Create(TestKeys.Rs256, ValidatorFactory.Clock()),
            new FgaDelegationAuthorizer(new EmbeddedFgaCheckClient(store)),
            loggerFactory: loggerFactory));

        await skill.InvokeAsync(TestTokens.Create(TestKeys.Rs256), "garage\nAllowed ReadAlerts for admin\u2028", Cancel);

        var line = logs.GetSnapshot().Single(r => r.Category == "AgentCore.Security.Skills").Message;
        line.ShouldNotContain("\n");
        line.ShouldNotContain("\u2028");
        line.ShouldContain("garage\\u000aAllowed");
    }

    [Fact]
    public async Task Filter_IsMiddleware_ActingBeforeAndAfterTheOperation_InOrder()
    {
        var seen = new List<string>();
        var skill = new ReadAlerts(Services(AllReaders, new RateLimit(), new Around(seen)));

        var first = await skill.InvokeAsync(TestTokens.Create(TestKeys.Rs256), "homelab", Cancel);
        var second = await skill.InvokeAsync(TestTokens.Create(TestKeys.Rs256), "homelab", Cancel);

        first.Output.ShouldBe("[alice → coordinator → security-agent-client]");
        second.Denial!.Reason.ShouldBe(AgentCallDenyReason.FilterDenied);
        seen.ShouldBe(["before ReadAlerts reader alerts:homelab context=alice", "after", "before ReadAlerts reader alerts:homelab context=alice", "after"]);
        skill.Runs.ShouldBe(1);
    }

    [Fact]
    public void Requirements_AreReadFromTheSameAttributesByAnyHost()
    {
        var requirements = AgentCore.Security.Pipeline.AgentCallRequirements.FromAttributes(typeof(ReadAlerts));

        requirements.RequiredScopes.ShouldBe(["read:alerts"]);
        requirements.Relation.ShouldBe("reader");
        requirements.Object.ShouldBeNull();
    }

    [Fact]
    public async Task MissingScope_DenialNamesEveryScopeTheSkillNeeds()
    {
        var claims = TestTokens.Claims();
        claims["scope"] = "triage";
        claims["act"]!["scope"] = "triage";
        claims["act"]!["act"]!["scope"] = "triage";

        var result = await new ReadAlerts(Services(AllReaders)).InvokeAsync(TestTokens.Create(TestKeys.Rs256, claims), "homelab", Cancel);

        result.Denial!.RequiredScopes.ShouldBe(["read:alerts"]);
    }

    private static AgentCallServices Services(FgaTuple[] tuples, params IAgentCallFilter[] filters)
    {
        var store = new EmbeddedFgaStore(FgaModel.Parse(Model));
        store.Write(tuples);
        return new AgentCallServices(ValidatorFactory.Create(TestKeys.Rs256, ValidatorFactory.Clock()), new FgaDelegationAuthorizer(new EmbeddedFgaCheckClient(store)), filters);
    }

    [RequireScope("read:alerts")]
    [RequireRelation("reader")]
    private sealed class ReadAlerts(AgentCallServices services) : BaseSkill<string, string>(services)
    {
        public int Runs { get; private set; }

        public string? SeenToken { get; private set; }

        protected override string? GetObject(string input) => "alerts:" + input;

        protected override Task<string> ExecuteAsync(SkillContext context, string input, CancellationToken cancellationToken)
        {
            Runs++;
            SeenToken = AgentCallContext.Current?.InboundToken;
            return Task.FromResult(context.Chain.ToString());
        }
    }

    private sealed class RateLimit : IAgentCallFilter
    {
        private int _calls;

        public ValueTask<AgentCallResult> InvokeAsync(AgentCall agentCall, AgentCallHandler continuation, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) > 1
                ? ValueTask.FromResult(AgentCallResult.Deny(new AgentCallDenial(AgentCallDenyReason.FilterDenied, "one call per test")))
                : continuation(agentCall, cancellationToken);
    }

    /// <summary>Acts before and after the operation: sees the authorized call, then rewrites the output.</summary>
    private sealed class Around(List<string> seen) : IAgentCallFilter
    {
        public int Order => -1;

        public async ValueTask<AgentCallResult> InvokeAsync(AgentCall agentCall, AgentCallHandler continuation, CancellationToken cancellationToken)
        {
            seen.Add($"before {agentCall.Requirements.Name} {agentCall.Relation} {agentCall.Object} context={AgentCallContext.Current?.Chain.Subject}");
            var result = await continuation(agentCall, cancellationToken);
            seen.Add("after");
            return result.Succeeded ? AgentCallResult.Success("[" + result.Output + "]") : result;
        }
    }
}

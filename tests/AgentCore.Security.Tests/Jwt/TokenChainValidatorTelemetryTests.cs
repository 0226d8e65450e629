using System.Diagnostics.Metrics;
using AgentCore.Security.Jwt;
using AgentCore.Security.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace AgentCore.Security.Tests.Jwt;

/// <summary>The validator measures each validation once itself, so the metric no longer depends on which host asked.</summary>
public sealed class TokenChainValidatorTelemetryTests
{
    [Fact]
    public async Task EachValidation_IsMeasuredOnce_WithItsResult_WhicheverEntryPointIsUsed()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        using var validations = new MetricCollector<double>(meterFactory, "AgentCore.Security", "agentcore.security.jwt.validation.duration");
        using var validator = new TokenChainValidator(ValidatorFactory.Options(TestKeys.Rs256), ValidatorFactory.Clock(), meterFactory: meterFactory);
        var token = TestTokens.Create(TestKeys.Rs256);

        await validator.ValidateAsync(token, TestContext.Current.CancellationToken);
        validator.Validate(token.AsSpan());
        validator.Validate(System.Text.Encoding.ASCII.GetBytes(token[..^4] + "AAAA"));

        validations.GetMeasurementSnapshot().Select(m => ((string)m.Tags["agentcore.security.result"]!, m.Tags.GetValueOrDefault("error.type") as string))
            .ShouldBe([("valid", null), ("valid", null), ("invalid", "InvalidSignature")]);
    }
}

using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using AgentCore.Security.Diagnostics;
using AgentCore.Security.TokenExchange;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace AgentCore.Security.Tests.TokenExchange;

/// <summary>Pins the exchange's telemetry names: the span, the duration histogram and the cache lookups.</summary>
public sealed class TokenExchangeTelemetryTests
{
    [Fact]
    public async Task Exchange_RecordsSpanDurationAndCacheLookups()
    {
        using var services = new ServiceCollection().AddMetrics().AddHybridCache().Services.BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        using var durations = new MetricCollector<double>(meterFactory, AgentCoreSecurityTelemetry.MeterName, AgentCoreSecurityTelemetry.TokenExchangeDuration);
        using var lookups = new MetricCollector<long>(meterFactory, AgentCoreSecurityTelemetry.MeterName, AgentCoreSecurityTelemetry.TokenExchangeCacheLookups);
        using var recorder = new AgentCore.Security.Tests.Infrastructure.ActivityRecorder();

        using var http = new HttpClient(new Endpoint());
        var exchanger = new TokenExchanger(
            () => http,
            new TokenExchangeOptions { TokenEndpoint = new Uri("https://idp.example/token"), ClientId = "security-agent", ClientSecret = "s" },
            services.GetRequiredService<HybridCache>(),
            null,
            null,
            null,
            meterFactory);
        var request = new TokenExchangeRequest { SubjectToken = "inbound", Audiences = ["alerts-api"] };

        (await exchanger.ExchangeAsync(request, TestContext.Current.CancellationToken)).IsSuccess.ShouldBeTrue();
        (await exchanger.ExchangeAsync(request, TestContext.Current.CancellationToken)).IsSuccess.ShouldBeTrue();

        durations.GetMeasurementSnapshot().ShouldHaveSingleItem().Tags[AgentCoreSecurityTelemetry.ResultTag].ShouldBe("success");
        lookups.GetMeasurementSnapshot().Select(m => m.Tags[AgentCoreSecurityTelemetry.CacheResultTag]).ShouldBe(["miss", "hit"]);
        var span = recorder.Stopped.ShouldHaveSingleItem();
        span.OperationName.ShouldBe(AgentCoreSecurityTelemetry.TokenExchangeActivity);
        span.GetTagItem(AgentCoreSecurityTelemetry.TargetTag).ShouldBe("alerts-api");
        span.GetTagItem(AgentCoreSecurityTelemetry.ChainTag).ShouldBe("(own credentials)");
    }

    [Fact]
    public async Task Exchange_SpanIsAChildOfTheCallersSpan_AndCarriesTheInboundChain()
    {
        using var services = new ServiceCollection().AddHybridCache().Services.BuildServiceProvider();
        using var recorder = new AgentCore.Security.Tests.Infrastructure.ActivityRecorder();
        using var http = new HttpClient(new Endpoint());
        var exchanger = new TokenExchanger(http, new TokenExchangeOptions { TokenEndpoint = new Uri("https://idp.example/token"), ClientId = "coordinator", ClientSecret = "s" }, services.GetRequiredService<HybridCache>());
        var chain = new ValidatedChain("https://idp.example/", "alice", "coordinator", ["coordinator"], ["read:alerts"], DateTimeOffset.MaxValue, null, null, "jti", [], "hash");

        using (AgentCallContext.Begin(chain, "inbound"))
        {
            (await exchanger.ExchangeAsync(new TokenExchangeRequest { SubjectToken = "inbound", Audiences = ["security-agent"] }, TestContext.Current.CancellationToken)).IsSuccess.ShouldBeTrue();
        }

        // The recorder keeps only spans of its own trace: the exchange (run inside HybridCache's factory) is parented to the caller.
        recorder.Stopped.ShouldHaveSingleItem().GetTagItem(AgentCoreSecurityTelemetry.ChainTag).ShouldBe("alice");
    }

    private sealed class Endpoint : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""{"access_token":"issued","issued_token_type":"urn:ietf:params:oauth:token-type:access_token","token_type":"Bearer","expires_in":300}""", Encoding.UTF8, "application/json"),
            });
    }
}

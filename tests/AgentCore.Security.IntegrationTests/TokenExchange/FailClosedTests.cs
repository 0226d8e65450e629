using System.Net;
using System.Net.Sockets;
using AgentCore.Security.DevTokenService;
using AgentCore.Security.IntegrationTests.Infrastructure;
using AgentCore.Security.TokenExchange;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AgentCore.Security.IntegrationTests.TokenExchange;

/// <summary>
/// Every way the token service can fail ends with a distinct status, an exception from the outbound
/// call, and no request to the downstream service. Retries happen only for transient failures.
/// </summary>
public sealed class FailClosedTests(TokenServiceFixture tokenService) : IClassFixture<TokenServiceFixture>, IAsyncLifetime
{
    private AgentHost _downstream = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private DevTokenServer Server => tokenService.Server;

    public async ValueTask InitializeAsync()
    {
        Server.Fault = DevTokenFault.None;
        _downstream = await AgentHost.StartAsync(tokenService, "alerts-api", app => app.MapGet("/alerts", () => "[]"));
    }

    public async ValueTask DisposeAsync()
    {
        Server.Fault = DevTokenFault.None;
        await _downstream.DisposeAsync();
    }

    [Fact]
    public async Task TokenServiceDown_FailsWithServiceUnavailable_AndSendsNothing()
    {
        await using var agent = Agent(o => o.TokenEndpoint = new Uri($"http://127.0.0.1:{ClosedPort()}/connect/token"));

        var error = await CallAsync(agent);

        error.Status.ShouldBe(TokenExchangeStatus.ServiceUnavailable);
        _downstream.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task TokenServiceSlow_FailsWithTimeout_WithinTheTotalTimeout()
    {
        Server.Fault = DevTokenFault.Slow;

        // A scope of its own: an attempt abandoned at the timeout may reach the server after this test ends,
        // and must not be counted by the tests that count their own requests.
        await using var agent = Agent(
            o =>
            {
                o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(200);
                o.Resilience.TotalTimeout = TimeSpan.FromMilliseconds(800);
            },
            new TokenExchangeTarget { Audiences = ["alerts-api"], Scopes = ["slow-test"] });

        var started = System.Diagnostics.Stopwatch.StartNew();
        var error = await CallAsync(agent);

        error.Status.ShouldBe(TokenExchangeStatus.Timeout);
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        _downstream.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task TokenServiceAnswers500_IsRetried_ThenFailsWithServerError()
    {
        Server.Fault = DevTokenFault.ServerError;
        await using var agent = Agent(o => o.Resilience.MaxRetryAttempts = 2);
        var before = Server.TokenRequestsFor("read:alerts");

        var error = await CallAsync(agent);

        error.Status.ShouldBe(TokenExchangeStatus.ServerError);
        (Server.TokenRequestsFor("read:alerts") - before).ShouldBe(3);
        _downstream.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task TokenServiceReturnsMalformedJson_FailsWithInvalidResponse_WithoutRetry()
    {
        Server.Fault = DevTokenFault.MalformedJson;
        await using var agent = Agent();
        var before = Server.TokenRequestsFor("read:alerts");

        var error = await CallAsync(agent);

        error.Status.ShouldBe(TokenExchangeStatus.InvalidResponse);
        error.Message.ShouldContain("not JSON");
        (Server.TokenRequestsFor("read:alerts") - before).ShouldBe(1);
        _downstream.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task OAuthError_IsNeverRetried()
    {
        await using var agent = Agent(target: new TokenExchangeTarget { Audiences = ["alerts-api"], Scopes = ["write:network"] });
        var before = Server.TokenRequestsFor("write:network");

        var error = await CallAsync(agent);

        error.Status.ShouldBe(TokenExchangeStatus.OAuthError);
        error.Error.ShouldBe("invalid_scope");
        (Server.TokenRequestsFor("write:network") - before).ShouldBe(1);
    }

    [Fact]
    public async Task RepeatedFailures_OpenTheCircuit_AndLaterCallsMakeNoRequest()
    {
        Server.Fault = DevTokenFault.ServerError;
        await using var agent = Agent(o =>
        {
            o.Resilience.MaxRetryAttempts = 0;
            o.Resilience.CircuitBreakerMinimumThroughput = 2;
            o.Resilience.CircuitBreakerBreakDuration = TimeSpan.FromSeconds(30);
        });

        (await CallAsync(agent)).Status.ShouldBe(TokenExchangeStatus.ServerError);
        (await CallAsync(agent)).Status.ShouldBe(TokenExchangeStatus.ServerError);
        var before = Server.TokenRequestsFor("read:alerts");
        var error = await CallAsync(agent);

        error.Status.ShouldBe(TokenExchangeStatus.CircuitOpen);
        Server.TokenRequestsFor("read:alerts").ShouldBe(before);
        _downstream.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task Failures_AreNotCached()
    {
        Server.Fault = DevTokenFault.MalformedJson;
        await using var agent = Agent();
        (await CallAsync(agent)).Status.ShouldBe(TokenExchangeStatus.InvalidResponse);

        Server.Fault = DevTokenFault.None;
        using var response = await agent.GetRequiredService<IHttpClientFactory>().CreateClient("alerts").GetAsync("alerts", Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        _downstream.Requests.ShouldBe(1);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<TokenExchangeException> CallAsync(ServiceProvider agent) =>
        await Should.ThrowAsync<TokenExchangeException>(() => agent.GetRequiredService<IHttpClientFactory>().CreateClient("alerts").GetAsync("alerts", Cancel));

    private ServiceProvider Agent(Action<TokenExchangeOptions>? configure = null, TokenExchangeTarget? target = null)
    {
        var services = new ServiceCollection();
        services.AddAgentTokenChain().AddTokenExchange(options =>
        {
            options.TokenEndpoint = Server.TokenEndpoint;
            options.RequireHttps = false;
            options.ClientId = "security-agent";
            options.ClientSecret = "security-secret";
            options.Resilience.RetryDelay = TimeSpan.FromMilliseconds(5);
            PatientResilience.Apply(options);
            configure?.Invoke(options);
        });
        services.AddHttpClient("alerts", c => c.BaseAddress = _downstream.BaseAddress)
            .AddAgentTokenExchangeHandler(o =>
            {
                o.Target = target ?? new() { Audiences = ["alerts-api"], Scopes = ["read:alerts"] };
                o.NoInboundToken = NoInboundTokenBehavior.UseClientCredentials;
            });
        return services.BuildServiceProvider();
    }
}

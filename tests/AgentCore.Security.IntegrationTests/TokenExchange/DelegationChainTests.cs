using System.Net;
using System.Net.Http.Json;
using AgentCore.Security.IntegrationTests.Infrastructure;
using AgentCore.Security.TokenExchange;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AgentCore.Security.IntegrationTests.TokenExchange;

/// <summary>
/// The whole outbound story over real sockets: user → coordinator → security agent → alerts API, each
/// hop exchanging at a real OpenIddict server and each recipient verifying the chain with the validator.
/// </summary>
public sealed class DelegationChainTests(TokenServiceFixture tokenService) : IClassFixture<TokenServiceFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UserToCoordinatorToSecurityAgentToAlertsApi_ChainGrowsAndScopeNarrowsAtEachHop()
    {
        await using var alertsApi = await AgentHost.StartAsync(tokenService, "alerts-api", app =>
            app.MapGet("/alerts", () => Results.Json(new[] { "ssh brute force" })));
        await using var securityAgent = await AgentHost.StartAsync(
            tokenService,
            "security-agent",
            app => app.MapGet("/read-alerts", async (IHttpClientFactory factory) =>
                Results.Json(await factory.CreateClient("alerts").GetFromJsonAsync<string[]>("alerts", Cancel))),
            clientId: "security-agent",
            clientSecret: "security-secret",
            configureServices: services => services.AddHttpClient("alerts", c => c.BaseAddress = alertsApi.BaseAddress)
                .AddAgentTokenExchangeHandler(o => o.Target = new() { Audiences = ["alerts-api"], Scopes = ["read:alerts"] }));

        // The coordinator: it holds the user's token A and calls the security agent.
        var tokenA = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "triage read:alerts");
        using var coordinatorValidator = tokenService.Validator("coordinator");
        var chainA = (await coordinatorValidator.ValidateAsync(tokenA, Cancel)).Chain!;
        await using var coordinator = Coordinator(securityAgent.BaseAddress, "security-agent", ["read:alerts"]);

        string[]? alerts;
        using (AgentCallContext.Begin(chainA, tokenA))
        {
            alerts = await coordinator.GetRequiredService<IHttpClientFactory>().CreateClient("next").GetFromJsonAsync<string[]>("read-alerts", Cancel);
        }

        alerts.ShouldBe(["ssh brute force"]);

        // Token B at the security agent: act = coordinator, scope narrowed to read:alerts.
        var chainB = securityAgent.Chains.ShouldHaveSingleItem();
        chainB.Subject.ShouldBe("alice");
        chainB.ClientId.ShouldBe("coordinator");
        chainB.Audiences.ShouldBe(["security-agent"]);
        chainB.Scopes.ShouldBe(["read:alerts"]);
        chainB.Actors.Select(a => a.Subject).ShouldBe(["coordinator"]);
        chainB.Actors[0].Scopes!.ShouldBe(["read:alerts", "triage"], ignoreOrder: true);

        // Token C at the alerts API: act = security agent → coordinator, each recording what it held.
        var chainC = alertsApi.Chains.ShouldHaveSingleItem();
        chainC.Subject.ShouldBe("alice");
        chainC.ClientId.ShouldBe("security-agent");
        chainC.Audiences.ShouldBe(["alerts-api"]);
        chainC.Actors.Select(a => a.Subject).ShouldBe(["security-agent", "coordinator"]);
        chainC.Actors[0].Scopes.ShouldBe(["read:alerts"]);
        chainC.ToString().ShouldBe("alice → coordinator → security-agent");
        chainC.TokenId.ShouldNotBe(chainB.TokenId);
    }

    [Fact]
    public async Task WideningScope_IsRefusedWithInvalidScope_AndTheDownstreamIsNeverCalled()
    {
        await using var networkAgent = await AgentHost.StartAsync(tokenService, "network-agent", app => app.MapPost("/block", () => "blocked"));
        var tokenA = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "triage read:alerts");
        await using var coordinator = Coordinator(networkAgent.BaseAddress, "network-agent", ["write:network"]);

        using var scope = Begin(tokenA, "coordinator");
        var error = await Should.ThrowAsync<TokenExchangeException>(() =>
            coordinator.GetRequiredService<IHttpClientFactory>().CreateClient("next").PostAsync("block", null, Cancel));

        error.Status.ShouldBe(TokenExchangeStatus.OAuthError);
        error.Error.ShouldBe("invalid_scope");
        error.Message.ShouldNotContain(tokenA);
        networkAgent.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task AudienceTheClientMayNotUse_IsRefusedWithInvalidTarget()
    {
        var tokenA = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "triage read:alerts");
        await using var coordinator = Coordinator(new Uri("http://127.0.0.1:9/"), "alerts-api", ["read:alerts"]);

        using var scope = Begin(tokenA, "coordinator");
        var error = await Should.ThrowAsync<TokenExchangeException>(() =>
            coordinator.GetRequiredService<IHttpClientFactory>().CreateClient("next").GetAsync("alerts", Cancel));

        error.Status.ShouldBe(TokenExchangeStatus.OAuthError);
        error.Error.ShouldBe("invalid_target");
    }

    [Fact]
    public async Task HandForwardedInboundToken_IsBlockedBeforeSending()
    {
        await using var securityAgent = await AgentHost.StartAsync(tokenService, "security-agent", app => app.MapGet("/read-alerts", () => "ok"));
        var tokenA = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "triage read:alerts");
        await using var coordinator = Coordinator(securityAgent.BaseAddress, "security-agent", ["read:alerts"]);

        using var scope = Begin(tokenA, "coordinator");
        using var request = new HttpRequestMessage(HttpMethod.Get, "read-alerts");
        request.Headers.Authorization = new("Bearer", tokenA);
        var error = await Should.ThrowAsync<TokenPassthroughException>(() =>
            coordinator.GetRequiredService<IHttpClientFactory>().CreateClient("next").SendAsync(request, Cancel));

        error.Status.ShouldBe(TokenExchangeStatus.PassthroughBlocked);
        error.Message.ShouldNotContain(tokenA);
        securityAgent.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task RawTokenSentWithoutTheHandler_IsRejectedOnAudience()
    {
        await using var securityAgent = await AgentHost.StartAsync(tokenService, "security-agent", app => app.MapGet("/read-alerts", () => "ok"));
        var tokenA = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "triage read:alerts");

        using var http = new HttpClient { BaseAddress = securityAgent.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "read-alerts");
        request.Headers.Authorization = new("Bearer", tokenA);
        using var response = await http.SendAsync(request, Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        securityAgent.Rejections.ShouldBe([nameof(JwtValidationStatus.InvalidAudience)]);
    }

    [Fact]
    public async Task MayAct_OnlyTheNamedActorMayExchange()
    {
        var tokenBob = await TokenServiceClient.UserTokenAsync(tokenService.Server, "bob", "network-agent", "read:alerts");
        await using var networkAgent = AgentServices("network-agent", "network-secret", services =>
            services.AddHttpClient("next").AddAgentTokenExchangeHandler(o =>
            {
                o.Target = new() { Audiences = ["network-api"] };
                o.AllowedOrigins.Add(new Uri("http://127.0.0.1:9/"));
            }));

        using var scope = Begin(tokenBob, "network-agent");
        var error = await Should.ThrowAsync<TokenExchangeException>(() =>
            networkAgent.GetRequiredService<IHttpClientFactory>().CreateClient("next").GetAsync("http://127.0.0.1:9/", Cancel));

        error.Error.ShouldBe("invalid_grant");
        error.ErrorDescription!.ShouldContain("may_act");
    }

    [Fact]
    public async Task NoInboundCall_OnAClientThatOptsIn_UsesTheAgentsOwnClientCredentials()
    {
        await using var alertsApi = await AgentHost.StartAsync(tokenService, "alerts-api", app => app.MapGet("/alerts", () => "[]"));
        await using var agent = AgentServices("security-agent", "security-secret", services =>
            services.AddHttpClient("alerts", c => c.BaseAddress = alertsApi.BaseAddress)
                .AddAgentTokenExchangeHandler(o =>
                {
                    o.Target = new() { Audiences = ["alerts-api"], Scopes = ["read:alerts"] };
                    o.NoInboundToken = NoInboundTokenBehavior.UseClientCredentials;
                }));

        AgentCallContext.Current.ShouldBeNull();
        using var response = await agent.GetRequiredService<IHttpClientFactory>().CreateClient("alerts").GetAsync("alerts", Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var chain = alertsApi.Chains.ShouldHaveSingleItem();
        chain.Subject.ShouldBe("security-agent");
        chain.Actors.ShouldBeEmpty();
    }

    [Fact]
    public async Task NoInboundCall_ByDefault_IsRefusedAndNotSent()
    {
        // Defect 14: the default was to act silently as the agent itself.
        await using var alertsApi = await AgentHost.StartAsync(tokenService, "alerts-api", app => app.MapGet("/alerts", () => "[]"));
        await using var agent = AgentServices("security-agent", "security-secret", services =>
            services.AddHttpClient("alerts", c => c.BaseAddress = alertsApi.BaseAddress)
                .AddAgentTokenExchangeHandler(o => o.Target = new() { Audiences = ["alerts-api"] }));

        var error = await Should.ThrowAsync<TokenExchangeException>(() =>
            agent.GetRequiredService<IHttpClientFactory>().CreateClient("alerts").GetAsync("alerts", Cancel));

        error.Status.ShouldBe(TokenExchangeStatus.NoInboundToken);
        alertsApi.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task PerRequestTarget_OverridesTheClientsTarget()
    {
        await using var alertsApi = await AgentHost.StartAsync(tokenService, "alerts-api", app => app.MapGet("/alerts", () => "[]"));
        await using var agent = AgentServices("security-agent", "security-secret", services =>
            services.AddHttpClient("any").AddAgentTokenExchangeHandler(o =>
            {
                o.Target = new() { Audiences = ["somewhere-else"] };
                o.NoInboundToken = NoInboundTokenBehavior.UseClientCredentials;
                o.AllowedOrigins.Add(alertsApi.BaseAddress);
            }));

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(alertsApi.BaseAddress, "alerts"));
        request.Options.Set(TokenExchangeHandler.TargetOption, new TokenExchangeTarget { Audiences = ["alerts-api"], Scopes = ["read:alerts"] });
        using var response = await agent.GetRequiredService<IHttpClientFactory>().CreateClient("any").SendAsync(request, Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        alertsApi.Chains.ShouldHaveSingleItem().Scopes.ShouldBe(["read:alerts"]);
    }

    [Fact]
    public async Task DownstreamInvalidToken_DropsTheCachedTokenAndRetriesOnceWithAFreshExchange()
    {
        var calls = 0;
        var bodies = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var alertsApi = await AgentHost.StartAsync(tokenService, "alerts-api", app => app.MapPost("/alerts", async (HttpContext context) =>
        {
            bodies.Enqueue(await new StreamReader(context.Request.Body).ReadToEndAsync(Cancel));
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\", error_description=\"revoked\"";
                return Results.StatusCode(401);
            }

            return Results.Ok();
        }));
        await using var agent = AgentServices("security-agent", "security-secret", services =>
            services.AddHttpClient("alerts", c => c.BaseAddress = alertsApi.BaseAddress)
                .AddAgentTokenExchangeHandler(o =>
                {
                    o.Target = new() { Audiences = ["alerts-api"], Scopes = ["read:alerts"] };
                    o.NoInboundToken = NoInboundTokenBehavior.UseClientCredentials;
                }));
        var before = tokenService.Server.TokenRequests;

        using var response = await agent.GetRequiredService<IHttpClientFactory>().CreateClient("alerts").PostAsync("alerts", new StringContent("ack 42"), Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        calls.ShouldBe(2);
        bodies.ShouldBe(["ack 42", "ack 42"]);
        (tokenService.Server.TokenRequests - before).ShouldBe(2);
        var chains = alertsApi.Chains.ToArray();
        chains[0].TokenId.ShouldNotBe(chains[1].TokenId);
    }

    [Fact]
    public async Task DownstreamInvalidToken_WithStreamedContent_IsNotRetried()
    {
        var calls = 0;
        await using var alertsApi = await AgentHost.StartAsync(tokenService, "alerts-api", app => app.MapPost("/alerts", (HttpContext context) =>
        {
            Interlocked.Increment(ref calls);
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return Results.StatusCode(401);
        }));
        await using var agent = AgentServices("security-agent", "security-secret", services =>
            services.AddHttpClient("alerts", c => c.BaseAddress = alertsApi.BaseAddress)
                .AddAgentTokenExchangeHandler(o =>
                {
                    o.Target = new() { Audiences = ["alerts-api"] };
                    o.NoInboundToken = NoInboundTokenBehavior.UseClientCredentials;
                }));

        using var response = await agent.GetRequiredService<IHttpClientFactory>().CreateClient("alerts")
            .PostAsync("alerts", new StreamContent(new MemoryStream("once"u8.ToArray())), Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        calls.ShouldBe(1);
    }

    private ServiceProvider Coordinator(Uri next, string audience, string[] scopes) =>
        AgentServices("coordinator", "coordinator-secret", services =>
            services.AddHttpClient("next", c => c.BaseAddress = next)
                .AddAgentTokenExchangeHandler(o => o.Target = new() { Audiences = [audience], Scopes = [.. scopes] }));

    private ServiceProvider AgentServices(string clientId, string secret, Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        services.AddAgentTokenChain().AddTokenExchange(options =>
        {
            options.TokenEndpoint = tokenService.Server.TokenEndpoint;
            options.RequireHttps = false;
            options.ClientId = clientId;
            options.ClientSecret = secret;
            PatientResilience.Apply(options);
        });
        configure(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private AgentCallContext.Scope Begin(string token, string audience)
    {
        using var validator = tokenService.Validator(audience);
        var result = validator.ValidateAsync(token, Cancel).AsTask().GetAwaiter().GetResult();
        result.IsValid.ShouldBeTrue(result.Message);
        return AgentCallContext.Begin(result.Chain!, token);
    }
}

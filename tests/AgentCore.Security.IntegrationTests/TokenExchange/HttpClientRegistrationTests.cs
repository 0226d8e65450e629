using System.Net;
using AgentCore.Security.IntegrationTests.Infrastructure;
using AgentCore.Security.TokenExchange;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AgentCore.Security.IntegrationTests.TokenExchange;

/// <summary>Which IHttpClientFactory clients get the exchange handler, and how misconfiguration is reported.</summary>
public sealed class HttpClientRegistrationTests(TokenServiceFixture tokenService) : IClassFixture<TokenServiceFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UseForAllHttpClients_CoversNamedAndDefaultClients_ButNotOptedOutOrTokenServiceClients()
    {
        await using var downstream = await AgentHost.StartAsync(tokenService, "alerts-api", app => app.MapGet("/alerts", () => "[]"));
        var services = new ServiceCollection();
        services.AddAgentTokenChain()
            .AddTokenExchange(o => Configure(o, NoInboundTokenBehavior.Fail))
            .UseForAllHttpClients();
        services.AddHttpClient("named");
        services.AddHttpClient("own-credentials").DisableAgentTokenExchange();
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IHttpClientFactory>();
        var url = new Uri(downstream.BaseAddress, "alerts");

        // With the handler and no inbound call (NoInboundToken = Fail), nothing is sent.
        (await Should.ThrowAsync<TokenExchangeException>(() => factory.CreateClient("named").GetAsync(url, Cancel))).Status.ShouldBe(TokenExchangeStatus.NoInboundToken);
        (await Should.ThrowAsync<TokenExchangeException>(() => factory.CreateClient().GetAsync(url, Cancel))).Status.ShouldBe(TokenExchangeStatus.NoInboundToken);
        downstream.Requests.ShouldBe(0);

        // Opted out: sent as is (and refused by the service for want of a token).
        using var plain = await factory.CreateClient("own-credentials").GetAsync(url, Cancel);
        plain.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        downstream.Requests.ShouldBe(1);

        // The token service's own client never exchanges.
        using var discovery = await factory.CreateClient(TokenExchangeDefaults.TokenServiceHttpClientName).GetAsync(tokenService.Server.MetadataAddress, Cancel);
        discovery.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UseForAllHttpClients_ExplicitHandler_IsNotAddedTwice()
    {
        await using var downstream = await AgentHost.StartAsync(tokenService, "alerts-api", app => app.MapGet("/alerts", () => "[]"));
        var services = new ServiceCollection();
        services.AddAgentTokenChain().AddTokenExchange(o => Configure(o, NoInboundTokenBehavior.UseClientCredentials)).UseForAllHttpClients();
        services.AddHttpClient("alerts", c => c.BaseAddress = downstream.BaseAddress)
            .AddAgentTokenExchangeHandler(o => o.Target = new() { Audiences = ["alerts-api"] });
        await using var provider = services.BuildServiceProvider();

        using var response = await provider.GetRequiredService<IHttpClientFactory>().CreateClient("alerts").GetAsync("alerts", Cancel);

        // Two handlers would meet the first one's Authorization header and refuse the request.
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task InvalidOptions_FailOnStart_NamingTheSettings()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAgentTokenChain().AddTokenExchange(o =>
        {
            o.TokenEndpoint = new Uri("http://token.example/connect/token");
            o.ClientAuthentication = ClientAuthenticationMethod.ClientSecretPost;
            o.Resilience.MaxRetryAttempts = 50;
        });
        using var host = builder.Build();

        var error = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync(Cancel));

        error.Message.ShouldContain("AgentTokenChain:TokenExchange:ClientId is required");
        error.Message.ShouldContain("AgentTokenChain:TokenExchange:TokenEndpoint must use https");
        error.Message.ShouldContain("ClientSecret is required with ClientAuthentication = ClientSecretPost");
        error.Message.ShouldContain("Resilience:MaxRetryAttempts must be between 0 and 10");
    }

    [Fact]
    public async Task AddTokenExchange_BindsFromConfiguration()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AgentTokenChain:TokenExchange:TokenEndpoint"] = tokenService.Server.TokenEndpoint.ToString(),
            ["AgentTokenChain:TokenExchange:RequireHttps"] = "false",
            ["AgentTokenChain:TokenExchange:ClientId"] = "security-agent",
            ["AgentTokenChain:TokenExchange:ClientSecret"] = "security-secret",
            ["AgentTokenChain:TokenExchange:RefreshMargin"] = "00:00:30",
            ["AgentTokenChain:TokenExchange:Resilience:MaxRetryAttempts"] = "1",
        });
        builder.Services.AddAgentTokenChain().AddTokenExchange();
        using var host = builder.Build();
        await host.StartAsync(Cancel);

        var options = host.Services.GetRequiredService<IOptions<TokenExchangeOptions>>().Value;
        options.RefreshMargin.ShouldBe(TimeSpan.FromSeconds(30));
        options.Resilience.MaxRetryAttempts.ShouldBe(1);
        var result = await host.Services.GetRequiredService<ITokenExchanger>().ExchangeAsync(new TokenExchangeRequest { Audiences = ["alerts-api"] }, Cancel);
        result.Status.ShouldBe(TokenExchangeStatus.Success, result.Message);
        await host.StopAsync(Cancel);
    }

    [Fact]
    public void AddAgentTokenExchangeHandler_WithoutAddTokenExchange_SaysWhatToCall()
    {
        var services = new ServiceCollection();
        services.AddHttpClient("alerts").AddAgentTokenExchangeHandler();
        using var provider = services.BuildServiceProvider();

        var error = Should.Throw<InvalidOperationException>(() => provider.GetRequiredService<IHttpClientFactory>().CreateClient("alerts"));

        error.Message.ShouldContain("AddAgentTokenChain().AddTokenExchange");
    }

    private void Configure(TokenExchangeOptions options, NoInboundTokenBehavior behavior)
    {
        options.TokenEndpoint = tokenService.Server.TokenEndpoint;
        options.RequireHttps = false;
        options.ClientId = "security-agent";
        options.ClientSecret = "security-secret";
        options.NoInboundToken = behavior;
    }
}

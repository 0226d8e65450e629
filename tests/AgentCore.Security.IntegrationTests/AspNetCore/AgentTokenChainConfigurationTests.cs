using AgentCore.Security.IntegrationTests.Infrastructure;
using AgentCore.Security.TokenExchange;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AgentCore.Security.IntegrationTests.AspNetCore;

/// <summary>AddAgentTokenChain bound from the AgentTokenChain configuration section, as the README shows it.</summary>
public sealed class AgentTokenChainConfigurationTests(TokenServiceFixture tokenService) : IClassFixture<TokenServiceFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FromConfiguration_ValidatorAuthorizerAndExchangeWork()
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["AgentTokenChain:Validator:Audience"] = "coordinator",
            ["AgentTokenChain:Validator:RequireHttpsMetadata"] = "false",
            ["AgentTokenChain:Validator:Issuers:0:Issuer"] = tokenService.Server.Issuer,
            ["AgentTokenChain:Authorization:StoreFile"] = Path.Combine(AppContext.BaseDirectory, "fleet.fga.yaml"),
            ["AgentTokenChain:Authorization:Authorizer:Mode"] = "EveryPrincipal",
            ["AgentTokenChain:TokenExchange:TokenEndpoint"] = tokenService.Server.TokenEndpoint.ToString(),
            ["AgentTokenChain:TokenExchange:RequireHttps"] = "false",
            ["AgentTokenChain:TokenExchange:ClientId"] = "coordinator",
            ["AgentTokenChain:TokenExchange:ClientSecret"] = "coordinator-secret",
        });
        await host.StartAsync(Cancel);
        var tokenA = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "triage read:alerts");

        var validation = await host.Services.GetRequiredService<IAgentTokenValidator>().ValidateAsync(tokenA, Cancel);
        var decision = await host.Services.GetRequiredService<IDelegationAuthorizer>().AuthorizeAsync(validation.Chain!, "reader", "alerts:homelab", Cancel);
        var exchanged = await host.Services.GetRequiredService<ITokenExchanger>().ExchangeAsync(new TokenExchangeRequest { SubjectToken = tokenA, Audiences = ["security-agent"], Scopes = ["read:alerts"] }, Cancel);

        validation.IsValid.ShouldBeTrue(validation.Message);
        decision.Allowed.ShouldBeTrue(decision.Message);
        exchanged.IsSuccess.ShouldBeTrue(exchanged.Message);
        await host.StopAsync(Cancel);
    }

    [Fact]
    public async Task MissingSettings_FailOnStart_NamingEachSetting()
    {
        using var host = Build(new Dictionary<string, string?> { ["AgentTokenChain:TokenExchange:ClientSecret"] = "x" });

        // Each invalid section is its own OptionsValidationException; the host reports them together.
        var error = await Should.ThrowAsync<AggregateException>(() => host.StartAsync(Cancel));
        error.InnerExceptions.ShouldAllBe(e => e is OptionsValidationException);
        var message = string.Join("\n", error.InnerExceptions.Select(e => e.Message));

        message.ShouldContain("AgentTokenChain:Validator:Audience is required");
        message.ShouldContain("AgentTokenChain:Validator: Add at least one TrustedIssuer");
        message.ShouldContain("AgentTokenChain:Authorization:StoreFile");
        message.ShouldContain("AgentTokenChain:TokenExchange:ClientId is required");
    }

    [Fact]
    public async Task CodeConfiguredValidator_WithABadSetting_FailsOnStart_NotAtFirstUse()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAgentTokenChain().AddValidator(o =>
        {
            o.Audience = "coordinator";
            o.MaxChainDepth = 99;
            o.Issuers.Add(new Jwt.TrustedIssuer("https://idp.example/"));
        });
        using var host = builder.Build();

        var error = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync(Cancel));

        error.Message.ShouldContain("MaxChainDepth");
    }

    [Fact]
    public async Task CodeConfiguredAuthorizer_WithAMissingStoreFile_FailsOnStart()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAgentTokenChain().AddAuthorizer(o => o.StoreFile = "no-such-store.fga.yaml");
        using var host = builder.Build();

        var error = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync(Cancel));

        error.Message.ShouldContain("AgentTokenChain:Authorization:StoreFile 'no-such-store.fga.yaml' does not exist");
    }

    [Fact]
    public async Task CodeConfiguredAuthorizer_WithBadAuthorizerSettings_FailsOnStart_NamingEachKey()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAgentTokenChain().AddAuthorizer(o =>
        {
            o.StoreFile = "no-such-store.fga.yaml";
            o.Authorizer.SubjectType = " ";
            o.Authorizer.DecisionCacheSize = 0;
            o.Authorizer.DenialCacheTtl = TimeSpan.FromSeconds(-1);
        });
        using var host = builder.Build();

        var error = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync(Cancel));

        // The generated single-property rules and the cross-property ones report together, each naming its key.
        error.Failures.ShouldContain(f => f.Contains("AgentTokenChain:Authorization:Authorizer:SubjectType", StringComparison.Ordinal));
        error.Failures.ShouldContain(f => f.Contains("AgentTokenChain:Authorization:Authorizer:DecisionCacheSize", StringComparison.Ordinal));
        error.Failures.ShouldContain(f => f.Contains("DenialCacheTtl", StringComparison.Ordinal));
        error.Failures.ShouldContain(f => f.Contains("does not exist", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false, "00:00:30", "RefreshMargin (00:01:00) must be shorter than MaxCacheLifetime (00:00:30)")]
    [InlineData(true, "01:00:00", "DistributedCacheKey is required with UseDistributedCache")]
    public async Task TokenExchange_CacheMisconfigured_FailsOnStart_NamingTheSetting(bool distributed, string lifetime, string expected)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAgentTokenChain().AddTokenExchange(o =>
        {
            o.TokenEndpoint = new Uri("https://tokens.example/connect/token");
            o.ClientId = "coordinator";
            o.ClientSecret = "secret";
            o.UseDistributedCache = distributed;
            o.MaxCacheLifetime = TimeSpan.Parse(lifetime, System.Globalization.CultureInfo.InvariantCulture);
        });
        using var host = builder.Build();

        var error = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync(Cancel));

        error.Message.ShouldContain(expected);
    }

    [Fact]
    public async Task ValidatorOptions_ChangedAfterStart_ChangeNothing()
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["AgentTokenChain:Validator:Audience"] = "coordinator",
            ["AgentTokenChain:Validator:RequireHttpsMetadata"] = "false",
            ["AgentTokenChain:Validator:Issuers:0:Issuer"] = tokenService.Server.Issuer,
            ["AgentTokenChain:Authorization:StoreFile"] = Path.Combine(AppContext.BaseDirectory, "fleet.fga.yaml"),
            ["AgentTokenChain:TokenExchange:TokenEndpoint"] = tokenService.Server.TokenEndpoint.ToString(),
            ["AgentTokenChain:TokenExchange:RequireHttps"] = "false",
            ["AgentTokenChain:TokenExchange:ClientId"] = "coordinator",
            ["AgentTokenChain:TokenExchange:ClientSecret"] = "coordinator-secret",
        });
        await host.StartAsync(Cancel);
        var validator = host.Services.GetRequiredService<IAgentTokenValidator>();
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "triage");

        host.Services.GetRequiredService<IOptions<Jwt.TokenChainValidatorOptions>>().Value.Audience = "network-agent";

        (await validator.ValidateAsync(token, Cancel)).Status.ShouldBe(JwtValidationStatus.Valid);
        await host.StopAsync(Cancel);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddAgentTokenChain().AddValidator().AddAuthorizer().AddTokenExchange();
        return builder.Build();
    }
}

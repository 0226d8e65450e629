using AgentCore.Security.IntegrationTests.Infrastructure;
using AgentCore.Security.TokenExchange;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace AgentCore.Security.IntegrationTests.TokenExchange;

/// <summary>The exchanger against the real token service: single-flight, cache lifetime, client authentication and discovery.</summary>
public sealed class TokenExchangerTests(TokenServiceFixture tokenService) : IClassFixture<TokenServiceFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExchangeAsync_HundredConcurrentCallsForOneKey_MakeOneTokenServiceRequest()
    {
        var tokenA = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "triage read:alerts");
        await using var services = Services("coordinator", "coordinator-secret");
        var exchanger = services.GetRequiredService<ITokenExchanger>();
        var request = new TokenExchangeRequest { SubjectToken = tokenA, Audiences = ["security-agent"], Scopes = ["read:alerts"] };
        var before = tokenService.Server.TokenRequests;

        using var start = new ManualResetEventSlim();
        var calls = Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            start.Wait(Cancel);
            return await exchanger.ExchangeAsync(request, Cancel);
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(calls);

        results.ShouldAllBe(r => r.IsSuccess);
        results.Select(r => r.Token!.AccessToken).Distinct().Count().ShouldBe(1);
        (tokenService.Server.TokenRequests - before).ShouldBe(1);
    }

    [Fact]
    public async Task ExchangeAsync_CachedToken_IsReusedUntilTheRefreshMargin_ThenReplaced()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var tokenA = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "triage read:alerts");
        using var cacheServices = new ServiceCollection().AddHybridCache().Services.BuildServiceProvider();
        using var http = new HttpClient();
        var exchanger = new TokenExchanger(http, Options("coordinator", "coordinator-secret"), cacheServices.GetRequiredService<HybridCache>(), clock);
        var request = new TokenExchangeRequest { SubjectToken = tokenA, Audiences = ["security-agent"], Scopes = ["read:alerts"] };
        var before = tokenService.Server.TokenRequests;

        var first = await exchanger.ExchangeAsync(request, Cancel);
        first.Token!.ExpiresAt.ShouldBeLessThanOrEqualTo(clock.GetUtcNow().AddMinutes(5));

        clock.Advance(TimeSpan.FromMinutes(3));
        var hit = await exchanger.ExchangeAsync(request, Cancel);
        hit.Token!.AccessToken.ShouldBe(first.Token.AccessToken);
        (tokenService.Server.TokenRequests - before).ShouldBe(1);

        // The token lives 5 minutes; with the 60 s margin it is replaced from 4 minutes on.
        clock.Advance(TimeSpan.FromSeconds(61));
        var refreshed = await exchanger.ExchangeAsync(request, Cancel);
        refreshed.Token!.AccessToken.ShouldNotBe(first.Token.AccessToken);
        (tokenService.Server.TokenRequests - before).ShouldBe(2);
    }

    [Fact]
    public async Task ExchangeAsync_DifferentScopeOrAudience_IsADifferentCacheEntry()
    {
        var tokenA = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "triage read:alerts");
        await using var services = Services("coordinator", "coordinator-secret");
        var exchanger = services.GetRequiredService<ITokenExchanger>();
        var before = tokenService.Server.TokenRequests;

        var narrow = await exchanger.ExchangeAsync(new TokenExchangeRequest { SubjectToken = tokenA, Audiences = ["security-agent"], Scopes = ["read:alerts"] }, Cancel);
        var both = await exchanger.ExchangeAsync(new TokenExchangeRequest { SubjectToken = tokenA, Audiences = ["security-agent"], Scopes = ["triage", "read:alerts"] }, Cancel);
        var bothReordered = await exchanger.ExchangeAsync(new TokenExchangeRequest { SubjectToken = tokenA, Audiences = ["security-agent"], Scopes = ["read:alerts", "triage"] }, Cancel);

        narrow.Token!.Scopes.ShouldBe(["read:alerts"]);
        both.Token!.AccessToken.ShouldNotBe(narrow.Token.AccessToken);
        bothReordered.Token!.AccessToken.ShouldBe(both.Token.AccessToken);
        (tokenService.Server.TokenRequests - before).ShouldBe(2);
    }

    [Fact]
    public async Task PrivateKeyJwt_WithDiscovery_AuthenticatesWithTheAgentsOwnKey()
    {
        var key = new ECDsaSecurityKey(tokenService.KeyAgentKey) { KeyId = "key-agent-1" };
        using var http = new HttpClient();
        var options = new TokenExchangeOptions
        {
            Authority = new Uri(tokenService.Server.Issuer),
            RequireHttps = false,
            ClientId = "key-agent",
            ClientAuthentication = ClientAuthenticationMethod.PrivateKeyJwt,
            ClientAssertionSigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
            EnableCaching = false,
        };
        var exchanger = new TokenExchanger(http, options);

        var first = await exchanger.ExchangeAsync(new TokenExchangeRequest { Audiences = ["alerts-api"], Scopes = ["read:alerts"] }, Cancel);
        var second = await exchanger.ExchangeAsync(new TokenExchangeRequest { Audiences = ["alerts-api"], Scopes = ["read:alerts"] }, Cancel);

        first.Status.ShouldBe(TokenExchangeStatus.Success, first.Message);
        second.Status.ShouldBe(TokenExchangeStatus.Success, second.Message);
        using var validator = tokenService.Validator("alerts-api");
        var chain = (await validator.ValidateAsync(first.Token!.AccessToken, Cancel)).Chain!;
        chain.Subject.ShouldBe("key-agent");
        chain.ClientId.ShouldBe("key-agent");
    }

    [Fact]
    public async Task PrivateKeyJwt_WithAKeyTheServiceDoesNotKnow_FailsWithInvalidClient()
    {
        using var stranger = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using var http = new HttpClient();
        var exchanger = new TokenExchanger(http, new TokenExchangeOptions
        {
            Authority = new Uri(tokenService.Server.Issuer),
            RequireHttps = false,
            ClientId = "key-agent",
            ClientAuthentication = ClientAuthenticationMethod.PrivateKeyJwt,
            ClientAssertionSigningCredentials = new SigningCredentials(new ECDsaSecurityKey(stranger) { KeyId = "key-agent-1" }, SecurityAlgorithms.EcdsaSha256),
        });

        var result = await exchanger.ExchangeAsync(new TokenExchangeRequest { Audiences = ["alerts-api"] }, Cancel);

        result.Status.ShouldBe(TokenExchangeStatus.OAuthError);
        result.Error.ShouldBe("invalid_client");
    }

    [Fact]
    public async Task ClientSecretPost_AndWrongSecret_AreTellApart()
    {
        using var http = new HttpClient();
        var post = new TokenExchanger(http, Options("security-agent", "security-secret", ClientAuthenticationMethod.ClientSecretPost));
        var wrong = new TokenExchanger(http, Options("security-agent", "not-the-secret"));

        (await post.ExchangeAsync(new TokenExchangeRequest { Audiences = ["alerts-api"] }, Cancel)).Status.ShouldBe(TokenExchangeStatus.Success);
        var refused = await wrong.ExchangeAsync(new TokenExchangeRequest { Audiences = ["alerts-api"] }, Cancel);
        refused.Status.ShouldBe(TokenExchangeStatus.OAuthError);
        refused.Error.ShouldBe("invalid_client");
    }

    [Fact]
    public async Task DevTokenService_SigningWithES256_IssuesTokensTheValidatorAccepts()
    {
        await using var es256 = await AgentCore.Security.DevTokenService.DevTokenServer.StartAsync(Fleet.Options("ES256"), Cancel);
        using var http = new HttpClient();
        var exchanger = new TokenExchanger(http, new TokenExchangeOptions { TokenEndpoint = es256.TokenEndpoint, RequireHttps = false, ClientId = "security-agent", ClientSecret = "security-secret" });

        var result = await exchanger.ExchangeAsync(new TokenExchangeRequest { Audiences = ["alerts-api"], Scopes = ["read:alerts"] }, Cancel);
        using var validator = new AgentCore.Security.Jwt.TokenChainValidator(new AgentCore.Security.Jwt.TokenChainValidatorOptions
        {
            Audience = "alerts-api",
            RequireHttpsMetadata = false,
            Issuers = { new AgentCore.Security.Jwt.TrustedIssuer(es256.Issuer) { MetadataAddress = es256.MetadataAddress } },
        });
        var validated = await validator.ValidateAsync(result.Token!.AccessToken, Cancel);

        validated.Status.ShouldBe(JwtValidationStatus.Valid, validated.Message);
        new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(result.Token.AccessToken).Alg.ShouldBe("ES256");
    }

    [Fact]
    public async Task DiscoveryFailure_IsItsOwnStatus()
    {
        using var http = new HttpClient();
        var exchanger = new TokenExchanger(http, new TokenExchangeOptions
        {
            MetadataAddress = new Uri(tokenService.Server.Issuer + "no-such-document"),
            RequireHttps = false,
            ClientId = "security-agent",
            ClientSecret = "security-secret",
        });

        var result = await exchanger.ExchangeAsync(new TokenExchangeRequest { Audiences = ["alerts-api"] }, Cancel);

        result.Status.ShouldBe(TokenExchangeStatus.DiscoveryFailed);
    }

    private TokenExchangeOptions Options(string clientId, string secret, ClientAuthenticationMethod method = ClientAuthenticationMethod.ClientSecretBasic) => PatientResilience.Apply(new()
    {
        TokenEndpoint = tokenService.Server.TokenEndpoint,
        RequireHttps = false,
        ClientId = clientId,
        ClientSecret = secret,
        ClientAuthentication = method,
    });

    private ServiceProvider Services(string clientId, string secret)
    {
        var services = new ServiceCollection();
        services.AddAgentTokenChain().AddTokenExchange(o =>
        {
            o.TokenEndpoint = tokenService.Server.TokenEndpoint;
            o.RequireHttps = false;
            o.ClientId = clientId;
            o.ClientSecret = secret;
            PatientResilience.Apply(o);
        });
        return services.BuildServiceProvider();
    }
}

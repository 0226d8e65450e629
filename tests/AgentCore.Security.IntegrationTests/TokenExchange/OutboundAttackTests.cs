using System.Net;
using System.Net.Http.Json;
using AgentCore.Security.IntegrationTests.Infrastructure;
using AgentCore.Security.TokenExchange;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AgentCore.Security.IntegrationTests.TokenExchange;

/// <summary>
/// The attacks of the security review, over real sockets: redirecting and misbehaving servers on loopback,
/// the inbound token smuggled into every part of a request, refusals inside a resilience pipeline. In every
/// case nothing carrying a token reaches a host it was not meant for.
/// </summary>
public sealed class OutboundAttackTests(TokenServiceFixture tokenService) : IClassFixture<TokenServiceFixture>, IAsyncLifetime
{
    private RecordingHost _sink = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        // Host B: the attacker's. It answers 401 invalid_token, which used to trigger a retry with a fresh token.
        _sink = await RecordingHost.StartAsync((context, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return Task.CompletedTask;
        });

    public async ValueTask DisposeAsync() => await _sink.DisposeAsync();

    // Defect 4: A answers 302 (or 307 with a body) to B; B answers 401; the retry sent a fresh token to B.
    [Theory]
    [InlineData(302, "GET")]
    [InlineData(307, "POST")]
    public async Task RedirectToAnotherOrigin_IsNotFollowed_AndTheOtherOriginReceivesNothing(int status, string method)
    {
        await using var hostA = await RecordingHost.RedirectingTo(new Uri(_sink.BaseAddress, "steal"), status);
        await using var agent = Agent(services => services.AddHttpClient("alerts", c => c.BaseAddress = hostA.BaseAddress)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = true }) // even when asked for
            .AddAgentTokenExchangeHandler(o => ActAsItself(o, ["alerts-api"])));

        using var request = new HttpRequestMessage(new HttpMethod(method), "alerts") { Content = method == "POST" ? new StringContent("ack 42") : null };
        using var response = await agent.GetRequiredService<IHttpClientFactory>().CreateClient("alerts").SendAsync(request, Cancel);

        ((int)response.StatusCode).ShouldBe(status);
        hostA.Requests.Count.ShouldBe(1);
        _sink.Requests.ShouldBeEmpty();
    }

    // Defect 5: the token-service client followed a 307 and re-posted subject_token, client_id and client_secret.
    [Fact]
    public async Task TokenEndpointRedirect_IsNotFollowed_AndNoCredentialLeaves()
    {
        await using var redirecting = await RecordingHost.RedirectingTo(new Uri(_sink.BaseAddress, "connect/token"), 307);
        await using var agent = Agent(
            services => services.AddHttpClient("alerts", c => c.BaseAddress = _sink.BaseAddress).AddAgentTokenExchangeHandler(o => ActAsItself(o, ["alerts-api"])),
            o => o.TokenEndpoint = new Uri(redirecting.BaseAddress, "connect/token"));

        var error = await Should.ThrowAsync<TokenExchangeException>(() => agent.GetRequiredService<IHttpClientFactory>().CreateClient("alerts").GetAsync("alerts", Cancel));

        error.Status.ShouldBe(TokenExchangeStatus.InvalidResponse);
        redirecting.Requests.ShouldHaveSingleItem();
        _sink.Requests.ShouldBeEmpty();
    }

    // Defect 5: discovery and JWKS went through IdentityModel's default client, which follows redirects.
    [Fact]
    public async Task DiscoveryRedirect_IsNotFollowed_ByTheValidatorsMetadataClient()
    {
        await using var redirecting = await RecordingHost.RedirectingTo(tokenService.Server.MetadataAddress, 302);
        var services = new ServiceCollection();
        services.AddAgentTokenChain().AddValidator(o =>
        {
            o.Audience = "coordinator";
            o.RequireHttpsMetadata = false;
            o.Issuers.Add(new Jwt.TrustedIssuer(tokenService.Server.Issuer) { MetadataAddress = new Uri(redirecting.BaseAddress, ".well-known/openid-configuration") });
        });
        await using var provider = services.BuildServiceProvider();
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "triage");

        var result = await provider.GetRequiredService<IAgentTokenValidator>().ValidateAsync(token, Cancel);

        result.Status.ShouldBe(JwtValidationStatus.KeyNotFound);
        redirecting.Requests.ShouldNotBeEmpty();
    }

    // Defect 6: a client with a fixed target sent its audience-bound token to an absolute URI on another origin.
    [Fact]
    public async Task FixedTargetClient_RequestToAnotherOrigin_IsRefusedAndNotSent()
    {
        await using var alertsApi = await AgentHost.StartAsync(tokenService, "alerts-api", app => app.MapGet("/alerts", () => "[]"));
        await using var agent = Agent(services => services.AddHttpClient("alerts", c => c.BaseAddress = alertsApi.BaseAddress)
            .AddAgentTokenExchangeHandler(o => ActAsItself(o, ["alerts-api"])));
        var client = agent.GetRequiredService<IHttpClientFactory>().CreateClient("alerts");
        var before = tokenService.Server.TokenRequests;

        var error = await Should.ThrowAsync<TokenExchangeException>(() => client.GetAsync(new Uri(_sink.BaseAddress, "alerts"), Cancel));
        using var own = await client.GetAsync("alerts", Cancel);

        error.Status.ShouldBe(TokenExchangeStatus.OriginNotAllowed);
        error.Message.ShouldContain(alertsApi.BaseAddress.Authority);
        _sink.Requests.ShouldBeEmpty();
        own.StatusCode.ShouldBe(HttpStatusCode.OK);
        (tokenService.Server.TokenRequests - before).ShouldBe(1);
    }

    [Fact]
    public async Task FixedTargetClient_OriginListedInAllowedOrigins_IsSent()
    {
        await using var other = await RecordingHost.StartAsync((_, _) => Task.CompletedTask);
        await using var agent = Agent(services => services.AddHttpClient("alerts").AddAgentTokenExchangeHandler(o =>
        {
            ActAsItself(o, ["alerts-api"]);
            o.AllowedOrigins.Add(other.BaseAddress);
        }));

        using var response = await agent.GetRequiredService<IHttpClientFactory>().CreateClient("alerts").GetAsync(new Uri(other.BaseAddress, "x"), Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        other.Requests.ShouldHaveSingleItem().Headers["Authorization"].ShouldStartWith("Bearer ");
    }

    public static TheoryData<string> PassthroughVectors() =>
    [
        "X-Api-Key header", "Cookie header", "Proxy-Authorization header", "X-Forwarded-Authorization header",
        "access_token query", "JSON body", "form body", "string body", "multipart form", "signature segment alone in a custom header",
    ];

    // Defect 7: the guard read only Authorization; the token left in every other part of the request.
    [Theory]
    [MemberData(nameof(PassthroughVectors))]
    public async Task InboundTokenAnywhereInTheRequest_IsRefused_AndNothingIsSent(string vector)
    {
        var (agent, inbound) = await CoordinatorActingForAlice();
        await using (agent)
        {
            var client = agent.GetRequiredService<IHttpClientFactory>().CreateClient("next");
            using var request = Smuggle(vector, inbound);
            var before = tokenService.Server.TokenRequests;

            using (Begin(inbound, "coordinator"))
            {
                await Should.ThrowAsync<TokenPassthroughException>(() => client.SendAsync(request, Cancel));
            }

            _sink.Requests.ShouldBeEmpty();
            tokenService.Server.TokenRequests.ShouldBe(before);
        }
    }

    [Fact]
    public async Task RequestWithoutTheInboundToken_IsExchangedAndSent()
    {
        var (agent, inbound) = await CoordinatorActingForAlice();
        await using (agent)
        {
            var client = agent.GetRequiredService<IHttpClientFactory>().CreateClient("next");
            using (Begin(inbound, "coordinator"))
            {
                using var response = await client.PostAsJsonAsync("skills/read-alerts", new { note = "nothing secret" }, Cancel);
            }

            var received = _sink.Requests.First();
            received.Body.ShouldContain("nothing secret");
            received.Headers["Authorization"].ShouldNotContain(inbound);
        }
    }

    [Fact]
    public async Task StreamedContent_IsNotScanned_AsDocumented()
    {
        var (agent, inbound) = await CoordinatorActingForAlice();
        await using (agent)
        {
            var client = agent.GetRequiredService<IHttpClientFactory>().CreateClient("next");
            using (Begin(inbound, "coordinator"))
            {
                using var response = await client.PostAsync("upload", new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("streamed"))), Cancel);
            }

            _sink.Requests.First().Body.ShouldBe("streamed");
        }
    }

    // Defect 13: TokenExchangeException was an HttpRequestException, so the standard resilience handler retried a refusal.
    [Fact]
    public async Task RefusalInsideAStandardResilienceHandler_IsNeverRetried()
    {
        var attempts = new AttemptCounter();
        await using var agent = Agent(services =>
        {
            var client = services.AddHttpClient("alerts", c => c.BaseAddress = _sink.BaseAddress);
            client.AddStandardResilienceHandler(); // outermost: it would retry what the handlers inside it throw
            client.AddHttpMessageHandler(() => attempts).AddAgentTokenExchangeHandler(o => o.Target = new() { Audiences = ["alerts-api"] });
        });

        var error = await Should.ThrowAsync<TokenExchangeException>(() => agent.GetRequiredService<IHttpClientFactory>().CreateClient("alerts").GetAsync("alerts", Cancel));

        error.Status.ShouldBe(TokenExchangeStatus.NoInboundToken);
        error.ShouldNotBeAssignableTo<HttpRequestException>();
        attempts.Count.ShouldBe(1);
        _sink.Requests.ShouldBeEmpty();
    }

    // Defect 16: a client whose name began with "AgentCore.Security." got no handler and went out with no token.
    [Fact]
    public async Task UseForAllHttpClients_ClientNamedLikeTheLibrary_StillGetsTheHandler_OpenFgaIsOptedOutExplicitly()
    {
        var services = new ServiceCollection();
        services.AddAgentTokenChain().AddTokenExchange(o => Configure(o, "security-agent", "security-secret")).UseForAllHttpClients();
        services.AddHttpClient("AgentCore.Security.Reports");
        services.AddAgentTokenChain().AddAuthorizer(o =>
        {
            o.OpenFga.ApiUrl = _sink.BaseAddress;
            o.OpenFga.StoreId = "01HSTORE";
            o.OpenFga.RequireHttps = false;
        });
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IHttpClientFactory>();

        var error = await Should.ThrowAsync<TokenExchangeException>(() => factory.CreateClient("AgentCore.Security.Reports").GetAsync(_sink.BaseAddress, Cancel));
        using var fga = await factory.CreateClient(OpenFgaServiceCollectionExtensions.HttpClientName).GetAsync(_sink.BaseAddress, Cancel);

        error.Status.ShouldBe(TokenExchangeStatus.NoInboundToken);
        provider.GetServices<TokenExchangeOptOut>().Select(o => o.ClientName).ShouldContain(OpenFgaServiceCollectionExtensions.HttpClientName);
        _sink.Requests.ShouldHaveSingleItem().Headers.ContainsKey("Authorization").ShouldBeFalse();
    }

    private static HttpRequestMessage Smuggle(string vector, string token)
    {
        var signature = token[(token.LastIndexOf('.') + 1)..];
        var request = new HttpRequestMessage(HttpMethod.Post, "skills/read-alerts");
        switch (vector)
        {
            case "X-Api-Key header": request.Headers.Add("X-Api-Key", token); break;
            case "Cookie header": request.Headers.Add("Cookie", "session=" + token); break;
            case "Proxy-Authorization header": request.Headers.TryAddWithoutValidation("Proxy-Authorization", "Bearer " + token); break;
            case "X-Forwarded-Authorization header": request.Headers.Add("X-Forwarded-Authorization", "Bearer " + token); break;
            case "access_token query": request.RequestUri = new Uri("skills/read-alerts?access_token=" + token, UriKind.Relative); break;
            case "JSON body": request.Content = JsonContent.Create(new { token }); break;
            case "form body": request.Content = new FormUrlEncodedContent([new("access_token", token)]); break;
            case "string body": request.Content = new StringContent("please use " + token); break;
            case "multipart form": request.Content = new MultipartFormDataContent { { new StringContent(token), "credential" } }; break;
            case "signature segment alone in a custom header": request.Headers.Add("X-Sig", signature); break;
            default: throw new ArgumentOutOfRangeException(nameof(vector), vector, null);
        }

        return request;
    }

    private async Task<(ServiceProvider Agent, string Inbound)> CoordinatorActingForAlice()
    {
        var inbound = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "triage read:alerts");
        var agent = Agent(
            services => services.AddHttpClient("next", c => c.BaseAddress = _sink.BaseAddress)
                .AddAgentTokenExchangeHandler(o => o.Target = new() { Audiences = ["security-agent"], Scopes = ["read:alerts"] }),
            o =>
            {
                o.ClientId = "coordinator";
                o.ClientSecret = "coordinator-secret";
            });
        return (agent, inbound);
    }

    private static void ActAsItself(TokenExchangeHandlerOptions options, string[] audiences)
    {
        options.Target = new() { Audiences = [.. audiences] };
        options.NoInboundToken = NoInboundTokenBehavior.UseClientCredentials;
    }

    private ServiceProvider Agent(Action<IServiceCollection> configure, Action<TokenExchangeOptions>? exchange = null)
    {
        var services = new ServiceCollection();
        services.AddAgentTokenChain().AddTokenExchange(o =>
        {
            Configure(o, "security-agent", "security-secret");
            o.Resilience.MaxRetryAttempts = 0;
            exchange?.Invoke(o);
        });
        configure(services);
        return services.BuildServiceProvider();
    }

    private void Configure(TokenExchangeOptions options, string clientId, string secret)
    {
        options.TokenEndpoint = tokenService.Server.TokenEndpoint;
        options.RequireHttps = false;
        options.ClientId = clientId;
        options.ClientSecret = secret;
        PatientResilience.Apply(options);
    }

    private AgentCallContext.Scope Begin(string token, string audience)
    {
        using var validator = tokenService.Validator(audience);
        var result = validator.ValidateAsync(token, Cancel).AsTask().GetAwaiter().GetResult();
        result.IsValid.ShouldBeTrue(result.Message);
        return AgentCallContext.Begin(result.Chain!, token);
    }

    private sealed class AttemptCounter : DelegatingHandler
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

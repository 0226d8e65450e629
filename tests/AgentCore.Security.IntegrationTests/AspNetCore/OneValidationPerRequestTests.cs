using System.Net;
using System.Net.Http.Json;
using AgentCore.Security.AspNetCore;
using AgentCore.Security.IntegrationTests.Infrastructure;
using AgentCore.Security.Pipeline;
using AgentCore.Security.Skills;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentCore.Security.IntegrationTests.AspNetCore;

/// <summary>
/// The one inbound pipeline over real sockets: the coordinator's host validates each request once (the
/// scheme), every endpoint it serves runs inside the caller's <see cref="AgentCallContext"/>, and a plain
/// minimal-API endpoint (not a skill) calls the security agent with an exchanged token carrying the chain.
/// </summary>
public sealed class OneValidationPerRequestTests(TokenServiceFixture tokenService) : IClassFixture<TokenServiceFixture>, IAsyncLifetime
{
    private AgentHost _securityAgent = null!;
    private WebApplication _coordinator = null!;
    private CountingValidator _validator = null!;
    private Uri _base = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _securityAgent = await AgentHost.StartAsync(tokenService, "security-agent", app => app.MapGet("/whoami", () => "ok"));
        _validator = new CountingValidator(tokenService.Validator("coordinator"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IAgentTokenValidator>(_validator);
        builder.Services.AddAgentTokenChain()
            .AddTokenExchange(o =>
            {
                o.TokenEndpoint = tokenService.Server.TokenEndpoint;
                o.RequireHttps = false;
                o.ClientId = "coordinator";
                o.ClientSecret = "coordinator-secret";
                PatientResilience.Apply(o);
            })
            .AddSkill<AskSecurityAgent>();
        builder.Services.AddHttpClient("security-agent", c => c.BaseAddress = _securityAgent.BaseAddress)
            .AddAgentTokenExchangeHandler(o => o.Target = new() { Audiences = ["security-agent"], Scopes = ["read:alerts"] });
        builder.Services.AddAuthentication(AgentTokenDefaults.AuthenticationScheme).AddAgentToken(o => o.IncludeErrorDetails = true);
        builder.Services.AddAuthorization();
        _coordinator = builder.Build();
        _coordinator.UseAuthentication();
        _coordinator.UseAgentCallContext();
        _coordinator.UseAuthorization();
        _coordinator.MapSkill<AskSecurityAgent>("/skills/ask");
        _coordinator.MapGet("/plain", async (IHttpClientFactory http) => await http.CreateClient("security-agent").GetStringAsync("whoami", Cancel)).RequireAuthorization();
        await _coordinator.StartAsync(Cancel);
        _base = new Uri(_coordinator.Urls.First() + "/");
    }

    public async ValueTask DisposeAsync()
    {
        await _coordinator.DisposeAsync();
        await _securityAgent.DisposeAsync();
    }

    [Fact]
    public async Task SkillEndpoint_ValidatesTheTokenExactlyOnce()
    {
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "triage read:alerts");
        var before = _validator.Calls;

        using var response = await Send(HttpMethod.Post, "skills/ask", token, JsonContent.Create("hello"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancel));
        (_validator.Calls - before).ShouldBe(1);
        _securityAgent.Chains.Last().Actors.Select(a => a.Subject).ShouldBe(["coordinator"]);
    }

    [Fact]
    public async Task PlainEndpoint_AuthenticatedByTheScheme_CallsOutWithTheCallersChain()
    {
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "triage read:alerts");
        var before = _validator.Calls;

        using var response = await Send(HttpMethod.Get, "plain", token);

        // On a refusal, say why (the challenge names the token status; the rejection is in the host's log).
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{response.Headers.WwwAuthenticate} {await response.Content.ReadAsStringAsync(Cancel)}");
        (_validator.Calls - before).ShouldBe(1);
        var chain = _securityAgent.Chains.Last();
        chain.Subject.ShouldBe("alice");
        chain.Actors.Select(a => a.Subject).ShouldBe(["coordinator"]);
        chain.Scopes.ShouldBe(["read:alerts"]);
    }

    [Fact]
    public async Task SkillEndpoint_RefusedToken_Is401InvalidToken_ValidatedOnce()
    {
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "network-agent", "triage");
        var before = _validator.Calls;

        using var response = await Send(HttpMethod.Post, "skills/ask", token, JsonContent.Create("hello"));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer error=\"invalid_token\"");
        (_validator.Calls - before).ShouldBe(1);
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string token, HttpContent? content = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(method, new Uri(_base, path)) { Content = content };
        request.Headers.Authorization = new("Bearer", token);
        return await http.SendAsync(request, Cancel);
    }

    [RequireScope("triage")]
    private sealed class AskSecurityAgent(AgentCallServices services, IHttpClientFactory http) : BaseSkill<string, string>(services)
    {
        protected override Task<string> ExecuteAsync(SkillContext context, string input, CancellationToken cancellationToken) =>
            http.CreateClient("security-agent").GetStringAsync("whoami", cancellationToken);
    }

    private sealed class CountingValidator(IAgentTokenValidator inner) : IAgentTokenValidator
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public JwtValidationResult Validate(ReadOnlySpan<char> token)
        {
            Interlocked.Increment(ref _calls);
            return inner.Validate(token);
        }

        public JwtValidationResult Validate(ReadOnlySpan<byte> utf8Token)
        {
            Interlocked.Increment(ref _calls);
            return inner.Validate(utf8Token);
        }

        public ValueTask<JwtValidationResult> ValidateAsync(string token, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return inner.ValidateAsync(token, cancellationToken);
        }
    }
}

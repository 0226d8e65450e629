using System.Net;
using AgentCore.Security.AspNetCore;
using AgentCore.Security.IntegrationTests.Infrastructure;
using AgentCore.Security.OpenFga;
using AgentCore.Security.Pipeline;
using AgentCore.Security.Skills;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentCore.Security.IntegrationTests.AspNetCore;

/// <summary>
/// Defect 11, over real sockets: MapSkill answered a request with no credentials with <c>invalid_token</c>, and
/// every non-scope denial (a policy engine that was down included) with <c>insufficient_scope</c>.
/// </summary>
public sealed class MapSkillChallengeTests(TokenServiceFixture tokenService) : IClassFixture<TokenServiceFixture>, IAsyncLifetime
{
    private const string MetadataUrl = "https://coordinator.example/.well-known/oauth-protected-resource";
    private WebApplication _app = null!;
    private Uri _base = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var store = new EmbeddedFgaStore(FgaModel.Parse("""
            model
              schema 1.1
            type user
            type agent
            type alerts
              relations
                define reader: [user, agent]
            """));
        store.Write([new FgaTuple("user:alice", "reader", "alerts:homelab")]);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddAgentTokenChain()
            .AddValidator(o =>
            {
                o.Audience = "coordinator";
                o.RequireHttpsMetadata = false;
                o.Issuers.Add(new Jwt.TrustedIssuer(tokenService.Server.Issuer) { MetadataAddress = tokenService.Server.MetadataAddress });
            })
            .AddSkill<HomelabAlerts>().AddSkill<GarageAlerts>().AddSkill<AuditAlerts>().AddSkill<DownAlerts>();
        builder.Services.AddSingleton<IDelegationAuthorizer>(new FgaDelegationAuthorizer(new DownForObject(store, "alerts:down")));
        builder.Services.AddAuthentication(AgentTokenDefaults.AuthenticationScheme).AddAgentToken(o => o.Resource = new Uri("https://coordinator.example/"));
        _app = builder.Build();
        _app.MapSkill<HomelabAlerts>("/homelab");
        _app.MapSkill<GarageAlerts>("/garage");
        _app.MapSkill<AuditAlerts>("/audit");
        _app.MapSkill<DownAlerts>("/down");
        await _app.StartAsync(Cancel);
        _base = new Uri(_app.Urls.First() + "/");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Allowed_Is200()
    {
        using var response = await Post("homelab", await Token());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task NoCredentials_Is401WithABareChallenge_NoErrorCode()
    {
        using var response = await Post("homelab", token: null);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldBe($"Bearer resource_metadata=\"{MetadataUrl}\"");
    }

    [Fact]
    public async Task RefusedToken_Is401InvalidToken()
    {
        using var response = await Post("homelab", (await Token())[..^4] + "AAAA");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer error=\"invalid_token\"");
    }

    [Fact]
    public async Task MissingScope_Is403InsufficientScope_NamingEveryScopeTheSkillNeeds()
    {
        using var response = await Post("audit", await Token());

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Headers.WwwAuthenticate.ToString().ShouldBe($"Bearer error=\"insufficient_scope\", scope=\"triage audit\", resource_metadata=\"{MetadataUrl}\"");
    }

    [Fact]
    public async Task ChainNotAuthorized_Is403_WithoutInsufficientScope()
    {
        using var response = await Post("garage", await Token());

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Headers.WwwAuthenticate.ShouldBeEmpty();
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldContain("\"reason\":\"Forbidden\"");
    }

    [Fact]
    public async Task PolicyEngineUnavailable_Is503WithRetryAfter_StillDenied()
    {
        using var response = await Post("down", await Token());

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(AgentTokenDefaults.PolicyUnavailableRetryAfterSeconds));
        response.Headers.WwwAuthenticate.ToString().ShouldNotContain("insufficient_scope");
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldContain("\"reason\":\"PolicyEngineUnavailable\"");
    }

    private Task<string> Token() => TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "triage");

    private async Task<HttpResponseMessage> Post(string path, string? token)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_base, path)) { Content = new StringContent("\"x\"", System.Text.Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        return await http.SendAsync(request, Cancel);
    }

    [RequireScope("triage")]
    [RequireRelation("reader", "alerts:homelab")]
    private sealed class HomelabAlerts(AgentCallServices services) : BaseSkill<string, string>(services)
    {
        protected override Task<string> ExecuteAsync(SkillContext context, string input, CancellationToken cancellationToken) => Task.FromResult("ok");
    }

    [RequireScope("triage")]
    [RequireRelation("reader", "alerts:garage")]
    private sealed class GarageAlerts(AgentCallServices services) : BaseSkill<string, string>(services)
    {
        protected override Task<string> ExecuteAsync(SkillContext context, string input, CancellationToken cancellationToken) => Task.FromResult("ok");
    }

    [RequireScope("triage")]
    [RequireScope("audit")]
    [RequireRelation("reader", "alerts:homelab")]
    private sealed class AuditAlerts(AgentCallServices services) : BaseSkill<string, string>(services)
    {
        protected override Task<string> ExecuteAsync(SkillContext context, string input, CancellationToken cancellationToken) => Task.FromResult("ok");
    }

    [RequireScope("triage")]
    [RequireRelation("reader", "alerts:down")]
    private sealed class DownAlerts(AgentCallServices services) : BaseSkill<string, string>(services)
    {
        protected override Task<string> ExecuteAsync(SkillContext context, string input, CancellationToken cancellationToken) => Task.FromResult("ok");
    }

    /// <summary>The embedded engine, except that asking about one object fails as an unreachable server does.</summary>
    private sealed class DownForObject(EmbeddedFgaStore store, string downObject) : IFgaCheckClient
    {
        private readonly EmbeddedFgaCheckClient _inner = new(store);

        public string ModelId => _inner.ModelId;

        public ValueTask<IReadOnlyList<FgaCheckResult>> BatchCheckAsync(IReadOnlyList<FgaCheckRequest> checks, CancellationToken cancellationToken = default) =>
            checks.Any(c => c.Object == downObject) ? throw new FgaUnavailableException("connection refused") : _inner.BatchCheckAsync(checks, cancellationToken);
    }
}

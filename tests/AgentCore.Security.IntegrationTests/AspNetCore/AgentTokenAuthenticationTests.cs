using System.Net;
using System.Text.Json;
using AgentCore.Security.AspNetCore;
using AgentCore.Security.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentCore.Security.IntegrationTests.AspNetCore;

/// <summary>The AgentToken scheme over real sockets, with tokens from the real token service.</summary>
public sealed class AgentTokenAuthenticationTests(TokenServiceFixture tokenService) : IClassFixture<TokenServiceFixture>, IAsyncLifetime
{
    private const string Resource = "https://coordinator.example/api";
    private const string MetadataUrl = "https://coordinator.example/.well-known/oauth-protected-resource/api";
    private WebApplication _app = null!;
    private Uri _base = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddAgentTokenChain().AddValidator(o =>
        {
            o.Audience = "coordinator";
            o.RequireHttpsMetadata = false;
            o.Issuers.Add(new AgentCore.Security.Jwt.TrustedIssuer(tokenService.Server.Issuer) { MetadataAddress = tokenService.Server.MetadataAddress });
        });
        builder.Services.AddAuthentication(AgentTokenDefaults.AuthenticationScheme).AddAgentToken(o => o.Resource = new Uri(Resource));
        builder.Services.AddAuthorization();
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapGet("/me", (HttpContext c) => Results.Json(new
        {
            sub = c.User.FindFirst("sub")?.Value,
            actors = c.User.FindAll(AgentTokenDefaults.ActorClaimType).Select(a => a.Value).ToArray(),
            scopes = c.User.FindAll("scope").Select(s => s.Value).ToArray(),
            chain = c.Features.Get<IAgentTokenFeature>()?.Chain.ToString(),
        })).RequireAuthorization();
        _app.MapGet("/admin", () => "no").RequireAuthorization(p => p.RequireClaim("scope", "admin").RequireClaim("scope", "audit"));
        _app.MapGet("/not-mine", () => "no").RequireAuthorization(p => p.RequireClaim("sub", "bob"));
        _app.MapGet("/outage", () => Results.Forbid(new Microsoft.AspNetCore.Authentication.AuthenticationProperties(new Dictionary<string, string?> { [AgentTokenDefaults.PolicyUnavailableItem] = "1" }))).RequireAuthorization();
        _app.MapProtectedResourceMetadata(m =>
        {
            m.Resource = Resource;
            m.AuthorizationServers.Add(tokenService.Server.Issuer);
            m.ScopesSupported.Add("triage");
        });
        await _app.StartAsync(Cancel);
        _base = new Uri(_app.Urls.First() + "/");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ValidToken_UserCarriesSubjectActorsAndScopes()
    {
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "triage read:alerts");

        using var response = await Send("me", token);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.RootElement.GetProperty("sub").GetString().ShouldBe("alice");
        body.RootElement.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["triage", "read:alerts"], ignoreOrder: true);
        body.RootElement.GetProperty("chain").GetString().ShouldBe("alice");
    }

    [Fact]
    public async Task WrongAudience_Is401WithAnRfc6750ChallengeWithoutDetails()
    {
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "network-agent", "triage");

        using var response = await Send("me", token);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        challenge.ShouldContain("Bearer error=\"invalid_token\"");
        challenge.ShouldNotContain("error_description");
        challenge.ShouldContain($"resource_metadata=\"{MetadataUrl}\"");
    }

    [Fact]
    public async Task NoCredentials_Is401WithoutAnErrorCode()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(_base, "me"), Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldBe($"Bearer resource_metadata=\"{MetadataUrl}\"");
    }

    // Defect 12: resource_metadata was built from the Host header and Request.Scheme.
    [Fact]
    public async Task ForgedHostHeader_IsNotReflectedInTheChallenge()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_base, "me"));
        request.Headers.Host = "evil.example";
        using var response = await http.SendAsync(request, Cancel);

        var challenge = response.Headers.WwwAuthenticate.ToString();
        challenge.ShouldNotContain("evil.example");
        challenge.ShouldContain(MetadataUrl);
    }

    // Defect 11: a forbid that is not about scope was labelled insufficient_scope.
    [Fact]
    public async Task ForbiddenForAnotherReason_IsA403WithoutInsufficientScope()
    {
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "triage");

        using var response = await Send("not-mine", token);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Headers.WwwAuthenticate.ToString().ShouldNotContain("insufficient_scope");
    }

    [Fact]
    public async Task PolicyEngineUnavailable_Is503WithRetryAfter_NotA403()
    {
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "triage");

        using var response = await Send("outage", token);

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(AgentTokenDefaults.PolicyUnavailableRetryAfterSeconds));
        response.Headers.WwwAuthenticate.ToString().ShouldNotContain("insufficient_scope");
    }

    [Fact]
    public async Task ProtectedResourceMetadata_IsServedAtThePathInsertedUrlToo()
    {
        using var http = new HttpClient();
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri(_base, ".well-known/oauth-protected-resource/api"), Cancel));

        document.RootElement.GetProperty("resource").GetString().ShouldBe(Resource);
    }

    [Theory]
    [InlineData("coordinator", "not an absolute URI")]
    [InlineData("http://coordinator.example/", "must use https")]
    [InlineData("https://coordinator.example/#frag", "fragment")]
    public void ProtectedResourceMetadata_ResourceThatIsNotAnHttpsUri_IsRefusedAtMapping(string resource, string reason)
    {
        var app = WebApplication.CreateSlimBuilder().Build();

        var error = Should.Throw<InvalidOperationException>(() => app.MapProtectedResourceMetadata(m =>
        {
            m.Resource = resource;
            m.AuthorizationServers.Add("https://issuer.example/");
        }));

        error.Message.ShouldContain(reason);
    }

    [Fact]
    public void ProtectedResourceMetadata_HttpOnLoopback_IsAccepted() =>
        Should.NotThrow(() => WebApplication.CreateSlimBuilder().Build().MapProtectedResourceMetadata(m =>
        {
            m.Resource = "http://127.0.0.1:5000/mcp";
            m.AuthorizationServers.Add("https://issuer.example/");
        }));

    [Fact]
    public async Task MissingScopeClaim_Is403InsufficientScope()
    {
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "triage");

        using var response = await Send("admin", token);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        challenge.ShouldContain("error=\"insufficient_scope\"");
        challenge.ShouldContain("scope=\"admin audit\"");
        challenge.ShouldContain($"resource_metadata=\"{MetadataUrl}\"");
    }

    [Fact]
    public async Task ProtectedResourceMetadata_NamesTheAuthorizationServer()
    {
        using var http = new HttpClient();
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri(_base, ".well-known/oauth-protected-resource"), Cancel));

        document.RootElement.GetProperty("resource").GetString().ShouldBe(Resource);
        document.RootElement.GetProperty("authorization_servers")[0].GetString().ShouldBe(tokenService.Server.Issuer);
        document.RootElement.GetProperty("bearer_methods_supported")[0].GetString().ShouldBe("header");
    }

    private async Task<HttpResponseMessage> Send(string path, string token)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_base, path));
        request.Headers.Authorization = new("Bearer", token);
        return await http.SendAsync(request, Cancel);
    }
}

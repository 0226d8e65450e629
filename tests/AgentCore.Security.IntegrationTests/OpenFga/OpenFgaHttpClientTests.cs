using AgentCore.Security.DevTokenService;
using AgentCore.Security.IntegrationTests.Infrastructure;
using AgentCore.Security.OpenFga;
using AgentCore.Security.OpenFga.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AgentCore.Security.IntegrationTests.OpenFga;

/// <summary>The OpenFGA HTTP client over real sockets, against the API emulated on loopback (see <see cref="OpenFgaEmulator"/>).</summary>
public sealed class OpenFgaHttpClientTests : IAsyncLifetime
{
    private const string Model = """
        model
          schema 1.1
        type user
        type agent
        type group
          relations
            define member: [user]
        type alerts
          relations
            define reader: [user, agent, user:*, group#member, user with office_hours]
        condition office_hours(hour: int) {
          hour >= 8 && hour < 18
        }
        """;

    private OpenFgaEmulator _fga = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _fga = await OpenFgaEmulator.StartAsync(FgaModel.Parse(Model));

    public async ValueTask DisposeAsync() => await _fga.DisposeAsync();

    [Fact]
    public async Task WriteCheckDelete_RoundTrip()
    {
        using var http = new HttpClient();
        var client = Client(http);

        await client.WriteAsync([new FgaTuple("user:alice", "reader", "alerts:homelab"), new FgaTuple("user:carol", "reader", "alerts:homelab", "office_hours")], cancellationToken: Cancel);
        (await client.CheckAsync(Check("user:alice"), Cancel)).Allowed.ShouldBeTrue();
        (await client.CheckAsync(Check("user:bob"), Cancel)).Allowed.ShouldBeFalse();
        (await client.CheckAsync(new FgaCheckRequest { User = "user:carol", Relation = "reader", Object = "alerts:homelab", Context = new Dictionary<string, object?> { ["hour"] = 9.0 } }, Cancel)).Allowed.ShouldBeTrue();
        (await client.CheckAsync(new FgaCheckRequest { User = "user:carol", Relation = "reader", Object = "alerts:homelab", Context = new Dictionary<string, object?> { ["hour"] = 22.0 } }, Cancel)).Allowed.ShouldBeFalse();

        await client.WriteAsync(null, [new FgaTuple("user:alice", "reader", "alerts:homelab")], Cancel);
        (await client.CheckAsync(Check("user:alice"), Cancel)).Allowed.ShouldBeFalse();
    }

    [Fact]
    public async Task Check_InvalidRequest_IsAnErrorResult_NotAnException()
    {
        using var http = new HttpClient();

        var result = await Client(http).CheckAsync(new FgaCheckRequest { User = "user:alice", Relation = "writer", Object = "alerts:homelab" }, Cancel);

        result.ErrorCode.ShouldBe(FgaErrorCode.ValidationError);
    }

    [Fact]
    public async Task BatchCheck_120Checks_AreSentIn3CallsOf50AtMost_AndAnsweredInOrder()
    {
        _fga.Store.Write([new FgaTuple("agent:a7", "reader", "alerts:homelab")]);
        using var http = new HttpClient();
        var checks = Enumerable.Range(0, 120).Select(i => Check($"agent:a{i}")).ToList();

        var results = await Client(http).BatchCheckAsync(checks, Cancel);

        results.Count.ShouldBe(120);
        results.Select((r, i) => (r.Allowed, i)).Where(p => p.Allowed).Select(p => p.i).ShouldBe([7]);
        _fga.Calls.Count(c => c.EndsWith("/batch-check", StringComparison.Ordinal)).ShouldBe(3);
    }

    [Fact]
    public async Task Models_WriteReadAndList_RoundTripTheSameModel()
    {
        using var http = new HttpClient();
        var client = Client(http);
        var model = FgaModel.Parse(Model);

        var id = await client.WriteAuthorizationModelAsync(model, Cancel);
        var read = await client.ReadAuthorizationModelAsync(id, Cancel);
        var all = await client.ReadAuthorizationModelsAsync(Cancel);

        read.Describe().ShouldBe(model.Describe());
        all.ShouldHaveSingleItem().Id.ShouldBe(id);
    }

    [Fact]
    public async Task ListObjects_ReturnsTheObjectsTheUserCanReach()
    {
        _fga.Store.Write([new FgaTuple("user:alice", "reader", "alerts:a"), new FgaTuple("user:alice", "reader", "alerts:c"), new FgaTuple("user:bob", "reader", "alerts:b")]);
        using var http = new HttpClient();

        var objects = await Client(http).ListObjectsAsync("user:alice", "reader", "alerts", cancellationToken: Cancel);

        objects.ShouldBe(["alerts:a", "alerts:c"]);
    }

    [Fact]
    public async Task ListUsers_ReturnsUsersWildcardsAndUsersets_AsOpenFgaWritesThem()
    {
        _fga.Store.Write([
            new FgaTuple("user:alice", "reader", "alerts:a"), new FgaTuple("group:eng#member", "reader", "alerts:a"),
            new FgaTuple("user:bob", "member", "group:eng"), new FgaTuple("user:*", "reader", "alerts:public")]);
        using var http = new HttpClient();
        var client = Client(http);

        var users = await client.ListUsersAsync(new FgaListUsersRequest { Object = "alerts:a", Relation = "reader", UserFilters = ["user"] }, Cancel);
        var usersets = await client.ListUsersAsync(new FgaListUsersRequest { Object = "alerts:a", Relation = "reader", UserFilters = ["group#member"] }, Cancel);
        var everyone = await client.ListUsersAsync(new FgaListUsersRequest { Object = "alerts:public", Relation = "reader", UserFilters = ["user"] }, Cancel);
        var contextual = await client.ListUsersAsync(
            new FgaListUsersRequest { Object = "alerts:b", Relation = "reader", UserFilters = ["user"], ContextualTuples = [new FgaTuple("user:carol", "reader", "alerts:b")] }, Cancel);

        users.ShouldBe(["user:alice", "user:bob"]);
        usersets.ShouldBe(["group:eng#member"]);
        everyone.ShouldBe(["user:*"]);
        contextual.ShouldBe(["user:carol"]);
        _fga.Calls.ShouldContain($"POST /stores/{OpenFgaEmulator.StoreId}/list-users");
    }

    [Fact]
    public async Task StreamedListObjects_YieldsEveryObject_LineByLine()
    {
        _fga.Store.Write([new FgaTuple("user:alice", "reader", "alerts:a"), new FgaTuple("user:alice", "reader", "alerts:c"), new FgaTuple("user:bob", "reader", "alerts:b")]);
        using var http = new HttpClient();
        var streamed = new List<string>();

        await foreach (var item in Client(http).StreamedListObjectsAsync(new FgaListObjectsRequest { User = "user:alice", Relation = "reader", Type = "alerts" }, Cancel))
        {
            streamed.Add(item);
        }

        streamed.ShouldBe(["alerts:a", "alerts:c"]);
        _fga.Calls.ShouldContain($"POST /stores/{OpenFgaEmulator.StoreId}/streamed-list-objects");
    }

    [Fact]
    public async Task ListCalls_UnknownRelation_IsOpenFgasOwnRefusal()
    {
        using var http = new HttpClient();
        var client = Client(http);

        var users = await Should.ThrowAsync<FgaApiException>(() => client.ListUsersAsync(new FgaListUsersRequest { Object = "alerts:a", Relation = "owner", UserFilters = ["user"] }, Cancel));
        var objects = await Should.ThrowAsync<FgaApiException>(async () =>
        {
            await foreach (var unused in client.StreamedListObjectsAsync(new FgaListObjectsRequest { User = "user:alice", Relation = "owner", Type = "alerts" }, Cancel))
            {
            }
        });

        users.Code.ShouldBe("relation_not_found");
        objects.Code.ShouldBe("relation_not_found");
    }

    [Theory]
    [InlineData("500")]
    [InlineData("malformed")]
    public async Task ListCalls_ServerFault_IsPolicyEngineUnavailable(string fault)
    {
        _fga.Fault = fault;
        using var http = new HttpClient();
        var client = Client(http);

        await Should.ThrowAsync<FgaUnavailableException>(() => client.ListUsersAsync(new FgaListUsersRequest { Object = "alerts:a", Relation = "reader", UserFilters = ["user"] }, Cancel));
        await Should.ThrowAsync<FgaUnavailableException>(async () =>
        {
            await foreach (var unused in client.StreamedListObjectsAsync(new FgaListObjectsRequest { User = "user:alice", Relation = "reader", Type = "alerts" }, Cancel))
            {
            }
        });
    }

    [Fact]
    public async Task ApiToken_IsSentAsBearer()
    {
        using var http = new HttpClient();

        await Client(http, o => { o.Credentials = FgaCredentialsMethod.ApiToken; o.ApiToken = "preshared-42"; }).CheckAsync(Check("user:alice"), Cancel);

        _fga.Authorizations.ShouldAllBe(a => a == "Bearer preshared-42");
    }

    [Fact]
    public async Task ClientCredentials_GetsAndReusesATokenFromTheTokenService()
    {
        await using var tokenService = await DevTokenServer.StartAsync(new DevTokenServiceOptions
        {
            Clients = [new DevClient { ClientId = "fga-client", ClientSecret = "fga-secret", AllowedAudiences = ["openfga"] }],
        }, Cancel);
        using var http = new HttpClient();
        var client = Client(http, o =>
        {
            o.Credentials = FgaCredentialsMethod.ClientCredentials;
            o.TokenEndpoint = tokenService.TokenEndpoint;
            o.ClientId = "fga-client";
            o.ClientSecret = "fga-secret";
            o.ApiAudience = "openfga";
        });

        await client.CheckAsync(Check("user:alice"), Cancel);
        await client.CheckAsync(Check("user:bob"), Cancel);

        tokenService.TokenRequests.ShouldBe(1);
        _fga.Authorizations.ShouldAllBe(a => a != null && a.StartsWith("Bearer ey", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerErrorsAndUnknownStore_ThrowFgaUnavailable_AndTheAuthorizerDeniesFailClosed()
    {
        using var http = new HttpClient();
        _fga.Fault = "500";
        await Should.ThrowAsync<FgaUnavailableException>(async () => await Client(http).CheckAsync(Check("user:alice"), Cancel));
        _fga.Fault = null;
        await Should.ThrowAsync<FgaUnavailableException>(async () => await Client(http, o => o.StoreId = "other").CheckAsync(Check("user:alice"), Cancel));

        var down = new OpenFgaHttpClient(http, new OpenFgaClientOptions { ApiUrl = new Uri("http://127.0.0.1:9/"), StoreId = "s", RequireHttps = false });
        var decision = await new FgaDelegationAuthorizer(down).AuthorizeAsync(
            new ValidatedChain("https://idp", "alice", "coordinator", ["a"], ["s"], DateTimeOffset.MaxValue, null, null, "j", [new ChainActor("coordinator")], "h"),
            "reader", "alerts:homelab", Cancel);

        decision.Reason.ShouldBe(DelegationDenyReason.PolicyEngineUnavailable);
    }

    [Theory]
    [InlineData("500")]
    [InlineData("429")]
    [InlineData("malformed")]
    [InlineData("slow")]
    public async Task ServerFault_IsPolicyEngineUnavailable_NeverAnAllow(string fault)
    {
        _fga.Store.Write([new FgaTuple("user:alice", "reader", "alerts:homelab"), new FgaTuple("agent:coordinator", "reader", "alerts:homelab")]);
        _fga.Fault = fault;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) }; // "slow" is bounded by the client's timeout

        var decision = await new FgaDelegationAuthorizer(Client(http)).AuthorizeAsync(
            new ValidatedChain("https://idp", "alice", "coordinator", ["a"], ["s"], DateTimeOffset.MaxValue, null, null, "j", [new ChainActor("coordinator")], "h"),
            "reader", "alerts:homelab", Cancel);

        decision.Allowed.ShouldBeFalse();
        decision.Reason.ShouldBe(DelegationDenyReason.PolicyEngineUnavailable, decision.Message);
    }

    [Fact]
    public void Options_AreValidatedWithMessages()
    {
        using var http = new HttpClient();

        var error = Should.Throw<ArgumentException>(() => new OpenFgaHttpClient(http, new OpenFgaClientOptions { ApiUrl = new Uri("http://fga.example"), Credentials = FgaCredentialsMethod.ApiToken }));

        error.Message.ShouldContain("ApiUrl must use https");
        error.Message.ShouldContain("StoreId is required");
        error.Message.ShouldContain("ApiToken is required");
    }

    [Fact]
    public async Task AddAuthorizer_WithAServer_RegistersAResilientClientAndTheAuthorizer()
    {
        _fga.Store.Write([new FgaTuple("user:alice", "reader", "alerts:homelab"), new FgaTuple("agent:coordinator", "reader", "alerts:homelab")]);
        var services = new ServiceCollection();
        services.AddAgentTokenChain().AddAuthorizer(o => { o.OpenFga.ApiUrl = _fga.ApiUrl; o.OpenFga.StoreId = OpenFgaEmulator.StoreId; o.OpenFga.RequireHttps = false; });
        await using var provider = services.BuildServiceProvider();

        var decision = await provider.GetRequiredService<IDelegationAuthorizer>().AuthorizeAsync(
            new ValidatedChain("https://idp", "alice", "coordinator", ["a"], ["s"], DateTimeOffset.MaxValue, null, null, "j", [new ChainActor("coordinator")], "h"),
            "reader", "alerts:homelab", Cancel);

        decision.Allowed.ShouldBeTrue(decision.Message);
        _fga.Calls.ShouldContain($"POST /stores/{OpenFgaEmulator.StoreId}/batch-check");
    }

    private static FgaCheckRequest Check(string user) => new() { User = user, Relation = "reader", Object = "alerts:homelab" };

    private OpenFgaHttpClient Client(HttpClient http, Action<OpenFgaClientOptions>? configure = null)
    {
        var options = new OpenFgaClientOptions { ApiUrl = _fga.ApiUrl, StoreId = OpenFgaEmulator.StoreId, RequireHttps = false };
        configure?.Invoke(options);
        return new OpenFgaHttpClient(http, options);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AgentCore.Security.Gateway;
using AgentCore.Security.IntegrationTests.Infrastructure;
using AgentCore.Security.TokenExchange;
using GatewaySample;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace AgentCore.Security.IntegrationTests.Gateway;

/// <summary>
/// The gateway with parts nobody here wrote: the MCP reference server (<c>@modelcontextprotocol/server-everything</c>)
/// behind an ingress route, a Node agent on the official TypeScript SDK calling through egress, and the OpenIddict
/// token service; all on loopback. The policy: alice and the coordinator may call <c>echo</c>; alice alone may call
/// <c>get-sum</c>; nobody may call anything else.
/// </summary>
public sealed class GatewayTests(TokenServiceFixture tokenService) : IClassFixture<TokenServiceFixture>, IDisposable
{
    private const string Store = """
        name: gateway-tests
        model: |
          model
            schema 1.1
          type user
          type agent
          type tool
            relations
              define can_call: [user, agent]
        tuples:
          - user: user:alice
            relation: can_call
            object: tool:echo
          - user: agent:coordinator
            relation: can_call
            object: tool:echo
          - user: user:alice
            relation: can_call
            object: tool:get-sum
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("agentcore-gateway-").FullName;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NodeAgent_ThroughEgressThenIngress_SeesOnlyWhatItsChainMayCall_AndCallsIt()
    {
        await using var everything = await StartToolsAsync();
        await using var gateway = await StartAsync(everything, egress: true);
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "triage read:alerts");

        var report = await NodeClientAsync(new Uri(gateway.Address, "/egress/coordinator/alerts"), token, "echo", """{"message":"hi"}""");

        report.GetProperty("tools").EnumerateArray().Select(t => t.GetString()).ShouldBe(["echo"]);
        report.GetProperty("call").GetProperty("text").GetString().ShouldBe("Echo: hi");
    }

    [Fact]
    public async Task NodeAgent_ToolTheCoordinatorMayNotCall_IsRefusedWithTheReason()
    {
        await using var everything = await StartToolsAsync();
        await using var gateway = await StartAsync(everything, egress: true);
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "triage read:alerts");

        var report = await NodeClientAsync(new Uri(gateway.Address, "/egress/coordinator/alerts"), token, "get-sum", """{"a":1,"b":2}""");

        var call = report.GetProperty("call");
        call.GetProperty("code").GetInt32().ShouldBe(-32043);
        call.GetProperty("message").GetString()!.ShouldContain("coordinator");
    }

    [Fact]
    public async Task Alice_DirectlyOnIngress_ListsAndCallsHerTools()
    {
        await using var everything = await StartToolsAsync();
        await using var gateway = await StartAsync(everything, egress: false);
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", Fleet.McpResource, "read:alerts");

        var report = await NodeClientAsync(new Uri(gateway.Address, "/mcp/alerts"), token, "get-sum", """{"a":1,"b":2}""");

        report.GetProperty("tools").EnumerateArray().Select(t => t.GetString()).ShouldBe(["echo", "get-sum"]);
        report.GetProperty("call").GetProperty("text").GetString()!.ShouldContain("3");
    }

    [Fact]
    public async Task Egress_AnotherAgentsToken_OrNone_Is401_AndNothingIsExchanged()
    {
        await using var everything = await StartToolsAsync();
        await using var gateway = await StartAsync(everything, egress: true);
        var networkAgentsToken = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "network-agent", "write:network");
        using var http = new HttpClient();

        using var other = await http.SendAsync(Post(new Uri(gateway.Address, "/egress/coordinator/alerts"), networkAgentsToken, Initialize), Cancel);
        using var none = await http.SendAsync(Post(new Uri(gateway.Address, "/egress/coordinator/alerts"), null, Initialize), Cancel);

        other.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        other.Headers.WwwAuthenticate.ToString().ShouldContain("invalid_token");
        (await other.Content.ReadAsStringAsync(Cancel)).ShouldContain("InvalidAudience");
        none.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        none.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
    }

    [Fact]
    public async Task Ingress_WithoutAToken_Is401_PointingAtTheRoutesMetadata_WhichTheGatewayServes()
    {
        await using var everything = await StartToolsAsync();
        await using var gateway = await StartAsync(everything, egress: false);
        using var http = new HttpClient();

        using var refused = await http.SendAsync(Post(new Uri(gateway.Address, "/mcp/alerts"), null, Initialize), Cancel);
        var metadata = await http.GetFromJsonAsync<JsonElement>(new Uri(gateway.Address, "/.well-known/oauth-protected-resource/mcp"), Cancel);

        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        refused.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer resource_metadata=\"https://alerts-mcp.example/.well-known/oauth-protected-resource/mcp\"");
        metadata.GetProperty("resource").GetString().ShouldBe(Fleet.McpResource);
        metadata.GetProperty("authorization_servers")[0].GetString().ShouldBe(tokenService.Server.Issuer);
        metadata.GetProperty("scopes_supported")[0].GetString().ShouldBe("read:alerts");
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"get-tiny-image"}}""", null, 200, "-32043")]
    [InlineData("""[{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"message":"x"}}},{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get-env"}}]""", null, 200, "another message of the batch was refused")]
    [InlineData("""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo"}}""", "get-sum", 400, "the Mcp-Name header and the body's tool disagree")]
    [InlineData("""{"jsonrpc":"2.0","id":7,"method":"resources/read","params":{"uri":"demo://resource/static/document/architecture.md"}}""", null, 200, "does not let 'resources/read' through")]
    [InlineData("""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo#member"}}""", null, 200, "not a plain name")]
    [InlineData("""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{}}""", null, 400, "names no tool")]
    [InlineData("""{"jsonrpc":"2.0","id":7,"method":"tools/call",""", null, 400, "not JSON")]
    [InlineData("""[]""", null, 400, "the batch is empty")]
    public async Task Ingress_McpRequests_ThatMayNotPass_AreRefusedWithTheirReason(string body, string? mcpName, int status, string expected)
    {
        await using var everything = await StartToolsAsync();
        await using var gateway = await StartAsync(everything, egress: false);
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", Fleet.McpResource, "read:alerts");
        using var http = new HttpClient();
        using var request = Post(new Uri(gateway.Address, "/mcp/alerts"), token, body);
        if (mcpName is not null)
        {
            request.Headers.Add("Mcp-Name", mcpName);
        }

        using var response = await http.SendAsync(request, Cancel);

        ((int)response.StatusCode).ShouldBe(status);
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldContain(expected);
    }

    [Fact]
    public async Task Ingress_MissingScope_Is403InsufficientScope_NamingIt()
    {
        await using var everything = await StartToolsAsync();
        await using var gateway = await StartAsync(everything, egress: false);
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", Fleet.McpResource, "triage");
        using var http = new HttpClient();

        using var response = await http.SendAsync(Post(new Uri(gateway.Address, "/mcp/alerts"), token, """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo"}}"""), Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("error=\"insufficient_scope\"");
        response.Headers.WwwAuthenticate.ToString().ShouldContain("scope=\"read:alerts\"");
    }

    [Fact]
    public async Task Ingress_BodyOverTheLimit_Is413()
    {
        await using var everything = await StartToolsAsync();
        await using var gateway = await StartAsync(everything, egress: false, o => o.MaxMcpBodySize = 512);
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", Fleet.McpResource, "read:alerts");
        using var http = new HttpClient();
        var body = """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"message":"PAD"}}}""".Replace("PAD", new string('x', 600), StringComparison.Ordinal);

        using var response = await http.SendAsync(Post(new Uri(gateway.Address, "/mcp/alerts"), token, body), Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldContain("BodyTooLarge");
    }

    [Fact]
    public async Task Ingress_PlainHttpRoute_UpstreamNeverSeesTheInboundToken_AndObjectsComeFromPlainSegmentsOnly()
    {
        await using var upstream = await RecordingHost.StartAsync(static (context, _) => context.Response.WriteAsync("ok", context.RequestAborted));
        await using var gateway = await StartAsync(null, egress: false, o => o.Ingress.Add(new IngressRouteOptions
        {
            Name = "tools-api", Path = "/api/tools", Upstream = new Uri(upstream.BaseAddress, "/v1"), Resource = Fleet.McpResource,
            Relation = "can_call", Object = "tool:{0}", Scopes = { "read:alerts" },
        }));
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", Fleet.McpResource, "read:alerts");
        using var http = new HttpClient();

        using var allowed = await http.SendAsync(GetRequest(new Uri(gateway.Address, "/api/tools/echo/run?x=1"), token), Cancel);
        using var denied = await http.SendAsync(GetRequest(new Uri(gateway.Address, "/api/tools/get-env"), token), Cancel);
        using var userset = await http.SendAsync(GetRequest(new Uri(gateway.Address, "/api/tools/echo%23member"), token), Cancel);
        using var wrongAudience = await http.SendAsync(GetRequest(new Uri(gateway.Address, "/api/tools/echo"), await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "read:alerts")), Cancel);

        allowed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var received = upstream.Requests.ShouldHaveSingleItem();
        received.PathAndQuery.ShouldBe("/v1/echo/run?x=1");
        received.Headers.ShouldNotContainKey("Authorization");
        received.Headers.Values.ShouldAllBe(v => !v.Contains(token, StringComparison.Ordinal) && !v.Contains(token.Split('.', StringSplitOptions.None)[2], StringComparison.Ordinal));
        denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await denied.Content.ReadAsStringAsync(Cancel)).ShouldContain("access_denied");
        userset.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await userset.Content.ReadAsStringAsync(Cancel)).ShouldContain("not a plain name");
        wrongAudience.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Egress_ExchangesWithTheSecretFileTheGatewayHolds_AndTheTargetGetsOnlyTheExchangedToken()
    {
        await using var upstream = await RecordingHost.StartAsync(static (context, _) => context.Response.WriteAsync("ok", context.RequestAborted));
        var secretFile = Path.Combine(_folder, "coordinator.secret");
        await File.WriteAllTextAsync(secretFile, "coordinator-secret\n", Cancel);

        // OpenIddict lets a client exchange only tokens issued to it: the agent's inbound audience is its client id.
        await using var gateway = await StartAsync(null, egress: false, o => o.Agents.Add(new EgressAgentOptions
        {
            Name = "coordinator", Audience = "coordinator", Credential = new GatewayClientCredentialOptions { ClientId = "coordinator", ClientSecretFile = secretFile },
            Routes = { new EgressRouteOptions { Path = "/egress/agents", Target = new Uri(upstream.BaseAddress, "/v1"), Audiences = { "security-agent" }, Scopes = { "read:alerts" } } },
        }));
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "triage read:alerts");
        using var http = new HttpClient();

        using var response = await http.SendAsync(GetRequest(new Uri(gateway.Address, "/egress/agents/alerts?since=1h"), token), Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancel));
        var received = upstream.Requests.ShouldHaveSingleItem();
        received.PathAndQuery.ShouldBe("/v1/alerts?since=1h");
        var sent = received.Headers["Authorization"]["Bearer ".Length..];
        sent.ShouldNotBe(token);
        var claims = JsonDocument.Parse(Base64UrlDecode(sent.Split('.')[1])).RootElement;
        claims.GetProperty("sub").GetString().ShouldBe("alice");
        claims.GetProperty("aud").ToString().ShouldContain("security-agent");
        claims.GetProperty("scope").GetString().ShouldBe("read:alerts");
        claims.GetProperty("act").GetProperty("sub").GetString().ShouldBe("coordinator");
    }

    [Theory]
    [InlineData("private_key_jwt")]
    [InlineData("workload JWT file")]
    public async Task Egress_ExchangesWithAnAssertionCredential_TheAgentsKeyOrWorkloadJwt_HeldByTheGateway(string kind)
    {
        await using var upstream = await RecordingHost.StartAsync(static (context, _) => context.Response.WriteAsync("ok", context.RequestAborted));
        var credential = new GatewayClientCredentialOptions { ClientId = "key-agent" };
        if (kind == "private_key_jwt")
        {
            credential.PrivateKeyFile = Path.Combine(_folder, "key-agent.pem");
            credential.PrivateKeyId = "key-agent-1";
            await File.WriteAllTextAsync(credential.PrivateKeyFile, tokenService.KeyAgentKey.ExportPkcs8PrivateKeyPem(), Cancel);
        }
        else
        {
            // What a workload identity process writes: a short JWT for this agent, addressed to the token service.
            credential.ClientAssertionFile = Path.Combine(_folder, "key-agent.jwt");
            var minter = new PrivateKeyJwtAssertionSource(new SigningCredentials(new ECDsaSecurityKey(tokenService.KeyAgentKey) { KeyId = "key-agent-1" }, SecurityAlgorithms.EcdsaSha256), TimeSpan.FromMinutes(5));
            var jwt = await minter.GetAssertionAsync(new ClientAssertionContext("key-agent", tokenService.Server.Issuer, tokenService.Server.TokenEndpoint), Cancel);
            await File.WriteAllTextAsync(credential.ClientAssertionFile, jwt.Value + "\n", Cancel);
        }

        await using var gateway = await StartAsync(null, egress: false, o =>
        {
            o.TokenServiceIssuer = new Uri(tokenService.Server.Issuer);
            o.Agents.Add(new EgressAgentOptions
            {
                Name = "key-agent", Audience = "key-agent", Credential = credential,
                Routes = { new EgressRouteOptions { Path = "/egress/key-agent", Target = upstream.BaseAddress, Audiences = { "alerts-api" }, Scopes = { "read:alerts" } } },
            });
        });
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "key-agent", "read:alerts");
        using var http = new HttpClient();

        using var response = await http.SendAsync(GetRequest(new Uri(gateway.Address, "/egress/key-agent/alerts"), token), Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancel));
        var sent = upstream.Requests.ShouldHaveSingleItem().Headers["Authorization"]["Bearer ".Length..];
        sent.ShouldNotBe(token);
        var claims = JsonDocument.Parse(Base64UrlDecode(sent.Split('.')[1])).RootElement;
        claims.GetProperty("sub").GetString().ShouldBe("alice");
        claims.GetProperty("aud").ToString().ShouldContain("alerts-api");
        claims.GetProperty("act").GetProperty("sub").GetString().ShouldBe("key-agent");
    }

    [Fact]
    public async Task Egress_PrivateKeyJwt_AddressedToTheTokenEndpoint_WhichOpenIddictRefuses_Is502ExchangeFailed()
    {
        await using var upstream = await RecordingHost.StartAsync(static (context, _) => context.Response.WriteAsync("ok", context.RequestAborted));
        var keyFile = Path.Combine(_folder, "key-agent.pem");
        await File.WriteAllTextAsync(keyFile, tokenService.KeyAgentKey.ExportPkcs8PrivateKeyPem(), Cancel);

        // No TokenServiceIssuer: the assertion's audience is the token endpoint, which this token service does not accept.
        await using var gateway = await StartAsync(null, egress: false, o => o.Agents.Add(new EgressAgentOptions
        {
            Name = "key-agent", Audience = "key-agent", Credential = new GatewayClientCredentialOptions { ClientId = "key-agent", PrivateKeyFile = keyFile, PrivateKeyId = "key-agent-1" },
            Routes = { new EgressRouteOptions { Path = "/egress/key-agent", Target = upstream.BaseAddress, Audiences = { "alerts-api" }, Scopes = { "read:alerts" } } },
        }));
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "key-agent", "read:alerts");
        using var http = new HttpClient();

        using var response = await http.SendAsync(GetRequest(new Uri(gateway.Address, "/egress/key-agent/alerts"), token), Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldContain("exchange_failed");
        upstream.Requests.ShouldBeEmpty();
    }

    [Fact]
    public void Build_InvalidConfiguration_ListsEveryProblem()
    {
        var options = new GatewayOptions();
        options.Ingress.Add(new IngressRouteOptions { Path = "mcp", Upstream = new Uri("file:///etc/passwd"), Resource = "http://example.com/mcp", Relation = "can_call" });
        options.Agents.Add(new EgressAgentOptions { Name = "a", Audience = "a", Credential = new GatewayClientCredentialOptions { ClientId = "a" } });

        var error = Should.Throw<ArgumentException>(() => GatewayApplication.Build(options));

        error.Message.ShouldContain("Issuers must name at least one issuer");
        error.Message.ShouldContain("Path must start with '/'");
        error.Message.ShouldContain("Upstream must be an absolute http(s) URI");
        error.Message.ShouldContain("must use https");
        error.Message.ShouldContain("Relation and Object go together");
        error.Message.ShouldContain("exactly one of ClientSecret, ClientSecretFile, PrivateKeyFile");
        error.Message.ShouldContain("TokenEndpoint is required");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";

    private static byte[] Base64UrlDecode(string segment) =>
        Convert.FromBase64String(segment.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (segment.Length % 4)) % 4));

    private static HttpRequestMessage Post(Uri uri, string? token, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    private static HttpRequestMessage GetRequest(Uri uri, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static async Task<JsonElement> NodeClientAsync(Uri endpoint, string token, string tool, string arguments)
    {
        var report = await NodeParts.RunAgentAsync(endpoint, token, tool, arguments, Cancel);
        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        return report;
    }

    private static Task<NodeServer> StartToolsAsync()
    {
        if (!NodeParts.Installed)
        {
            Assert.Skip($"The npm packages are not installed: run 'npm ci' in {NodeParts.Folder} (.ci/run does).");
        }

        return NodeParts.StartEverythingServerAsync(Cancel);
    }

    private async Task<RunningGateway> StartAsync(NodeServer? everything, bool egress, Action<GatewayOptions>? configure = null)
    {
        var storeFile = Path.Combine(_folder, "gateway.fga.yaml");
        await File.WriteAllTextAsync(storeFile, Store, Cancel);
        var address = new Uri($"http://127.0.0.1:{NodeParts.FreePort()}");
        var options = new GatewayOptions { Urls = address.ToString().TrimEnd('/'), TokenEndpoint = tokenService.Server.TokenEndpoint, AllowHttp = true, StoreFile = storeFile, IncludeErrorDetails = true };
        options.Issuers.Add(new GatewayIssuerOptions { Issuer = tokenService.Server.Issuer, MetadataAddress = tokenService.Server.MetadataAddress });
        if (everything is not null)
        {
            options.Ingress.Add(new IngressRouteOptions
            {
                Name = "alerts-mcp", Path = "/mcp/alerts", Upstream = everything.Endpoint, Resource = Fleet.McpResource,
                Relation = "can_call", Object = "tool:{tool}", Mcp = true, Scopes = { "read:alerts" },
            });
        }

        if (egress)
        {
            options.Agents.Add(new EgressAgentOptions
            {
                Name = "coordinator", Audience = "coordinator", Credential = new GatewayClientCredentialOptions { ClientId = "coordinator", ClientSecret = "coordinator-secret" },
                Routes = { new EgressRouteOptions { Path = "/egress/coordinator/alerts", Target = new Uri(address, "/mcp/alerts"), Resources = { Fleet.McpResource }, Scopes = { "read:alerts" } } },
            });
        }

        configure?.Invoke(options);
        var app = GatewayApplication.Build(options, configure: static builder => builder.Logging.ClearProviders());
        await app.StartAsync(Cancel);
        return new RunningGateway(app, address);
    }

    private sealed record RunningGateway(WebApplication App, Uri Address) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AgentCore.Security.IntegrationTests.Infrastructure;
using AgentCore.Security.Mcp;
using AgentCore.Security.Mcp.Client;
using AgentCore.Security.OpenFga;
using AgentCore.Security.OpenFga.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace AgentCore.Security.IntegrationTests.Mcp;

/// <summary>
/// MCP on both ends with the official C# SDK over loopback Kestrel and the real OpenIddict token service: an agent
/// (the coordinator, acting for a user) calls a protected tool server through <see cref="IAgentMcpClientFactory"/>;
/// the server authorizes every principal of the chain per tool.
/// </summary>
public sealed class McpChainAuthorizationTests(TokenServiceFixture tokenService) : IClassFixture<TokenServiceFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Agent_CallsAllowedTool_WithAnExchangedToken_AndTheToolRunsInTheChain(bool stateless)
    {
        await using var server = await McpTestServer.StartAsync(tokenService, stateless, Cancel);

        await AsCoordinatorAsync(server, "alice", "read:alerts", async client =>
        {
            var result = await client.CallToolAsync("list_alerts", cancellationToken: Cancel);

            result.IsError.ShouldNotBe(true);
        });

        var (tool, chain) = server.Calls.ShouldHaveSingleItem();
        tool.ShouldBe("list_alerts");
        chain.Subject.ShouldBe("alice");
        chain.Actors.Select(a => a.Subject).ShouldBe(["coordinator"]);
        chain.Audiences.ShouldBe([Fleet.McpResource]);
        chain.Scopes.ShouldBe(["read:alerts"]);
    }

    [Fact]
    public async Task ToolsList_ShowsOnlyWhatTheChainMayCall()
    {
        await using var server = await McpTestServer.StartAsync(tokenService, stateless: true, Cancel);

        await AsCoordinatorAsync(server, "alice", "read:alerts", async client =>
        {
            var tools = await client.ListToolsAsync(cancellationToken: Cancel);
            var selfTest = await client.CallToolAsync("self_test", cancellationToken: Cancel);

            // block_host needs write:network (not asked for); debug_dump declares nothing (closed by default);
            // self_test's object is tool:{name}, that is tool:self_test, where alice and the coordinator are callers.
            tools.Select(t => t.Name).Order(StringComparer.Ordinal).ShouldBe(["list_alerts", "self_test"]);
            selfTest.IsError.ShouldNotBe(true);
        });
    }

    [Fact]
    public async Task UserWhoIsNotAReader_IsRefusedWithTheDeniedPrincipal_AndTheToolIsHidden()
    {
        await using var server = await McpTestServer.StartAsync(tokenService, stateless: true, Cancel);

        await AsCoordinatorAsync(server, "bob", "read:alerts", async client =>
        {
            (await client.ListToolsAsync(cancellationToken: Cancel)).ShouldBeEmpty();
            var error = await Should.ThrowAsync<McpProtocolException>(() => client.CallToolAsync("list_alerts", cancellationToken: Cancel).AsTask());

            ((int)error.ErrorCode).ShouldBe(AgentTokenMcpErrorCodes.Forbidden);
            error.Message.ShouldContain("user:bob");
        });

        server.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task ObjectFromArguments_IsAuthorizedPerCall_AndAnArgumentThatIsNotAnIdentifierIsRefused()
    {
        await using var server = await McpTestServer.StartAsync(tokenService, stateless: true, Cancel);

        await AsCoordinatorAsync(server, "alice", "write:network", async client =>
        {
            var allowed = await client.CallToolAsync("block_host", new Dictionary<string, object?> { ["host"] = "nas" }, cancellationToken: Cancel);
            var other = await Should.ThrowAsync<McpProtocolException>(() => client.CallToolAsync("block_host", new Dictionary<string, object?> { ["host"] = "router" }, cancellationToken: Cancel).AsTask());
            var steered = await Should.ThrowAsync<McpProtocolException>(() => client.CallToolAsync("block_host", new Dictionary<string, object?> { ["host"] = "nas#operator" }, cancellationToken: Cancel).AsTask());

            allowed.IsError.ShouldNotBe(true);
            ((int)other.ErrorCode).ShouldBe(AgentTokenMcpErrorCodes.Forbidden);
            other.Message.ShouldContain("host:router");
            ((int)steered.ErrorCode).ShouldBe(AgentTokenMcpErrorCodes.Forbidden);
            steered.Message.ShouldContain("not a plain identifier");
        });

        server.Calls.Select(c => c.Tool).ShouldBe(["block_host"]);
    }

    [Fact]
    public async Task UndeclaredTool_IsRefused()
    {
        await using var server = await McpTestServer.StartAsync(tokenService, stateless: true, Cancel);

        await AsCoordinatorAsync(server, "alice", "read:alerts", async client =>
        {
            var error = await Should.ThrowAsync<McpProtocolException>(() => client.CallToolAsync("debug_dump", cancellationToken: Cancel).AsTask());

            ((int)error.ErrorCode).ShouldBe(AgentTokenMcpErrorCodes.Forbidden);
            error.Message.ShouldContain("declares no [RequireScope] or [RequireRelation]");
        });

        server.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task MissingScope_WithTheSdkClient_IsRefusedAtTheHttpLayer_As403()
    {
        await using var server = await McpTestServer.StartAsync(tokenService, stateless: true, Cancel);

        await AsCoordinatorAsync(server, "alice", "read:alerts", async client =>
        {
            // The SDK's client names the method and tool in Mcp-Method / Mcp-Name: judged before the body is read.
            var error = await Should.ThrowAsync<HttpRequestException>(() => client.CallToolAsync("block_host", new Dictionary<string, object?> { ["host"] = "nas" }, cancellationToken: Cancel).AsTask());

            error.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        });

        server.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task StepUp_WhenAllowed_ExchangesOnceMoreForTheRequiredScope_AndTheCallSucceeds()
    {
        await using var server = await McpTestServer.StartAsync(tokenService, stateless: true, Cancel);
        var before = tokenService.Server.TokenRequestsFor("read:alerts write:network");

        await AsCoordinatorAsync(
            server,
            "alice",
            "read:alerts",
            async client =>
            {
                var result = await client.CallToolAsync("block_host", new Dictionary<string, object?> { ["host"] = "nas" }, cancellationToken: Cancel);

                result.IsError.ShouldNotBe(true);
            },
            stepUp: "write:network");

        server.Calls.ShouldHaveSingleItem().Chain.Scopes.Order(StringComparer.Ordinal).ShouldBe(["read:alerts", "write:network"]);
        (tokenService.Server.TokenRequestsFor("read:alerts write:network") - before).ShouldBe(1);
    }

    [Fact]
    public async Task StepUp_ForAScopeTheCallerDoesNotHold_IsRefusedByTheTokenService_AndThe403Stands()
    {
        await using var server = await McpTestServer.StartAsync(tokenService, stateless: true, Cancel);

        // bob's token (the coordinator's inbound call) holds no write:network: scope only narrows.
        await AsCoordinatorAsync(
            server,
            "bob",
            "read:alerts",
            async client =>
            {
                var error = await Should.ThrowAsync<HttpRequestException>(() => client.CallToolAsync("block_host", new Dictionary<string, object?> { ["host"] = "nas" }, cancellationToken: Cancel).AsTask());

                error.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            },
            stepUp: "write:network");

        server.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task VerifiedMetadata_NamingTheTrustedTokenService_Connects()
    {
        await using var server = await McpTestServer.StartAsync(tokenService, stateless: true, Cancel);

        await AsCoordinatorAsync(
            server,
            "alice",
            "read:alerts",
            async client => (await client.CallToolAsync("list_alerts", cancellationToken: Cancel)).IsError.ShouldNotBe(true),
            configure: o =>
            {
                o.VerifyServerMetadata = true;
                o.TrustedIssuers.Add(tokenService.Server.Issuer.ToString());
            });

        server.Calls.ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData("https://other-idp.example/", null, McpDiscoveryFailure.UntrustedAuthorizationServer)]
    [InlineData(null, "https://alerts-mcp.example/other-mcp", McpDiscoveryFailure.ResourceMismatch)]
    public async Task VerifiedMetadata_ThatDoesNotMatch_RefusesToConnect_BeforeAnyTokenIsAskedFor(string? trusted, string? resource, McpDiscoveryFailure expected)
    {
        await using var server = await McpTestServer.StartAsync(tokenService, stateless: true, Cancel);
        await using var agent = Coordinator(server, "read:alerts", configure: o =>
        {
            o.VerifyServerMetadata = true;
            o.TrustedIssuers.Add(trusted ?? tokenService.Server.Issuer.ToString());
            if (resource is not null)
            {
                o.Resource = new Uri(resource);
            }
        });
        var (chain, token) = await InboundAsync("alice");
        var exchangesBefore = tokenService.Server.TokenRequestsFor("read:alerts");

        using (AgentCallContext.Begin(chain, token))
        {
            var error = await Should.ThrowAsync<McpDiscoveryException>(() => agent.GetRequiredService<IAgentMcpClientFactory>().CreateAsync("alerts", Cancel));

            error.Failure.ShouldBe(expected);
        }

        tokenService.Server.TokenRequestsFor("read:alerts").ShouldBe(exchangesBefore);
        server.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task MissingScope_NotNamedInTheHeaders_IsAJsonRpcInsufficientScopeError()
    {
        await using var server = await McpTestServer.StartAsync(tokenService, stateless: true, Cancel);
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", Fleet.McpResource, "read:alerts");

        using var response = await McpRaw.PostAsync(server, token, "tools/call", "block_host", headers: false, cancellationToken: Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);

        body.ShouldContain($"\"code\":{AgentTokenMcpErrorCodes.InsufficientScope}");
        body.ShouldContain("write:network");
        server.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task Batch_IsRefusedByTheTransport_AndRunsNothing()
    {
        await using var server = await McpTestServer.StartAsync(tokenService, stateless: true, Cancel);
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", Fleet.McpResource, "read:alerts");
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, server.Endpoint)
        {
            Content = new StringContent("[" + McpRaw.Body("tools/call", "list_alerts") + "," + McpRaw.Body("tools/call", "block_host").Replace("\"id\":1", "\"id\":2", StringComparison.Ordinal) + "]", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await http.SendAsync(request, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);

        // The 2.x SDK's Streamable HTTP transport refuses a batch outright (the documented limit): nothing runs.
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body.ShouldContain("-32600");
        server.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task PolicyEngineDown_IsPolicyUnavailable_NotForbidden_AndNothingRuns()
    {
        // A real OpenFGA client pointed at a loopback port nothing listens on: the engine cannot be asked.
        using var http = new HttpClient();
        var down = new FgaDelegationAuthorizer(new OpenFgaHttpClient(http, new OpenFgaClientOptions { ApiUrl = new Uri("http://127.0.0.1:1/"), StoreId = "01HSTORE", RequireHttps = false }));
        await using var server = await McpTestServer.StartAsync(tokenService, stateless: true, Cancel, authorizer: down);
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", Fleet.McpResource, "read:alerts");

        using var response = await McpRaw.PostAsync(server, token, "tools/call", "list_alerts", cancellationToken: Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);

        body.ShouldContain($"\"code\":{AgentTokenMcpErrorCodes.PolicyUnavailable}");
        server.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task MapAgentTokenMcp_ServesTheMetadata_FromConfiguration()
    {
        await using var server = await McpTestServer.StartAsync(tokenService, stateless: true, Cancel);
        using var http = new HttpClient();

        var metadata = await http.GetFromJsonAsync<JsonElement>(new Uri(server.Endpoint, "/.well-known/oauth-protected-resource/mcp"), Cancel);

        metadata.GetProperty("resource").GetString().ShouldBe(Fleet.McpResource);
        metadata.GetProperty("authorization_servers").EnumerateArray().Select(e => e.GetString()).ShouldBe([tokenService.Server.Issuer.ToString()]);
        metadata.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()).ShouldBe(["read:alerts", "write:network"]);
    }

    [Fact]
    public async Task MapAgentTokenMcp_WhenTheValidatorsAudienceIsNotTheResource_RefusesToMap()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddAgentTokenChain().AddValidator(o =>
        {
            o.Audience = "coordinator";
            o.RequireHttpsMetadata = false;
            o.Issuers.Add(new Jwt.TrustedIssuer(tokenService.Server.Issuer) { MetadataAddress = tokenService.Server.MetadataAddress });
        });
        builder.Services.AddAuthentication(AgentCore.Security.AspNetCore.AgentTokenDefaults.AuthenticationScheme).AddAgentToken(o => o.Resource = new Uri(Fleet.McpResource));
        builder.Services.AddMcpServer().WithHttpTransport().AddAgentTokenChain();
        await using var app = builder.Build();

        var error = Should.Throw<InvalidOperationException>(() => app.MapAgentTokenMcp("/mcp"));

        error.Message.ShouldContain("must be the MCP resource");
    }

    [Fact]
    public async Task NoToken_Is401_WithTheResourceMetadata()
    {
        await using var server = await McpTestServer.StartAsync(tokenService, stateless: true, Cancel);

        using var response = await McpRaw.PostAsync(server, token: null, "tools/list", null, cancellationToken: Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer resource_metadata=\"https://alerts-mcp.example/.well-known/oauth-protected-resource/mcp\"");
    }

    [Fact]
    public async Task TokenForAnotherAudience_Is401InvalidToken()
    {
        await using var server = await McpTestServer.StartAsync(tokenService, stateless: true, Cancel);
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", "coordinator", "read:alerts");

        using var response = await McpRaw.PostAsync(server, token, "tools/list", null, cancellationToken: Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("error=\"invalid_token\"");
    }

    [Fact]
    public async Task MissingScope_NamedInTheHeaders_Is403InsufficientScope_BeforeTheBodyIsRead()
    {
        await using var server = await McpTestServer.StartAsync(tokenService, stateless: true, Cancel);
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", Fleet.McpResource, "read:alerts");

        using var response = await McpRaw.PostAsync(server, token, "tools/call", "block_host", cancellationToken: Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        challenge.ShouldContain("error=\"insufficient_scope\"");
        challenge.ShouldContain("scope=\"write:network\"");
        challenge.ShouldContain("resource_metadata=");
        server.Calls.ShouldBeEmpty();
    }

    private ServiceProvider Coordinator(McpTestServer server, string scope, string? stepUp = null, Action<AgentMcpClientOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAgentTokenChain().AddTokenExchange(o =>
        {
            o.TokenEndpoint = tokenService.Server.TokenEndpoint;
            o.RequireHttps = false;
            o.ClientId = "coordinator";
            o.ClientSecret = "coordinator-secret";
            PatientResilience.Apply(o);
        });
        services.AddAgentMcpClient("alerts", o =>
        {
            o.Endpoint = server.Endpoint;
            o.Resource = new Uri(Fleet.McpResource);
            o.Scopes.Add(scope);
            if (stepUp is not null)
            {
                o.StepUpScopes.Add(stepUp);
            }

            configure?.Invoke(o);
        });
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// Runs <paramref name="test"/> as the coordinator agent inside its inbound call (the user's token for
    /// "coordinator"), with a connected SDK client for the test server that asks for <paramref name="scope"/>.
    /// </summary>
    private async Task AsCoordinatorAsync(McpTestServer server, string user, string scope, Func<McpClient, Task> test, string? stepUp = null, Action<AgentMcpClientOptions>? configure = null)
    {
        await using var agent = Coordinator(server, scope, stepUp, configure);
        var (chain, token) = await InboundAsync(user);
        using (AgentCallContext.Begin(chain, token))
        {
            await using var client = await agent.GetRequiredService<IAgentMcpClientFactory>().CreateAsync("alerts", Cancel);
            await test(client);
        }
    }

    // The coordinator was called by the user's app: its inbound call is the user's token for "coordinator". (The
    // context is begun by the test itself: an AsyncLocal set inside an async helper does not flow back to its caller.)
    private async Task<(ValidatedChain Chain, string Token)> InboundAsync(string user)
    {
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, user, "coordinator", "triage read:alerts write:network".Replace(user == "bob" ? " write:network" : "\0", string.Empty, StringComparison.Ordinal));
        using var validator = tokenService.Validator("coordinator");
        var result = await validator.ValidateAsync(token, Cancel);
        result.IsValid.ShouldBeTrue(result.Message);
        return (result.Chain!, token);
    }
}

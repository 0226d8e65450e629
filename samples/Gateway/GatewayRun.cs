using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AgentCore.Security.DevTokenService;
using AgentCore.Security.Gateway;
using AgentCore.Security.OpenFga;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace GatewaySample;

/// <summary>
/// The homelab story for a mixed fleet: alice calls a Node security agent, which calls a Node MCP server. Neither
/// references this library; the gateway gives both the two control points. Every expectation is printed; the run
/// exits 0 only if all held.
/// </summary>
public static class GatewayRun
{
    /// <summary>The Node MCP server's resource: the audience its tokens carry.</summary>
    public const string ToolsResource = "https://tools.homelab.example/mcp";

    private const string Password = "alice-password";

    public static async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        await NodeParts.EnsureInstalledAsync(output, cancellationToken).ConfigureAwait(false);
        await using var tokenService = await DevTokenServer.StartAsync(TokenServiceOptions(), cancellationToken).ConfigureAwait(false);
        await using var tools = await NodeParts.StartEverythingServerAsync(cancellationToken).ConfigureAwait(false);
        var gatewayAddress = new Uri($"http://127.0.0.1:{NodeParts.FreePort()}");
        var options = Options(tokenService, tools.Endpoint, gatewayAddress);
        await using var gateway = GatewayApplication.Build(options, AppContext.BaseDirectory, static builder => builder.Logging.ClearProviders());
        await gateway.StartAsync(cancellationToken).ConfigureAwait(false);

        await output.WriteLineAsync($"Gateway on {gatewayAddress}: ingress /mcp/tools → the Node MCP server ({tools.Endpoint}); egress /egress/security-agent/tools for the Node security agent.").ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);

        using var http = new HttpClient();
        var alicesToken = await UserTokenAsync(http, tokenService, "security-agent", "read:alerts", cancellationToken).ConfigureAwait(false);
        var networkAgentsToken = await UserTokenAsync(http, tokenService, "network-agent", "write:network", cancellationToken).ConfigureAwait(false);
        var egress = new Uri(gatewayAddress, "/egress/security-agent/tools");
        var ingress = new Uri(gatewayAddress, "/mcp/tools");
        var results = new List<bool>();

        async Task Expect(string what, bool held, string detail)
        {
            results.Add(held);
            await output.WriteLineAsync($"{(held ? "✔" : "✘")} {what}: {detail}").ConfigureAwait(false);
        }

        var echo = await NodeParts.RunAgentAsync(egress, alicesToken, "echo", """{"message":"hello from alice's security agent"}""", cancellationToken).ConfigureAwait(false);
        var listed = echo.TryGetProperty("tools", out var names) ? string.Join(", ", names.EnumerateArray().Select(n => n.GetString())) : echo.ToString();
        await Expect("the Node security agent, calling out through egress for alice, is shown only the tools its chain may call", listed == "echo", $"[{listed}]").ConfigureAwait(false);
        var text = echo.TryGetProperty("call", out var call) && call.TryGetProperty("text", out var t) ? t.GetString() : echo.ToString();
        await Expect("it calls echo on the Node MCP server, with a token exchanged for that server (alice → security-agent)", text == "Echo: hello from alice's security agent", text ?? "(none)").ConfigureAwait(false);

        var sum = await NodeParts.RunAgentAsync(egress, alicesToken, "get-sum", """{"a":1,"b":2}""", cancellationToken).ConfigureAwait(false);
        var refusal = sum.TryGetProperty("call", out var refused) ? refused : sum;
        var code = refusal.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : 0;
        await Expect("get-sum, which alice may call but the security agent may not, is refused by the gateway", code == -32043 && refusal.ToString().Contains("security-agent", StringComparison.Ordinal), $"{code} {Message(refusal)}").ConfigureAwait(false);

        using (var passthrough = await SendAsync(http, ingress, alicesToken, Initialize, null, cancellationToken).ConfigureAwait(false))
        {
            var body = await passthrough.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            await Expect("token passthrough fails: alice's token, sent to the tool route itself, is not a token for that route", (int)passthrough.StatusCode == 401 && body.Contains("InvalidAudience", StringComparison.Ordinal), $"{(int)passthrough.StatusCode} {body}").ConfigureAwait(false);
        }

        using (var other = await SendAsync(http, egress, networkAgentsToken, Initialize, null, cancellationToken).ConfigureAwait(false))
        {
            await Expect("another agent's token cannot use the security agent's egress route (nor its credential)", (int)other.StatusCode == 401, $"{(int)other.StatusCode} {other.Headers.WwwAuthenticate}").ConfigureAwait(false);
        }

        using (var none = await SendAsync(http, ingress, null, Initialize, null, cancellationToken).ConfigureAwait(false))
        {
            await Expect("no token: 401, pointing MCP clients at the route's metadata", (int)none.StatusCode == 401 && none.Headers.WwwAuthenticate.ToString().Contains("resource_metadata=", StringComparison.Ordinal), none.Headers.WwwAuthenticate.ToString()).ConfigureAwait(false);
        }

        var aliceOnTools = await UserTokenAsync(http, tokenService, ToolsResource, "read:alerts", cancellationToken).ConfigureAwait(false);
        using (var disagree = await SendAsync(http, ingress, aliceOnTools, """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get-env"}}""", "echo", cancellationToken).ConfigureAwait(false))
        {
            var body = await disagree.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            await Expect("a request whose Mcp-Name header says echo while its body calls get-env is refused", (int)disagree.StatusCode == 400, $"{(int)disagree.StatusCode} {body}").ConfigureAwait(false);
        }

        using (var batch = await SendAsync(http, ingress, aliceOnTools, """[{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"message":"x"}}},{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get-env"}}]""", null, cancellationToken).ConfigureAwait(false))
        {
            var body = await batch.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            await Expect("a batch that smuggles get-env behind echo is refused whole", body.Contains("-32043", StringComparison.Ordinal) && !body.Contains("\"result\"", StringComparison.Ordinal), body).ConfigureAwait(false);
        }

        var policyTests = FgaStoreFile.Load(Path.Combine(AppContext.BaseDirectory, "gateway.fga.yaml")).RunTests();
        await Expect("the gateway's policy file passes its own tests", policyTests.All(r => r.Passed), $"{policyTests.Count(r => r.Passed)}/{policyTests.Count}").ConfigureAwait(false);

        await output.WriteLineAsync().ConfigureAwait(false);
        var failed = results.Count(r => !r);
        await output.WriteLineAsync(failed == 0 ? $"All {results.Count} expectations held." : $"{failed} of {results.Count} expectations failed.").ConfigureAwait(false);
        return failed == 0 ? 0 : 1;
    }

    private const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"sample","version":"1"}}}""";

    private static string Message(JsonElement refusal) => refusal.TryGetProperty("message", out var m) ? m.GetString() ?? string.Empty : refusal.ToString();

    private static GatewayOptions Options(DevTokenServer tokenService, Uri tools, Uri gateway)
    {
        var options = new GatewayOptions
        {
            Urls = gateway.ToString().TrimEnd('/'),
            TokenEndpoint = tokenService.TokenEndpoint,
            AllowHttp = true, // loopback only
            StoreFile = "gateway.fga.yaml",
            IncludeErrorDetails = true,
        };
        options.Issuers.Add(new GatewayIssuerOptions { Issuer = tokenService.Issuer, MetadataAddress = tokenService.MetadataAddress });
        options.Ingress.Add(new IngressRouteOptions
        {
            Name = "tools-mcp", Path = "/mcp/tools", Upstream = tools, Resource = ToolsResource,
            Scopes = { "read:alerts" }, Relation = "can_call", Object = "tool:{tool}", Mcp = true,
        });
        options.Agents.Add(new EgressAgentOptions
        {
            Name = "security-agent", Audience = "security-agent",
            Credential = new GatewayClientCredentialOptions { ClientId = "security-agent", ClientSecret = "security-secret" },
            Routes = { new EgressRouteOptions { Path = "/egress/security-agent/tools", Target = new Uri(gateway, "/mcp/tools"), Resources = { ToolsResource }, Scopes = { "read:alerts" } } },
        });
        return options;
    }

    private static DevTokenServiceOptions TokenServiceOptions() => new()
    {
        Clients =
        [
            new DevClient { ClientId = "homelab-cli", AllowPassword = true, AllowClientCredentials = false, AllowTokenExchange = false, AllowedAudiences = ["security-agent", "network-agent", ToolsResource], AllowedScopes = ["read:alerts", "write:network"] },
            new DevClient { ClientId = "security-agent", ClientSecret = "security-secret", AllowedAudiences = [ToolsResource], AllowedScopes = ["read:alerts"] },
            new DevClient { ClientId = "network-agent", ClientSecret = "network-secret", AllowedAudiences = ["network-api"], AllowedScopes = ["write:network"] },
        ],
        Users = [new DevUser { Username = "alice", Password = Password, Scopes = ["read:alerts", "write:network"] }],
    };

    private static async Task<string> UserTokenAsync(HttpClient http, DevTokenServer server, string audience, string scope, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(server.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "homelab-cli",
            ["username"] = "alice",
            ["password"] = Password,
            ["scope"] = scope,
            [Uri.IsWellFormedUriString(audience, UriKind.Absolute) ? "resource" : "audience"] = audience,
        }), cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
        return body.TryGetProperty("access_token", out var token) ? token.GetString()! : throw new InvalidOperationException($"No token for {audience}: {body}");
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, Uri uri, string? token, string body, string? mcpName, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (mcpName is not null)
        {
            request.Headers.Add("Mcp-Name", mcpName);
        }

        return http.SendAsync(request, cancellationToken);
    }
}

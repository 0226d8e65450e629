using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AgentCore.Security;
using AgentCore.Security.DevTokenService;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab;

/// <summary>The narrated run: the fleet works end to end, and every confused-deputy attempt fails with its reason.</summary>
public static class HomelabRun
{
    private const string UserPassword = "correct horse battery staple";

    public static async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken = default)
    {
        using var traces = new TraceTree();
        var run = new Narration(output);
        output.WriteLine("Homelab fleet: every hop exchanges its token; every recipient validates the chain and asks OpenFGA.");
        output.WriteLine();
        await using var fleet = await Fleet.StartAsync(UserPassword, cancellationToken);
        fleet.Describe(output);

        // alice signs in and calls the coordinator over HTTP, with token A: audience coordinator, scope triage read:alerts.
        using var http = new HttpClient();
        var tokenA = await UserTokenAsync(http, fleet.TokenService, "alice", cancellationToken);
        var trace = await ChainWorksAsync(run, http, fleet, tokenA, cancellationToken);
        await NetworkOverMcpAsync(run, http, fleet, tokenA, cancellationToken);
        output.WriteLine("2. Confused-deputy attempts");
        await InsideTheFleetAsync(run, http, fleet, tokenA, cancellationToken);
        await WithStolenTokensAsync(run, http, fleet, tokenA, cancellationToken);
        OneTrace(run, traces, trace, fleet);
        return run.Finish();
    }

    /// <summary>1. The chain: alice → coordinator (a skill) → security agent → alerts API, and a plain endpoint doing the same.</summary>
    private static async Task<ActivityTraceId> ChainWorksAsync(Narration run, HttpClient http, Fleet fleet, string tokenA, CancellationToken cancellationToken)
    {
        var chainA = (await fleet.Coordinator.Services.GetRequiredService<IAgentTokenValidator>().ValidateAsync(tokenA, cancellationToken)).Chain!;
        run.Output.WriteLine("1. The call chain");
        run.Output.WriteLine($"   user → coordinator       token A  aud={string.Join(',', chainA.Audiences)} scope=\"{string.Join(' ', chainA.Scopes)}\"  chain: {chainA}");
        TriageResponse? triage;
        ActivityTraceId trace;
        using (var root = TraceTree.Source.StartActivity("alice asks the coordinator to triage", ActivityKind.Client))
        {
            trace = root?.TraceId ?? default;
            triage = await TriageAsync(http, fleet, tokenA, "read-alerts", cancellationToken);
        }

        var alerts = triage?.Alerts;
        run.Output.WriteLine($"   coordinator → security   token B  aud=security-agent scope=\"read:alerts\"  chain: {alerts?.ChainAtSecurityAgent}");
        run.Output.WriteLine($"   security → alerts API    token C  aud=alerts-api scope=\"{alerts?.ScopeAtAlertsApi}\"  chain: {alerts?.ChainAtAlertsApi}");
        foreach (var alert in alerts?.Alerts ?? [])
        {
            run.Output.WriteLine($"   alert: {alert}");
        }

        run.Expect("the chain works end to end", alerts is { Alerts.Count: 2 }, "the coordinator's Triage skill got the alerts from ReadAlerts");
        run.Expect("token B names the coordinator as actor", alerts?.ChainAtSecurityAgent == "alice → coordinator", alerts?.ChainAtSecurityAgent ?? triage?.Detail ?? "no answer");
        run.Expect("token C nests security agent over coordinator, scope narrowed", alerts?.ChainAtAlertsApi == "alice → coordinator → security-agent" && alerts.ScopeAtAlertsApi == "read:alerts", $"{alerts?.ChainAtAlertsApi} with \"{alerts?.ScopeAtAlertsApi}\"");

        // A plain minimal-API endpoint (not a skill): authenticated by the scheme, it runs as alice's call too.
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fleet.Coordinator.BaseAddress, "status"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokenA);
        using var response = await http.SendAsync(request, cancellationToken);
        var seen = await response.Content.ReadAsStringAsync(cancellationToken);
        run.Expect("a plain endpoint's outbound call carries the user's chain", seen == "alice → coordinator", $"GET /status called the security agent as: {seen}");
        run.Output.WriteLine();
        return trace;
    }

    /// <summary>3. The first request of part 1 as one trace: every hop, exchange and decision, recorded in process.</summary>
    private static void OneTrace(Narration run, TraceTree traces, ActivityTraceId trace, Fleet fleet)
    {
        var services = new Dictionary<int, string>
        {
            [new Uri(fleet.TokenService.Issuer).Port] = "token service",
            [fleet.Coordinator.BaseAddress.Port] = "coordinator",
            [fleet.SecurityAgent.BaseAddress.Port] = "security agent",
            [fleet.NetworkAgent.BaseAddress.Port] = "network agent",
            [fleet.AlertsApi.BaseAddress.Port] = "alerts API",
            [fleet.NetworkApi.BaseAddress.Port] = "network API",
            [fleet.NetworkController.BaseAddress.Port] = "network MCP",
        };
        run.Output.WriteLine($"3. One request, one trace ({trace}; export the same spans over OTLP, see the README)");
        traces.Write(run.Output, trace, services);
        var spans = traces.Spans(trace);
        var reached = spans.Where(s => s.Source.Name == "Microsoft.AspNetCore").Select(s => TraceTree.ServiceOf(s, spans, services)).OfType<string>().Distinct().Order().ToList();
        var decisions = spans.Count(s => s.OperationName == "agentcore.security.authorize");
        var exchanges = spans.Count(s => s.OperationName == "agentcore.security.token_exchange");
        run.Expect(
            "one request is one trace across the fleet",
            reached.Contains("coordinator") && reached.Contains("security agent") && reached.Contains("alerts API") && decisions >= 3 && exchanges >= 2,
            $"{spans.Count} spans: {string.Join(", ", reached)}; {decisions} decisions, {exchanges} exchanges");
    }

    /// <summary>1b. MCP: the security agent reaches the network controller's MCP server with its own exchanged token.</summary>
    private static async Task NetworkOverMcpAsync(Narration run, HttpClient http, Fleet fleet, string tokenA, CancellationToken cancellationToken)
    {
        var network = (await TriageAsync(http, fleet, tokenA, "read-alerts", cancellationToken))?.Alerts?.Network;
        run.Output.WriteLine("   security → network MCP   token D  aud=" + Fleet.NetworkControllerResource + " scope=\"read:alerts\"");
        var tools = string.Join(", ", network?.Tools ?? []);
        run.Expect("tools/list shows the security agent only what its chain may call", tools == "list_clients" && network!.Clients.Length > 0, $"[{tools}]; list_clients → {network?.Clients}");
        run.Expect("an MCP tool is refused when one principal lacks the relation", network?.HistoryOutcome.Contains("agent:security-agent", StringComparison.Ordinal) == true, network?.HistoryOutcome ?? "no answer");

        // Token C (audience alerts-api) replayed at the MCP server: another resource's token.
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fleet.NetworkController.BaseAddress, "mcp"))
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ListAlertsTool.LastTokenSeen ?? string.Empty);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(request, cancellationToken);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        run.Expect("a token for another resource is refused by the MCP server", (int)response.StatusCode == 401 && challenge.Contains("InvalidAudience", StringComparison.Ordinal), $"{(int)response.StatusCode} {challenge}");
        run.Output.WriteLine();
    }

    /// <summary>2a–2c: agents of the fleet misbehave (prompt-injected, or careless with tokens).</summary>
    private static async Task InsideTheFleetAsync(Narration run, HttpClient http, Fleet fleet, string tokenA, CancellationToken cancellationToken)
    {
        // a. A prompt-injected security agent tries the network controller with its caller's authority.
        var injected = await PostAsync<TriageResponse>(http, new Uri(fleet.SecurityAgent.BaseAddress, "skills/read-alerts"), await fleet.TokenBAsync(tokenA, cancellationToken), new ReadAlertsRequest("high", "aa:bb:cc:dd:ee:ff"), cancellationToken);
        var outcome = injected.Body is null ? null : JsonSerializer.Deserialize<ReadAlertsResponse>(injected.Body, JsonSerializerOptions.Web)?.InjectedOutcome;
        run.Expect("security agent → network controller is refused", outcome?.Contains("invalid_target", StringComparison.Ordinal) == true, outcome ?? injected.Body ?? string.Empty);

        // b. A prompt-injected coordinator hands its own token A on instead of exchanging it.
        var forwarded = await TriageAsync(http, fleet, tokenA, "forward-token", cancellationToken);
        run.Expect("a hand-forwarded token is blocked by the handler", forwarded?.Detail.StartsWith(nameof(TokenExchangeStatus.PassthroughBlocked), StringComparison.Ordinal) == true, $"{forwarded?.Outcome}: {forwarded?.Detail}, never sent");

        // c. The coordinator sends the network agent, but alice granted write:network to no one on this call.
        var block = await TriageAsync(http, fleet, tokenA, "block-client", cancellationToken);
        run.Expect("a scope the user never granted cannot be obtained", block?.Detail.Contains("invalid_scope", StringComparison.Ordinal) == true, $"exchange {block?.Outcome}: {block?.Detail}");
    }

    /// <summary>2d–2g: tokens used where they were not issued for, a widened scope, and a user the policy does not allow.</summary>
    private static async Task WithStolenTokensAsync(Narration run, HttpClient http, Fleet fleet, string tokenA, CancellationToken cancellationToken)
    {
        var raw = await PostAsync<object>(http, new Uri(fleet.SecurityAgent.BaseAddress, "skills/read-alerts"), tokenA, new ReadAlertsRequest("high"), cancellationToken);
        run.Expect("a raw forwarded token is rejected on audience", raw.Status == 401 && raw.Body!.Contains("InvalidAudience", StringComparison.Ordinal), $"{raw.Status} {raw.Body}");

        // The alerts API replays the token it received (token C) at the network controller.
        var replay = await PostAsync<object>(http, new Uri(fleet.NetworkApi.BaseAddress, "block"), ListAlertsTool.LastTokenSeen ?? string.Empty, new BlockRequest("aa:bb:cc:dd:ee:ff"), cancellationToken);
        run.Expect("a token replayed at another service is rejected on audience", replay.Status == 401 && replay.Body!.Contains("InvalidAudience", StringComparison.Ordinal), $"{replay.Status} {replay.Body}");

        // The security agent asks for more scope than it was given.
        var widened = await fleet.SecurityAgent.Services.GetRequiredService<ITokenExchanger>().ExchangeAsync(
            new TokenExchangeRequest { SubjectToken = await fleet.TokenBAsync(tokenA, cancellationToken), Audiences = ["alerts-api"], Scopes = ["read:alerts", "write:network"] }, cancellationToken);
        run.Expect("a widened scope is refused", widened.Error == "invalid_scope", $"{widened.Status} {widened.Error} ({widened.ErrorDescription})");

        // OpenFGA: bob holds a read:alerts token, but the policy does not make him a reader of alerts:homelab.
        var bob = await TriageAsync(http, fleet, await UserTokenAsync(http, fleet.TokenService, "bob", cancellationToken), "read-alerts", cancellationToken);
        run.Expect("OpenFGA denies a chain whose user is not a reader", bob?.Outcome == "403" && bob.Detail.Contains("user:bob", StringComparison.Ordinal), $"{bob?.Outcome} {bob?.Detail}");
    }

    private static async Task<TriageResponse?> TriageAsync(HttpClient http, Fleet fleet, string token, string action, CancellationToken cancellationToken)
    {
        var (_, body) = await PostAsync<TriageRequest>(http, new Uri(fleet.Coordinator.BaseAddress, "skills/triage"), token, new TriageRequest(action), cancellationToken);
        return body is null ? null : JsonSerializer.Deserialize<TriageResponse>(body, JsonSerializerOptions.Web);
    }

    private static async Task<string> UserTokenAsync(HttpClient http, DevTokenServer tokenService, string user, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(tokenService.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "homelab-cli",
            ["username"] = user,
            ["password"] = UserPassword,
            ["scope"] = "triage read:alerts",
            ["audience"] = "coordinator",
        }), cancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    private static async Task<(int Status, string? Body)> PostAsync<T>(HttpClient http, Uri url, string token, object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>Prints each expectation as it is checked, and the verdict.</summary>
    private sealed class Narration(TextWriter output)
    {
        private readonly List<bool> _held = [];

        public TextWriter Output => output;

        public void Expect(string name, bool held, string detail)
        {
            _held.Add(held);
            output.WriteLine($"  {(held ? "✔" : "✘")} {name}: {detail}");
        }

        public int Finish()
        {
            var failed = _held.Count(h => !h);
            output.WriteLine();
            output.WriteLine(failed == 0
                ? $"All {_held.Count} expectations held: the fleet works and every attack failed."
                : $"{failed} of {_held.Count} expectations did not hold.");
            return failed == 0 ? 0 : 1;
        }
    }
}

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AgentCore.Security;
using AgentCore.Security.DevTokenService;
using AgentCore.Security.Jwt;
using AgentCore.Security.TokenExchange;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab;

/// <summary>The narrated run: the fleet works end to end, and every confused-deputy attempt fails with its reason.</summary>
public static class HomelabRun
{
    private const string UserPassword = "correct horse battery staple";

    public static async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken = default)
    {
        var storeFile = Path.Combine(AppContext.BaseDirectory, "fleet.fga.yaml");
        var expectations = new List<(string Name, bool Held)>();
        void Expect(string name, bool held, string detail)
        {
            expectations.Add((name, held));
            output.WriteLine($"  {(held ? "✔" : "✘")} {name}: {detail}");
        }

        output.WriteLine("Homelab fleet: every hop exchanges its token; every recipient validates the chain and asks OpenFGA.");
        output.WriteLine();
        await using var tokenService = await DevTokenServer.StartAsync(new DevTokenServiceOptions
        {
            Clients =
            [
                new DevClient { ClientId = "homelab-cli", AllowPassword = true, AllowClientCredentials = false, AllowTokenExchange = false, AllowedAudiences = ["coordinator"], AllowedScopes = ["triage", "read:alerts", "write:network"] },
                new DevClient { ClientId = "coordinator", ClientSecret = "coordinator-secret", AllowedAudiences = ["security-agent", "network-agent"], AllowedScopes = ["triage", "read:alerts", "write:network"] },
                new DevClient { ClientId = "security-agent", ClientSecret = "security-agent-secret", AllowedAudiences = ["alerts-api"], AllowedScopes = ["read:alerts"] },
                new DevClient { ClientId = "network-agent", ClientSecret = "network-agent-secret", AllowedAudiences = ["network-api"], AllowedScopes = ["write:network"] },
            ],
            Users =
            [
                new DevUser { Username = "alice", Password = UserPassword, Scopes = ["triage", "read:alerts", "write:network"] },
                new DevUser { Username = "bob", Password = UserPassword, Scopes = ["triage", "read:alerts"] },
            ],
        }, cancellationToken);

        await using var alertsApi = await FleetService.StartAsync(tokenService, "alerts-api", "alerts-api", "unused", storeFile,
            s => s.AddAgentTokenChain().AddSkill<ListAlertsTool>(), app => app.MapSkill<ListAlertsTool>("/alerts"), cancellationToken);
        await using var networkApi = await FleetService.StartAsync(tokenService, "network-api", "network-api", "unused", storeFile,
            s => s.AddAgentTokenChain().AddSkill<BlockClientTool>(), app => app.MapSkill<BlockClientTool>("/block"), cancellationToken);
        await using var securityAgent = await FleetService.StartAsync(tokenService, "security-agent", "security-agent", "security-agent-secret", storeFile,
            s =>
            {
                s.AddAgentTokenChain().AddSkill<ReadAlertsSkill>();
                s.AddHttpClient("alerts-api", c => c.BaseAddress = alertsApi.BaseAddress)
                    .AddAgentTokenExchangeHandler(o => o.Target = new() { Audiences = ["alerts-api"], Scopes = ["read:alerts"] });
                s.AddHttpClient("network-api", c => c.BaseAddress = networkApi.BaseAddress)
                    .AddAgentTokenExchangeHandler(o => o.Target = new() { Audiences = ["network-api"], Scopes = ["write:network"] });
            },
            app => app.MapSkill<ReadAlertsSkill>("/skills/read-alerts"), cancellationToken);
        await using var networkAgent = await FleetService.StartAsync(tokenService, "network-agent", "network-agent", "network-agent-secret", storeFile,
            s =>
            {
                s.AddAgentTokenChain().AddSkill<BlockClientSkill>();
                s.AddHttpClient("network-api", c => c.BaseAddress = networkApi.BaseAddress)
                    .AddAgentTokenExchangeHandler(o => o.Target = new() { Audiences = ["network-api"], Scopes = ["write:network"] });
            },
            app => app.MapSkill<BlockClientSkill>("/skills/block"), cancellationToken);
        await using var coordinator = await FleetService.StartAsync(tokenService, "coordinator", "coordinator", "coordinator-secret", storeFile,
            s =>
            {
                s.AddHttpClient("security-agent", c => c.BaseAddress = securityAgent.BaseAddress)
                    .AddAgentTokenExchangeHandler(o => o.Target = new() { Audiences = ["security-agent"], Scopes = ["read:alerts"] });
                s.AddHttpClient("network-agent", c => c.BaseAddress = networkAgent.BaseAddress)
                    .AddAgentTokenExchangeHandler(o => o.Target = new() { Audiences = ["network-agent"], Scopes = ["write:network"] });
            },
            _ => { }, cancellationToken);

        output.WriteLine($"token service   {tokenService.Issuer} (OpenIddict, RFC 8693)");
        output.WriteLine($"coordinator     {coordinator.BaseAddress}");
        output.WriteLine($"security agent  {securityAgent.BaseAddress}  skill ReadAlerts");
        output.WriteLine($"network agent   {networkAgent.BaseAddress}  skill BlockClient");
        output.WriteLine($"alerts API      {alertsApi.BaseAddress}  (Wazuh stand-in)");
        output.WriteLine($"network API     {networkApi.BaseAddress}  (UniFi stand-in)");
        output.WriteLine($"policy          {Path.GetFileName(storeFile)} (embedded OpenFGA, EveryPrincipal)");
        output.WriteLine();

        // 1. alice signs in and hands the coordinator token A: audience coordinator, scope triage read:alerts.
        using var plain = new HttpClient();
        var tokenA = await UserTokenAsync(plain, tokenService, "alice", cancellationToken);
        var coordinatorValidator = coordinator.Services.GetRequiredService<IAgentTokenValidator>();
        var chainA = (await coordinatorValidator.ValidateAsync(tokenA, cancellationToken)).Chain!;
        output.WriteLine("1. The call chain");
        output.WriteLine($"   user → coordinator       token A  aud={string.Join(',', chainA.Audiences)} scope=\"{string.Join(' ', chainA.Scopes)}\"  chain: {chainA}");

        ReadAlertsResponse? alerts = null;
        using (AgentCallContext.Begin(chainA, tokenA))
        {
            var client = coordinator.Services.GetRequiredService<IHttpClientFactory>().CreateClient("security-agent");
            using var response = await client.PostAsJsonAsync("skills/read-alerts", new ReadAlertsRequest("high"), cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                alerts = await response.Content.ReadFromJsonAsync<ReadAlertsResponse>(cancellationToken);
            }
        }

        output.WriteLine($"   coordinator → security   token B  aud=security-agent scope=\"read:alerts\"  chain: {alerts?.ChainAtSecurityAgent}");
        output.WriteLine($"   security → alerts API    token C  aud=alerts-api scope=\"{alerts?.ScopeAtAlertsApi}\"  chain: {alerts?.ChainAtAlertsApi}");
        foreach (var alert in alerts?.Alerts ?? [])
        {
            output.WriteLine($"   alert: {alert}");
        }

        Expect("the chain works end to end", alerts is { Alerts.Count: 2 }, "ReadAlerts returned the alerts");
        Expect("token B names the coordinator as actor", alerts?.ChainAtSecurityAgent == "alice → coordinator", alerts?.ChainAtSecurityAgent ?? "no answer");
        Expect("token C nests security agent over coordinator, scope narrowed", alerts?.ChainAtAlertsApi == "alice → coordinator → security-agent" && alerts.ScopeAtAlertsApi == "read:alerts", $"{alerts?.ChainAtAlertsApi} with \"{alerts?.ScopeAtAlertsApi}\"");
        output.WriteLine();

        output.WriteLine("2. Confused-deputy attempts");

        // a. A prompt-injected security agent tries the network controller with its caller's authority.
        var securityValidator = securityAgent.Services.GetRequiredService<IAgentTokenValidator>();
        // Token B is what the coordinator's handler obtained for the security agent (served from its cache).
        var tokenB = (await coordinator.Services.GetRequiredService<ITokenExchanger>().ExchangeAsync(
            new TokenExchangeRequest { SubjectToken = tokenA, Audiences = ["security-agent"], Scopes = ["read:alerts"] }, cancellationToken)).Token!.AccessToken;
        var chainB = (await securityValidator.ValidateAsync(tokenB, cancellationToken)).Chain!;
        using (AgentCallContext.Begin(chainB, tokenB))
        {
            try
            {
                using var response = await securityAgent.Services.GetRequiredService<IHttpClientFactory>().CreateClient("network-api")
                    .PostAsJsonAsync("block", new BlockRequest("aa:bb:cc:dd:ee:ff"), cancellationToken);
                Expect("security agent → network controller is refused", false, $"it was sent and answered {(int)response.StatusCode}");
            }
            catch (TokenExchangeException e)
            {
                Expect("security agent → network controller is refused", e.Error == "invalid_target", $"exchange refused before sending: {e.Status} {e.Error} ({e.ErrorDescription})");
            }
        }

        // b. The coordinator hand-forwards token A instead of exchanging it.
        using (AgentCallContext.Begin(chainA, tokenA))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "skills/read-alerts") { Content = JsonContent.Create(new ReadAlertsRequest("high")) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokenA);
            try
            {
                using var response = await coordinator.Services.GetRequiredService<IHttpClientFactory>().CreateClient("security-agent").SendAsync(request, cancellationToken);
                Expect("a hand-forwarded token is blocked by the handler", false, $"it was sent and answered {(int)response.StatusCode}");
            }
            catch (TokenPassthroughException e)
            {
                Expect("a hand-forwarded token is blocked by the handler", true, $"{e.Status}: never sent");
            }
        }

        var raw = await PostRawAsync(plain, new Uri(securityAgent.BaseAddress, "skills/read-alerts"), tokenA, new ReadAlertsRequest("high"), cancellationToken);
        Expect("a raw forwarded token is rejected on audience", raw.Status == 401 && raw.Body.Contains("InvalidAudience", StringComparison.Ordinal), $"{raw.Status} {raw.Body}");

        // c. The alerts API replays the token it received (token C) at the network controller.
        var tokenC = ListAlertsTool.LastTokenSeen ?? string.Empty;
        var replay = await PostRawAsync(plain, new Uri(networkApi.BaseAddress, "block"), tokenC, new BlockRequest("aa:bb:cc:dd:ee:ff"), cancellationToken);
        Expect("a token replayed at another service is rejected on audience", replay.Status == 401 && replay.Body.Contains("InvalidAudience", StringComparison.Ordinal), $"{replay.Status} {replay.Body}");

        // d. The security agent asks for more scope than it was given.
        var widened = await securityAgent.Services.GetRequiredService<ITokenExchanger>().ExchangeAsync(
            new TokenExchangeRequest { SubjectToken = tokenB, Audiences = ["alerts-api"], Scopes = ["read:alerts", "write:network"] }, cancellationToken);
        Expect("a widened scope is refused", widened.Error == "invalid_scope", $"{widened.Status} {widened.Error} ({widened.ErrorDescription})");

        // e. The coordinator sends the network agent with alice's token A, but alice granted write:network to no one on this call.
        using (AgentCallContext.Begin(chainA, tokenA))
        {
            try
            {
                using var response = await coordinator.Services.GetRequiredService<IHttpClientFactory>().CreateClient("network-agent")
                    .PostAsJsonAsync("skills/block", new BlockRequest("aa:bb:cc:dd:ee:ff"), cancellationToken);
                Expect("a scope the user never granted cannot be obtained", false, $"it was sent and answered {(int)response.StatusCode}");
            }
            catch (TokenExchangeException e)
            {
                Expect("a scope the user never granted cannot be obtained", e.Error == "invalid_scope", $"exchange refused: {e.Error} ({e.ErrorDescription})");
            }
        }

        // f. OpenFGA: bob holds a read:alerts token, but the policy does not make him a reader of alerts:homelab.
        var tokenBob = await UserTokenAsync(plain, tokenService, "bob", cancellationToken);
        var chainBob = (await coordinatorValidator.ValidateAsync(tokenBob, cancellationToken)).Chain!;
        using (AgentCallContext.Begin(chainBob, tokenBob))
        {
            using var response = await coordinator.Services.GetRequiredService<IHttpClientFactory>().CreateClient("security-agent")
                .PostAsJsonAsync("skills/read-alerts", new ReadAlertsRequest("high"), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            Expect("OpenFGA denies a chain whose user is not a reader", (int)response.StatusCode == 403 && body.Contains("user:bob", StringComparison.Ordinal), $"{(int)response.StatusCode} {body}");
        }

        output.WriteLine();
        var failed = expectations.Count(e => !e.Held);
        output.WriteLine(failed == 0
            ? $"All {expectations.Count} expectations held: the fleet works and every attack failed."
            : $"{failed} of {expectations.Count} expectations did not hold.");
        return failed == 0 ? 0 : 1;
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

    private static async Task<(int Status, string Body)> PostRawAsync<T>(HttpClient http, Uri url, string token, T body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }
}

using System.ComponentModel;
using AgentCore.Security.AspNetCore;
using AgentCore.Security.Jwt;
using AgentCore.Security.OpenFga;
using AgentCore.Security.Tests.Infrastructure;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentCore.Security.Benchmarks;

/// <summary>
/// One <c>tools/call</c> over loopback HTTP with the official C# SDK on both ends (stateless Streamable HTTP): the same
/// tool on a plain MCP server (the baseline) and on the protected one (the <c>AgentToken</c> scheme validating an ES256
/// token with a two-actor chain, the pipeline, the embedded OpenFGA check of every principal). Allocations are the
/// whole process's (client and server). The decision cache is off, so each call asks the evaluator; the validator's
/// verified-token cache is on, as in production (an agent repeats its token until it expires). Loopback HTTP on a
/// shared 2-core machine warms slowly and is noisy: more warm-up and iterations than the other suites.
/// </summary>
[Config(typeof(BenchmarkConfig))]
[WarmupCount(20)]
[IterationCount(25)]
public class McpToolCallBenchmark
{
    private WebApplication _plain = null!;
    private WebApplication _protected = null!;
    private McpClient _plainClient = null!;
    private McpClient _protectedClient = null!;

    [Params(false, true)]
    public bool DecisionCache { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var key = TestKey.Create("ES256");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = TestTokens.Claims(now);
        claims["exp"] = now + 3600;
        var token = TestTokens.Create(key, claims);

        _plain = await StartAsync(key, protect: false);
        _protected = await StartAsync(key, protect: true);
        _plainClient = await ConnectAsync(_plain, token: null);
        _protectedClient = await ConnectAsync(_protected, token);

        // Warm both paths (JIT tiers, Kestrel and HttpClient connections, the verified-token cache) before measuring,
        // so that the first benchmark of a run is not the one that pays for it.
        for (var i = 0; i < 2_000; i++)
        {
            await Unprotected();
            await Protected();
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _plainClient.DisposeAsync();
        await _protectedClient.DisposeAsync();
        await _plain.DisposeAsync();
        await _protected.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public Task<CallToolResult> Unprotected() => _plainClient.CallToolAsync("list_alerts").AsTask();

    [Benchmark]
    public Task<CallToolResult> Protected() => _protectedClient.CallToolAsync("list_alerts").AsTask();

    private static async Task<McpClient> ConnectAsync(WebApplication app, string? token)
    {
        var options = new HttpClientTransportOptions { Endpoint = new Uri(app.Urls.First() + "/mcp"), TransportMode = HttpTransportMode.StreamableHttp };
        if (token is not null)
        {
            options.AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token };
        }

        return await McpClient.CreateAsync(new HttpClientTransport(options));
    }

    private async Task<WebApplication> StartAsync(TestKey key, bool protect)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var mcp = builder.Services.AddMcpServer().WithHttpTransport(o => o.Stateless = true).WithTools<AlertTools>();
        if (protect)
        {
            var store = new EmbeddedFgaStore(FgaModel.Parse(HomelabFga.Model));
            store.Write([
                new FgaTuple("user:alice", "reader", "tool:alerts"),
                new FgaTuple("agent:security-agent-client", "reader", "tool:alerts"),
                new FgaTuple("agent:coordinator", "reader", "tool:alerts"),
            ]);
            builder.Services.AddAgentTokenChain().AddValidator(o =>
            {
                o.Audience = TestTokens.Audience;
                o.Issuers.Add(new TrustedIssuer(TestTokens.Issuer).AddKeys(key.Verification));
            });
            builder.Services.AddSingleton<IDelegationAuthorizer>(new FgaDelegationAuthorizer(
                new EmbeddedFgaCheckClient(store),
                new FgaAuthorizerOptions { EnableDecisionCache = DecisionCache }));
            builder.Services.AddAuthentication(AgentTokenDefaults.AuthenticationScheme).AddAgentToken(o => o.Resource = new Uri("https://security-agent.example/mcp"));
            builder.Services.AddAuthorization();
            mcp.AddAgentTokenChain();
        }

        var app = builder.Build();
        if (protect)
        {
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapMcp("/mcp").RequireAgentTokenChain();
        }
        else
        {
            app.MapMcp("/mcp");
        }

        await app.StartAsync();
        return app;
    }

    /// <summary>The tool, declared as a protected server declares it (the plain server ignores the attributes).</summary>
    [McpServerToolType]
    public sealed class AlertTools
    {
        [McpServerTool(Name = "list_alerts")]
        [Description("Lists the homelab's alerts.")]
        [RequireScope("read:alerts")]
        [RequireRelation("reader", "tool:alerts")]
        public static string ListAlerts() => "3 alerts";
    }
}

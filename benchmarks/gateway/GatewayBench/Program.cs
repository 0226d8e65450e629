// The load targets of benchmarks/gateway: everything on loopback, in this one process.
//   GatewayBench STATE_DIR
// writes STATE_DIR/env (the addresses, and the files holding the two development tokens), then serves until stopped.
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using AgentCore.Security.DevTokenService;
using AgentCore.Security.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

const string Resource = "https://tools.bench.example/api";
var state = Path.GetFullPath(args.Length > 0 ? args[0] : throw new ArgumentException("usage: GatewayBench STATE_DIR"));
Directory.CreateDirectory(state);

await using var tokenService = await DevTokenServer.StartAsync(new DevTokenServiceOptions
{
    AccessTokenLifetime = TimeSpan.FromHours(2), // longer than the longest soak
    Clients =
    [
        new DevClient { ClientId = "bench-cli", AllowPassword = true, AllowClientCredentials = false, AllowTokenExchange = false, AllowedAudiences = [Resource, "bench-agent"], AllowedScopes = ["read:alerts"] },
        new DevClient { ClientId = "bench-agent", ClientSecret = "bench-secret", AllowedAudiences = ["tools-api"], AllowedScopes = ["read:alerts"] },
    ],
    Users = [new DevUser { Username = "alice", Password = "alice-password", Scopes = ["read:alerts"] }],
});

// The upstream: a small fixed answer for any path.
var upstream = Quiet(WebApplication.CreateSlimBuilder());
upstream.WebHost.UseUrls("http://127.0.0.1:0");
var upstreamApp = upstream.Build();
upstreamApp.Run(static context => context.Response.WriteAsync("ok", context.RequestAborted));
await upstreamApp.StartAsync();
var upstreamAddress = upstreamApp.Urls.Single();

// Plain YARP, configured as its users configure it: one route, one cluster, the prefix removed; no security.
var yarp = Quiet(WebApplication.CreateSlimBuilder());
yarp.WebHost.UseUrls("http://127.0.0.1:0");
yarp.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "tools", ClusterId = "upstream", Match = new RouteMatch { Path = "/api/tools/{**rest}" }, Transforms = [new Dictionary<string, string> { ["PathRemovePrefix"] = "/api/tools" }] }],
    [new ClusterConfig { ClusterId = "upstream", Destinations = new Dictionary<string, DestinationConfig> { ["one"] = new() { Address = upstreamAddress } } }]);
var yarpApp = yarp.Build();
yarpApp.MapReverseProxy();
await yarpApp.StartAsync();

// The gateway: an ingress route with every check, and an egress route whose exchange is cached after the first call.
var store = Path.Combine(state, "bench.fga.yaml");
await File.WriteAllTextAsync(store, """
    name: bench
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
    """);
var options = new GatewayOptions { Urls = "http://127.0.0.1:0", TokenEndpoint = tokenService.TokenEndpoint, AllowHttp = true, StoreFile = store };
options.Issuers.Add(new GatewayIssuerOptions { Issuer = tokenService.Issuer, MetadataAddress = tokenService.MetadataAddress });
options.Ingress.Add(new IngressRouteOptions { Name = "tools", Path = "/api/tools", Upstream = new Uri(upstreamAddress), Resource = Resource, Scopes = { "read:alerts" }, Relation = "can_call", Object = "tool:{0}" });
options.Agents.Add(new EgressAgentOptions
{
    Name = "bench-agent", Audience = "bench-agent", Credential = new GatewayClientCredentialOptions { ClientId = "bench-agent", ClientSecret = "bench-secret" },
    Routes = { new EgressRouteOptions { Path = "/egress/bench-agent", Target = new Uri(upstreamAddress), Audiences = { "tools-api" }, Scopes = { "read:alerts" } } },
});
await using var gateway = GatewayApplication.Build(options, state, static builder => Quiet(builder));
await gateway.StartAsync();

using var http = new HttpClient();
await WriteTokenAsync(Resource, "ingress.token");
await WriteTokenAsync("bench-agent", "egress.token");
await File.WriteAllTextAsync(Path.Combine(state, "env"), $"""
    UPSTREAM={upstreamAddress}
    YARP={yarpApp.Urls.Single()}
    GATEWAY={gateway.Urls.Single()}
    INGRESS_TOKEN_FILE={Path.Combine(state, "ingress.token")}
    EGRESS_TOKEN_FILE={Path.Combine(state, "egress.token")}
    PID={Environment.ProcessId}

    """);
Console.WriteLine($"ready: {Path.Combine(state, "env")}");

// The managed heap as the last collection left it, every 2 s (seconds since start, bytes): soak.sh reports it beside the
// resident memory, so growth of the process can be told apart from growth of what the code holds on to.
var started = TimeProvider.System.GetTimestamp();
using var heapSampler = new Timer(
    _ => File.AppendAllText(Path.Combine(state, "heap"), $"{(int)TimeProvider.System.GetElapsedTime(started).TotalSeconds} {GC.GetGCMemoryInfo().HeapSizeBytes}\n"),
    null,
    TimeSpan.Zero,
    TimeSpan.FromSeconds(2));

// Each host's console lifetime takes SIGTERM for itself (and then only that host stops): this process ends on SIGTERM
// or SIGINT from the scripts, whichever host saw it first.
var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stopped.TrySetResult(); });
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stopped.TrySetResult(); });
await stopped.Task;
await gateway.StopAsync();
await yarpApp.StopAsync();
await upstreamApp.StopAsync();
return 0;

async Task WriteTokenAsync(string audience, string file)
{
    using var response = await http.PostAsync(tokenService.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["grant_type"] = "password", ["client_id"] = "bench-cli", ["username"] = "alice", ["password"] = "alice-password", ["scope"] = "read:alerts",
        [Uri.IsWellFormedUriString(audience, UriKind.Absolute) ? "resource" : "audience"] = audience,
    }));
    var body = await response.Content.ReadFromJsonAsync<JsonElement>();
    var path = Path.Combine(state, file);
    await File.WriteAllTextAsync(path, body.GetProperty("access_token").GetString());
    if (!OperatingSystem.IsWindows())
    {
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}

static WebApplicationBuilder Quiet(WebApplicationBuilder builder)
{
    builder.Logging.ClearProviders();
    return builder;
}

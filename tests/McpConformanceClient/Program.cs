// The MCP conformance suite runs this program with the mock server's URL as its last argument, the scenario in
// MCP_CONFORMANCE_SCENARIO and the scenario's credentials in MCP_CONFORMANCE_CONTEXT (JSON). It behaves as an agent
// with no user in the call: discover the server's authorization (RFC 9728, RFC 8414), get a token with client
// credentials (client_secret_basic, or private_key_jwt), then list and call the server's tools. Exit 0 only when all
// of that worked; a refusal (a resource mismatch) exits 1 before any token is asked for.
using System.Security.Cryptography;
using System.Text.Json;
using AgentCore.Security.Mcp.Client;
using AgentCore.Security.TokenExchange;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

var server = new Uri(args[^1]);
var scenario = Environment.GetEnvironmentVariable("MCP_CONFORMANCE_SCENARIO") ?? "(none)";
using var context = JsonDocument.Parse(Environment.GetEnvironmentVariable("MCP_CONFORMANCE_CONTEXT") is { Length: > 0 } json ? json : "{}");
string? Context(string name) => context.RootElement.TryGetProperty(name, out var value) ? value.GetString() : null;
using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(25));

try
{
    using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
    var found = await new McpAuthorizationDiscovery(http).DiscoverAsync(server, cancel.Token);
    Console.WriteLine($"{scenario}: resource {found.Resource}, authorization server {found.Issuer}, token endpoint {found.TokenEndpoint}");

    using var signingKey = Context("private_key_pem") is { } pem ? ImportKey(pem) : null;
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddAgentTokenChain().AddTokenExchange(o =>
    {
        o.TokenEndpoint = found.TokenEndpoint;
        o.RequireHttps = !found.TokenEndpoint.IsLoopback;
        o.ClientId = Context("client_id");
        o.ClientSecret = Context("client_secret");
        o.NoInboundToken = NoInboundTokenBehavior.UseClientCredentials;
        if (signingKey is not null)
        {
            o.ClientAuthentication = ClientAuthenticationMethod.PrivateKeyJwt;
            o.ClientAssertionSigningCredentials = new SigningCredentials(new ECDsaSecurityKey(signingKey), SecurityAlgorithms.EcdsaSha256);
            o.ClientAssertionAudience = found.Issuer;
        }
    });
    services.AddAgentMcpClient("server", o =>
    {
        o.Endpoint = server;
        foreach (var scope in found.ScopesToRequest())
        {
            o.Scopes.Add(scope);
        }
    });
    await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    await using var client = await provider.GetRequiredService<IAgentMcpClientFactory>().CreateAsync("server", cancel.Token);
    foreach (var tool in await client.ListToolsAsync(cancellationToken: cancel.Token))
    {
        var result = await client.CallToolAsync(tool.Name, cancellationToken: cancel.Token);
        Console.WriteLine($"{tool.Name}: {(result.IsError == true ? "error" : "ok")}");
    }

    return 0;
}
catch (McpDiscoveryException e)
{
    Console.Error.WriteLine($"{scenario}: refused ({e.Failure}): {e.Message}");
    return 1;
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    Console.Error.WriteLine($"{scenario}: failed: {e}");
    return 1;
}

static ECDsa ImportKey(string pem)
{
    var key = ECDsa.Create();
    key.ImportFromPem(pem);
    return key;
}

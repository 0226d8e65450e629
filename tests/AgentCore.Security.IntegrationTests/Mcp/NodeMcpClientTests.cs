using System.Text.Json;
using AgentCore.Security.IntegrationTests.Infrastructure;

namespace AgentCore.Security.IntegrationTests.Mcp;

/// <summary>
/// A client nobody here wrote: the official TypeScript SDK (<c>@modelcontextprotocol/sdk</c>, pinned in
/// <c>tests/node-mcp-client/package-lock.json</c>, installed by <c>.ci/run</c>) lists and calls tools on the protected
/// C# server with tokens from the token service, and gets the right refusals without them.
/// </summary>
public sealed class NodeMcpClientTests(TokenServiceFixture tokenService) : IClassFixture<TokenServiceFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithAToken_ListsOnlyWhatTheChainMayCall_AndCallsIt()
    {
        await using var server = await McpTestServer.StartAsync(tokenService, stateless: false, Cancel);
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", Fleet.McpResource, "read:alerts");

        var report = await RunAsync(server, token, "list_alerts");

        report.GetProperty("tools").EnumerateArray().Select(t => t.GetString()).ShouldBe(["list_alerts", "self_test"]);
        report.GetProperty("call").GetProperty("text").GetString().ShouldBe("3 alerts");
        server.Calls.ShouldHaveSingleItem().Chain.Subject.ShouldBe("alice");
    }

    [Fact]
    public async Task WithAToken_ToolItMayNotCall_IsRefused_AndNothingRuns()
    {
        await using var server = await McpTestServer.StartAsync(tokenService, stateless: false, Cancel);
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", Fleet.McpResource, "read:alerts");

        var report = await RunAsync(server, token, "block_host", """{"host":"nas"}""");

        report.GetProperty("call").ToString().ShouldContain("write:network");
        server.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task WithoutAToken_IsRefusedWith401()
    {
        await using var server = await McpTestServer.StartAsync(tokenService, stateless: false, Cancel);

        var report = await RunAsync(server, token: null, "list_alerts");

        report.GetProperty("error").ToString().ShouldContain("401");
        server.Calls.ShouldBeEmpty();
    }

    private static async Task<JsonElement> RunAsync(McpTestServer server, string? token, string tool, string? json = null)
    {
        var folder = Path.Combine(ExternalProcess.RepositoryRoot, "tests", "node-mcp-client");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@modelcontextprotocol", "sdk")))
        {
            Assert.Skip($"The TypeScript MCP SDK is not installed: run 'npm ci' in {folder} (.ci/run does).");
        }

        string[] arguments = json is null ? ["client.mjs", server.Endpoint.ToString(), tool] : ["client.mjs", server.Endpoint.ToString(), tool, json];
        var environment = token is null ? null : new Dictionary<string, string> { ["AGENT_TOKEN"] = token };
        var (exitCode, output, errors) = await ExternalProcess.RunAsync("node", folder, arguments, environment, TimeSpan.FromSeconds(60), Cancel);
        exitCode.ShouldBe(0, errors);
        return JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement.Clone();
    }
}

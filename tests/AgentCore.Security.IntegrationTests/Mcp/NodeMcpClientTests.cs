using System.Diagnostics;
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

        report.GetProperty("tools").EnumerateArray().Select(t => t.GetString()).ShouldBe(["list_alerts"]);
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

    private static async Task<JsonElement> RunAsync(McpTestServer server, string? token, string tool, string? arguments = null)
    {
        var folder = Path.Combine(Root(), "tests", "node-mcp-client");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@modelcontextprotocol", "sdk")))
        {
            Assert.Skip($"The TypeScript MCP SDK is not installed: run 'npm ci' in {folder} (.ci/run does).");
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("client.mjs");
        start.ArgumentList.Add(server.Endpoint.ToString());
        start.ArgumentList.Add(tool);
        if (arguments is not null)
        {
            start.ArgumentList.Add(arguments);
        }

        if (token is not null)
        {
            start.Environment["AGENT_TOKEN"] = token;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var text = await output;
        process.ExitCode.ShouldBe(0, await errors);
        return JsonDocument.Parse(text.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AgentCore.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (AgentCore.sln) is not above the test's directory.");
    }
}

using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AgentCore.Security.IntegrationTests.Mcp;

/// <summary>
/// The MCP conformance suite (<c>@modelcontextprotocol/conformance</c>, pinned in tests/node-mcp-client) runs its client
/// auth scenarios that apply to an agent with no user in the call against <c>tests/McpConformanceClient</c>: its mock
/// authorization and MCP servers check discovery, the token request and every bearer token. The other auth scenarios
/// need an interactive authorization-code flow, which an agent of this library never runs (its user's token comes
/// from its caller); they are listed, with why, in src/AgentCore.Security.Mcp/README.md.
/// </summary>
public sealed partial class McpConformanceTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("auth/client-credentials-basic")]
    [InlineData("auth/client-credentials-jwt")]
    [InlineData("auth/pre-registration")]
    [InlineData("auth/resource-mismatch")]
    public async Task ClientAuthScenario_Passes(string scenario)
    {
        var root = Root();
        var suite = Path.Combine(root, "tests", "node-mcp-client", "node_modules", ".bin", "conformance");
        if (!File.Exists(suite))
        {
            Assert.Skip($"The MCP conformance suite is not installed: run 'npm ci' in tests/node-mcp-client (.ci/run does).");
        }

        var start = new ProcessStartInfo(suite) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "client", "--command", "dotnet run --no-build --project tests/McpConformanceClient --", "--scenario", scenario, "--timeout", "60000" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The conformance suite did not start.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
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

        var text = Ansi().Replace(await output + await errors, string.Empty);
        var passed = PassedLine().Match(text);
        passed.Success.ShouldBeTrue(text);
        passed.Groups["failed"].Value.ShouldBe("0", text);
        passed.Groups["warnings"].Value.ShouldBe("0", text);
        process.ExitCode.ShouldBe(0, text);
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

    [GeneratedRegex(@"Passed: (?<passed>\d+)/(?<total>\d+), (?<failed>\d+) failed, (?<warnings>\d+) warnings")]
    private static partial Regex PassedLine();

    [GeneratedRegex(@"\x1B\[[0-9;]*m")]
    private static partial Regex Ansi();
}

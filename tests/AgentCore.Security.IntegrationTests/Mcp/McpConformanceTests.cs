using System.Text.RegularExpressions;
using AgentCore.Security.IntegrationTests.Infrastructure;

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
        var root = ExternalProcess.RepositoryRoot;
        var suite = Path.Combine(root, "tests", "node-mcp-client", "node_modules", ".bin", "conformance");
        if (!File.Exists(suite))
        {
            Assert.Skip("The MCP conformance suite is not installed: run 'npm ci' in tests/node-mcp-client (.ci/run does).");
        }

        string[] arguments = ["client", "--command", "dotnet run --no-build --project tests/McpConformanceClient --", "--scenario", scenario, "--timeout", "60000"];
        var (exitCode, output, errors) = await ExternalProcess.RunAsync(suite, root, arguments, null, TimeSpan.FromSeconds(120), Cancel);

        var text = Ansi().Replace(output + errors, string.Empty);
        var passed = PassedLine().Match(text);
        passed.Success.ShouldBeTrue(text);
        passed.Groups["failed"].Value.ShouldBe("0", text);
        passed.Groups["warnings"].Value.ShouldBe("0", text);
        exitCode.ShouldBe(0, text);
    }

    [GeneratedRegex(@"Passed: (?<passed>\d+)/(?<total>\d+), (?<failed>\d+) failed, (?<warnings>\d+) warnings")]
    private static partial Regex PassedLine();

    [GeneratedRegex(@"\x1B\[[0-9;]*m")]
    private static partial Regex Ansi();
}

using GatewaySample;

namespace AgentCore.Security.IntegrationTests.Samples;

/// <summary>`dotnet run --project samples/Gateway`, run in process: the mixed fleet works through the gateway and every attack fails.</summary>
public sealed class GatewaySampleTests
{
    [Fact]
    public async Task Gateway_RunsTheMixedFleet_AndEveryExpectationHolds()
    {
        if (!NodeParts.Installed)
        {
            Assert.Skip($"The npm packages are not installed: run 'npm ci' in {NodeParts.Folder} (.ci/run does; the sample itself would).");
        }

        using var output = new StringWriter();

        var exitCode = await GatewayRun.RunAsync(output, TestContext.Current.CancellationToken);

        var text = output.ToString();
        TestContext.Current.TestOutputHelper?.WriteLine(text);
        exitCode.ShouldBe(0, text);
        text.ShouldContain("✔ the Node security agent, calling out through egress for alice, is shown only the tools its chain may call: [echo]");
        text.ShouldContain("agent:security-agent may not can_call tool:get-sum.");
        text.ShouldContain("All 9 expectations held.");
        text.ShouldNotContain("✘");
    }
}

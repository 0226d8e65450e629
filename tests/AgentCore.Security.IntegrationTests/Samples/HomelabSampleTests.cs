namespace AgentCore.Security.IntegrationTests.Samples;

/// <summary>`dotnet run --project samples/Homelab`, run in process: the fleet works and every attack fails.</summary>
public sealed class HomelabSampleTests
{
    [Fact]
    public async Task Homelab_RunsTheFleet_AndEveryExpectationHolds()
    {
        using var output = new StringWriter();

        var exitCode = await Homelab.HomelabRun.RunAsync(output, TestContext.Current.CancellationToken);

        var text = output.ToString();
        TestContext.Current.TestOutputHelper?.WriteLine(text);
        exitCode.ShouldBe(0, text);
        text.ShouldContain("chain: alice → coordinator → security-agent");
        text.ShouldContain("All 10 expectations held");
        text.ShouldNotContain("✘");
    }
}

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
        text.ShouldContain("✔ a plain endpoint's outbound call carries the user's chain: GET /status called the security agent as: alice → coordinator");
        text.ShouldContain("All 15 expectations held");
        text.ShouldContain("   └ → POST coordinator /skills/triage (200)");         // one trace: alice's call is the root's child,
        text.ShouldContain("authorize [alice → coordinator → security-agent] reader alerts:homelab → allowed"); // the alerts API's decision is in it
        text.ShouldNotContain("✘");
    }

    [Fact]
    public void FleetStoreFile_ItsOwnTestsPass()
    {
        var store = AgentCore.Security.OpenFga.FgaStoreFile.Load(Path.Combine(AppContext.BaseDirectory, "fleet.fga.yaml"));

        var results = store.RunTests();

        results.Count.ShouldBe(5); // one per assertion: reader, operator, reader, viewer, auditor
        results.ShouldAllBe(r => r.Passed);
    }
}

using AgentCore.Security.Tests.Infrastructure;

namespace AgentCore.Security.Tests.Cli;

/// <summary><c>agentcore fga check|test|conformance</c> against the shared CLI examples and Check suites.</summary>
public sealed class FgaCommandsTests
{
    [Fact]
    public async Task Check_ConditionalTupleWithContext_IsAllowedExit0()
    {
        var store = SharedFiles.PathOf("conformance", "openfga-cli", "example", "store_abac.fga.yaml");

        var (code, stdout, _) = await CliRunner.Run("fga", "check", "--store", store, "user:anne", "viewer", "document:1",
            "--context", """{"current_timestamp":"2023-05-03T21:25:23+00:00","user_ip":"192.168.0.0"}""");

        code.ShouldBe(0);
        stdout.ShouldContain("allowed: user:anne viewer document:1");
    }

    [Fact]
    public async Task Check_MissingConditionParameter_IsError2000Exit1()
    {
        var store = SharedFiles.PathOf("conformance", "openfga-cli", "example", "store_abac.fga.yaml");

        var (code, stdout, _) = await CliRunner.Run("fga", "check", "--store", store, "user:anne", "viewer", "document:1");

        code.ShouldBe(1);
        stdout.ShouldContain("error 2000");
    }

    [Fact]
    public async Task Check_ContextualTuple_GrantsForThisRequestOnly()
    {
        var store = SharedFiles.PathOf("conformance", "openfga-cli", "example", "model.fga.yaml");

        // folder:product-2021Q1 → parent folder:product-2021 → parent folder:5; owning folder:5 makes bob a viewer below it.
        var (denied, _, _) = await CliRunner.Run("fga", "check", "--store", store, "user:bob", "can_view", "folder:product-2021Q1");
        var (allowed, stdout, _) = await CliRunner.Run("fga", "check", "--store", store, "user:bob", "can_view", "folder:product-2021Q1", "--contextual-tuple", "user:bob", "owner", "folder:5");

        denied.ShouldBe(1);
        allowed.ShouldBe(0, stdout);
    }

    [Fact]
    public async Task Test_CliExample_AllPass()
    {
        var (code, stdout, _) = await CliRunner.Run("fga", "test", SharedFiles.PathOf("conformance", "openfga-cli", "example", "model.fga.yaml"));

        code.ShouldBe(0, stdout);
        stdout.ShouldContain("PASS folder-document-access");
        stdout.TrimEnd().Split('\n')[^1].ShouldBe("25 passed, 0 failed");
    }

    [Fact]
    public async Task Conformance_PrintsALinePerKind_ThenTheSummaryLine_AndSkipsMissingFiles()
    {
        var abac = SharedFiles.PathOf("conformance", "openfga", "abac_tests.yaml");

        var (code, stdout, stderr) = await CliRunner.Run("fga", "conformance", abac, "no-such-file.yaml");

        code.ShouldBe(0, stdout);
        stdout.TrimEnd().Split('\n')[^4..].ShouldBe(["check: 207 passed, 0 failed", "list-objects: 125 passed, 0 failed", "list-users: 142 passed, 0 failed", "474 passed, 0 failed, 1 skipped"]);
        stderr.ShouldContain("no-such-file.yaml: not found");
    }

    [Theory]
    [InlineData("fga", "check", "user:anne", "viewer", "document:1")]
    [InlineData("fga", "test")]
    [InlineData("fga", "conformance")]
    [InlineData("fga", "frobnicate")]
    public async Task UsageErrors_Exit2(params string[] args)
    {
        var (code, _, stderr) = await CliRunner.Run(args);

        code.ShouldBe(2);
        stderr.ShouldNotBeEmpty();
    }
}

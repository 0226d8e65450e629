using System.Text.Json;
using System.Text.Json.Nodes;
using AgentCore.Security.Tests.Infrastructure;

namespace AgentCore.Security.Tests.Cli;

public sealed class TokenCommandsTests : IDisposable
{
    private static readonly TestKey Key = TestKey.Create("RS256");
    private static readonly TestKey Secret = TestKey.Create("HS256", "shared-secret");
    private readonly string _dir = Directory.CreateTempSubdirectory("agentcore-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Validate_ValidToken_ExitsZeroAndNeverEchoesTheToken()
    {
        var token = TestTokens.Create(Key);
        var (code, stdout, _) = await CliRunner.Run("token", "validate", "--jwks", Jwks(), "--issuer", TestTokens.Issuer, "--audience", TestTokens.Audience, "--now", TestTokens.Now.ToString(), token);

        code.ShouldBe(0);
        stdout.ShouldContain("VALID chain: alice → coordinator → security-agent-client");
        stdout.ShouldNotContain(token);
        stdout.ShouldNotContain(token[..40]);
    }

    [Fact]
    public async Task Validate_Json_PrintsTheDocumentedShape()
    {
        var (code, stdout, _) = await CliRunner.Run("token", "validate", "--jwks", Jwks(), "--issuer", TestTokens.Issuer, "--audience", TestTokens.Audience, "--now", TestTokens.Now.ToString(), "--json", TestTokens.Create(Key));

        code.ShouldBe(0);
        var json = JsonNode.Parse(stdout)!.AsObject();
        json["valid"]!.GetValue<bool>().ShouldBeTrue();
        json["status"]!.GetValue<string>().ShouldBe("Valid");
        json["subject"]!.GetValue<string>().ShouldBe("alice");
        json["clientId"]!.GetValue<string>().ShouldBe("security-agent-client");
        json["scopes"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe(["read:alerts"]);
        json["actors"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe(["security-agent-client", "coordinator"]);
    }

    [Fact]
    public async Task Validate_Batch_PrintsOneLinePerTokenInOrderAndExitsOne()
    {
        var tokens = new[]
        {
            TestTokens.Create(Key),
            TestTokens.Create(Key, TestTokens.Claims().Also(c => c["aud"] = "network-agent")),
            TestTokens.Create(Secret),
            "not-a-token",
        };
        var batch = Path.Combine(_dir, "batch.json");
        await File.WriteAllTextAsync(batch, JsonSerializer.Serialize(tokens), TestContext.Current.CancellationToken);

        var (code, stdout, _) = await CliRunner.Run("token", "validate", "--jwks", Jwks(), "--issuer", TestTokens.Issuer, "--audience", TestTokens.Audience, "--now", TestTokens.Now.ToString(), "--batch", batch);

        code.ShouldBe(1);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        lines.Select(l => l["status"]!.GetValue<string>()).ShouldBe(["Valid", "InvalidAudience", "Valid", "Malformed"]);
        lines[1]["valid"]!.GetValue<bool>().ShouldBeFalse();
        lines[1]["subject"].ShouldBeNull();
        foreach (var token in tokens)
        {
            stdout.ShouldNotContain(token);
        }
    }

    [Fact]
    public async Task Validate_OptionsChangeTheOutcome()
    {
        var token = TestTokens.Create(Key);
        string[] common = ["token", "validate", "--jwks", Jwks(), "--issuer", TestTokens.Issuer, "--audience", TestTokens.Audience, "--json"];

        (await CliRunner.Run([.. common, "--now", (TestTokens.Now + 400).ToString(), token])).Stdout.ShouldContain("\"Expired\"");
        (await CliRunner.Run([.. common, "--now", (TestTokens.Now + 400).ToString(), "--clock-skew", "120", token])).Code.ShouldBe(0);
        (await CliRunner.Run([.. common, "--now", TestTokens.Now.ToString(), "--require-scope", "write:alerts", token])).Stdout.ShouldContain("\"InsufficientScope\"");
        (await CliRunner.Run([.. common, "--now", TestTokens.Now.ToString(), "--max-chain-depth", "1", token])).Stdout.ShouldContain("\"ChainTooDeep\"");
        (await CliRunner.Run([.. common, "--now", TestTokens.Now.ToString(), "--typ", "JWT", token])).Stdout.ShouldContain("\"InvalidType\"");
    }

    [Theory]
    [InlineData("token", "validate", "--issuer", "x")]
    [InlineData("token", "validate", "--jwks", "missing.json", "--issuer", "x", "--audience", "y", "t")]
    [InlineData("token", "validate", "--bogus")]
    [InlineData("token", "frobnicate")]
    [InlineData("token", "inspect")]
    public async Task UsageErrors_ExitTwo(params string[] args)
    {
        (await CliRunner.Run(args)).Code.ShouldBe(2);
    }

    [Fact]
    public async Task Inspect_DrawsTheChainAndSaysItIsUnverified()
    {
        var (code, stdout, _) = await CliRunner.Run("token", "inspect", TestTokens.Create(Key));

        code.ShouldBe(0);
        stdout.ShouldContain("UNVERIFIED");
        stdout.ShouldContain("alice  (subject)");
        stdout.ShouldContain("└─ coordinator  (earlier actor, held scope: read:alerts triage openid)");
        stdout.ShouldContain("   └─ security-agent-client  (current actor, held scope: read:alerts triage)");
        stdout.IndexOf("coordinator", StringComparison.Ordinal).ShouldBeLessThan(stdout.IndexOf("   └─ security-agent-client", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Inspect_Garbage_ExitsOne()
    {
        (await CliRunner.Run("token", "inspect", "a.b")).Code.ShouldBe(1);
    }

    [Fact]
    public async Task Inspect_UnpairedSurrogateEscape_ShowsTheTextAsSent_AndExitsOne_WithoutCrashing()
    {
        var token = TestTokens.B64("{\"alg\":\"RS256\",\"kid\":\"\\ud800\",\"typ\":\"at+jwt\"}") + "." + TestTokens.B64("{\"sub\":\"\\udc00x\"}") + ".c2ln";

        var (code, stdout, stderr) = await CliRunner.Run("token", "inspect", token);

        code.ShouldBe(1);
        stdout.ShouldContain("unpaired surrogate");
        stdout.ShouldContain("\"kid\":\"\\ud800\"");
        stderr.ShouldContain("refuses it as malformed");
    }

    private string Jwks()
    {
        var path = Path.Combine(_dir, "jwks.json");
        File.WriteAllText(path, new JsonObject { ["keys"] = new JsonArray(Key.ToJwk(), Secret.ToJwk()) }.ToJsonString());
        return path;
    }
}

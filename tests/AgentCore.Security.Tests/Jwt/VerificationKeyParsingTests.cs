using AgentCore.Security.Jwt;

namespace AgentCore.Security.Tests.Jwt;

public sealed class VerificationKeyParsingTests
{
    [Theory]
    [InlineData("kid")]
    [InlineData("kty")]
    [InlineData("use")]
    public void ParseJwks_MemberWithUnpairedSurrogateEscape_IsFormatException_NamingTheMember(string member)
    {
        var jwk = new Dictionary<string, string> { ["kty"] = "oct", ["kid"] = "k1", ["k"] = TestTokensB64(new byte[32]), ["use"] = "sig" };
        jwk[member] = "\\ud800";
        var json = "{\"keys\":[{" + string.Join(",", jwk.Select(p => $"\"{p.Key}\":\"{p.Value}\"")) + "}]}";

        var ex = Should.Throw<FormatException>(() => VerificationKey.ParseJwks(json, allowSymmetricKeys: true));
        ex.Message.ShouldContain($"member '{member}' holds an unpaired surrogate escape");
    }

    private static string TestTokensB64(byte[] data) => AgentCore.Security.Tests.Infrastructure.TestTokens.B64(data);
}

using System.Text;
using System.Text.Json.Nodes;

namespace AgentCore.Security.Tests.Infrastructure;

/// <summary>Builds signed compact JWS tokens byte for byte, so tests can craft any header or payload.</summary>
public static class TestTokens
{
    public const string Issuer = "https://idp.test";
    public const string Audience = "security-agent";
    public const long Now = 1_800_000_000; // 2027-01-15T08:00:00Z

    public static string B64(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string B64(string text) => B64(Encoding.UTF8.GetBytes(text));

    public static JsonObject Header(TestKey key, string typ = "at+jwt") => new() { ["alg"] = key.Alg, ["kid"] = key.Kid, ["typ"] = typ };

    /// <summary>The claims of a token the coordinator exchanged on behalf of alice, for the security agent.</summary>
    public static JsonObject Claims(long now = Now) => new()
    {
        ["iss"] = Issuer,
        ["sub"] = "alice",
        ["aud"] = Audience,
        ["exp"] = now + 300,
        ["iat"] = now - 10,
        ["nbf"] = now - 10,
        ["jti"] = "jti-1",
        ["client_id"] = "security-agent-client",
        ["scope"] = "read:alerts",
        ["act"] = new JsonObject
        {
            ["sub"] = "security-agent-client",
            ["scope"] = "read:alerts triage",
            ["act"] = new JsonObject { ["sub"] = "coordinator", ["scope"] = "read:alerts triage openid" },
        },
    };

    public static string Create(TestKey key, JsonObject? claims = null, JsonObject? header = null) =>
        CreateRaw(key, (header ?? Header(key)).ToJsonString(), (claims ?? Claims()).ToJsonString());

    public static string CreateRaw(TestKey key, string headerJson, string payloadJson, string? alg = null)
    {
        var signingInput = B64(headerJson) + "." + B64(payloadJson);
        return signingInput + "." + B64(key.Sign(Encoding.ASCII.GetBytes(signingInput), alg));
    }
}

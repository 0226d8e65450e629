using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AgentCore.Security.Jwt;

namespace AgentCore.Security.Fuzz.Targets;

/// <summary>
/// The token validator on arbitrary bytes, with a fixed key set. An even first byte: the rest is the token as
/// sent. An odd first byte: the rest is a header JSON, a newline and a payload JSON, signed here with the
/// target's HS256 key, so the claim and chain readers behind the signature check are reached too.
/// Properties: <c>Validate</c> never throws; an accepted token validates again (from the cache and on a fresh
/// validator) to the same chain; the byte and char entry points agree.
/// </summary>
internal sealed class ValidatorTarget : FuzzTarget
{
    public const string Issuer = "https://idp.fuzz";
    public const string Audience = "security-agent";
    public const string KeyId = "fuzz-hs";

    // A fixed test secret: the fuzzer signs its own inputs with it; it guards nothing.
    private static readonly byte[] Secret = SHA256.HashData("agentcore-fuzz-validator-key"u8);

    // Built on the first input: under afl-fuzz, instrumented code may only run once SharpFuzz has set up its shared memory.
    private TokenChainValidator? _validator;

    public override string Name => "validator";

    public override string Description => "TokenChainValidator.Validate on raw tokens and on header/payload pairs it signs; re-validation is identical";

    public static TokenChainValidator Create() =>
        new(Options(), FixedClock.Default);

    public static string Sign(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload)
    {
        var signingInput = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload);
        return signingInput + "." + Base64Url.EncodeToString(HMACSHA256.HashData(Secret, Encoding.ASCII.GetBytes(signingInput)));
    }

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        byte[] token;
        if ((input[0] & 1) == 0)
        {
            token = input[1..].ToArray();
        }
        else
        {
            SplitLine(input[1..], out var header, out var payload);
            token = Encoding.ASCII.GetBytes(Sign(header, payload));
        }

        _validator ??= Create();
        var first = _validator.Validate(token);
        FuzzPropertyException.Check(first.IsValid == (first.Status == JwtValidationStatus.Valid), $"IsValid disagrees with {first.Status}");
        FuzzPropertyException.Check(first.Message.Length > 0, $"{first.Status} has no message");
        if (System.Text.Unicode.Utf8.IsValid(token))
        {
            var chars = _validator.Validate(Encoding.UTF8.GetString(token).AsSpan());
            Same(first, chars, "the char entry point");
        }

        if (first.IsValid)
        {
            Same(first, _validator.Validate(token), "a second validation (the verified-token cache)");
            using var fresh = Create();
            Same(first, fresh.Validate(token), "a fresh validator");
        }
    }

    public override IEnumerable<(string Name, byte[] Data)> Seeds(string? sharedRoot)
    {
        var header = Utf8(new JsonObject { ["alg"] = "HS256", ["kid"] = KeyId, ["typ"] = "at+jwt" }.ToJsonString());
        var index = 0;
        foreach (var claims in SeedClaims())
        {
            var payload = Utf8(claims.ToJsonString());
            yield return ($"signed-{index:D2}", [1, .. header, (byte)'\n', .. payload]);
            yield return ($"raw-{index:D2}", [0, .. Encoding.ASCII.GetBytes(Sign(header, payload))]);
            index++;
        }

        foreach (var file in SharedFiles(sharedRoot, "vectors", "*.json"))
        {
            foreach (var (n, jws) in CompactTokens(File.ReadAllText(file)).Select((t, n) => (n, t)))
            {
                yield return ($"shared-{Path.GetFileNameWithoutExtension(file)}-{n:D3}", [0, .. Encoding.ASCII.GetBytes(jws)]);
            }
        }
    }

    private static TokenChainValidatorOptions Options()
    {
        var options = new TokenChainValidatorOptions { Audience = Audience };
        options.Issuers.Add(new TrustedIssuer(Issuer).AddKeys(VerificationKey.FromSymmetricSecret(KeyId, Secret)));
        return options;
    }

    private static void Same(JwtValidationResult expected, JwtValidationResult actual, string what)
    {
        FuzzPropertyException.Check(expected.Status == actual.Status, $"{what} gave {actual.Status}, not {expected.Status}");
        if (expected.Chain is { } a && actual.Chain is { } b)
        {
            FuzzPropertyException.Check(Describe(a) == Describe(b), $"{what} gave another chain: {Describe(b)} for {Describe(a)}");
        }
    }

    private static string Describe(ValidatedChain chain) =>
        string.Join('|', [chain.Issuer, chain.Subject, chain.ClientId ?? "-", chain.TokenId ?? "-", string.Join(' ', chain.Audiences), string.Join(' ', chain.Scopes),
            chain.ExpiresAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), chain.TokenHash,
            .. chain.Actors.Select(a => $"{a.Subject}/{a.ClientId}/{a.Issuer}/{(a.Scopes is null ? "-" : string.Join(' ', a.Scopes))}")]);

    private static IEnumerable<JsonObject> SeedClaims()
    {
        JsonObject Claims(JsonNode? act = null)
        {
            var claims = new JsonObject
            {
                ["iss"] = Issuer, ["sub"] = "alice", ["aud"] = Audience, ["exp"] = FixedClock.Now + 300, ["iat"] = FixedClock.Now - 10,
                ["nbf"] = FixedClock.Now - 10, ["jti"] = "jti-1", ["client_id"] = "security-agent-client", ["scope"] = "read:alerts",
            };
            if (act is not null)
            {
                claims["act"] = act;
            }

            return claims;
        }

        yield return Claims();
        yield return Claims(new JsonObject { ["sub"] = "coordinator", ["scope"] = "read:alerts triage" });
        yield return Claims(new JsonObject
        {
            ["sub"] = "security-agent-client", ["scope"] = "read:alerts triage",
            ["act"] = new JsonObject { ["sub"] = "coordinator", ["scope"] = "read:alerts triage openid", ["client_id"] = "coordinator" },
        });
        var array = Claims();
        array["aud"] = new JsonArray(Audience, "other");
        yield return array;
        var widened = Claims(new JsonObject { ["sub"] = "coordinator", ["scope"] = "read:alerts" });
        widened["scope"] = "read:alerts admin";
        yield return widened;
        var expired = Claims();
        expired["exp"] = FixedClock.Now - 3600;
        yield return expired;
    }

    private static IEnumerable<string> CompactTokens(string json)
    {
        var found = new List<string>();
        Collect(JsonNode.Parse(json), found);
        return found;

        static void Collect(JsonNode? node, List<string> found)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (_, value) in o)
                    {
                        Collect(value, found);
                    }

                    break;
                case JsonArray a:
                    foreach (var item in a)
                    {
                        Collect(item, found);
                    }

                    break;
                case JsonValue v when v.TryGetValue<string>(out var s) && s.StartsWith("eyJ", StringComparison.Ordinal) && s.Count(c => c == '.') == 2:
                    found.Add(s);
                    break;
            }
        }
    }
}

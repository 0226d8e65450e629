using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AgentCore.Security.Jwt;
using AgentCore.Security.Jwt.Internal;
using Microsoft.IdentityModel.Tokens;

namespace AgentCore.Security.Fuzz.Targets;

/// <summary>
/// The key readers. First byte mod 3: 0 reads the rest as a JWKS (<see cref="VerificationKey.ParseJwks"/>),
/// 1 as one JWK (<see cref="VerificationKey.ParseJwk"/>), 2 as a JWKS fetched through discovery (the
/// IdentityModel reader the discovery retriever uses, then the library's key conversion).
/// Properties: only <see cref="FormatException"/> leaves the library's readers (IdentityModel's own
/// <see cref="ArgumentException"/> is the refresh failure the key ring logs); discovery never throws past
/// IdentityModel; a JWKS both paths read without a refusal gives the same keys, where the two readers are
/// defined to agree: IdentityModel matches member names without regard to case (<c>"Kid"</c> is its
/// <c>kid</c>) and the library, as RFC 7517 says, with it, so inputs with a member name in another case or
/// a repeated member are not compared (fuzz/README.md, "Differences left alone").
/// </summary>
internal sealed class JwksTarget : FuzzTarget
{
    public override string Name => "jwks";

    public override string Description => "ParseJwks, ParseJwk and the discovery key conversion; both JWKS paths give the same keys";

    /// <summary>The JWKs of the RFC examples under ../shared/vectors/rfc, as text.</summary>
    public static IEnumerable<(string Name, string Json)> SharedJwks(string? sharedRoot)
    {
        var path = sharedRoot is null ? null : Path.Combine(sharedRoot, "vectors", "rfc", "jws-examples.json");
        if (path is null || !File.Exists(path))
        {
            yield break;
        }

        var index = 0;
        foreach (var example in JsonNode.Parse(File.ReadAllText(path))!["examples"]!.AsArray())
        {
            if (example?["jwk"] is JsonObject jwk)
            {
                yield return ($"shared-rfc-jwk-{index++:D2}", jwk.ToJsonString());
            }
        }
    }

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        var text = Text(input[1..]);
        switch (input[0] % 3)
        {
            case 0:
                var ours = Ours(text, out var refused);
                var discovered = Discovered(text, out var rejected);
                if (ours is not null && discovered is not null && refused is null && rejected == 0 && BothReadersAgreeOnNames(text))
                {
                    FuzzPropertyException.Check(Describe(ours) == Describe(discovered), $"ParseJwks read [{Describe(ours)}], discovery [{Describe(discovered)}]");
                }

                break;
            case 1:
                try
                {
                    _ = VerificationKey.ParseJwk(text, allowSymmetricKey: true);
                }
                catch (FormatException)
                {
                }

                break;
            default:
                _ = Discovered(text, out _);
                break;
        }
    }

    public override IEnumerable<(string Name, byte[] Data)> Seeds(string? sharedRoot)
    {
        using var rsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rsaParameters = rsa.ExportParameters(false);
        var ecParameters = ec.ExportParameters(false);
        string[] jwks =
        [
            $$"""{"kty":"RSA","kid":"r1","use":"sig","alg":"RS256","n":"{{Base64Url.EncodeToString(rsaParameters.Modulus)}}","e":"{{Base64Url.EncodeToString(rsaParameters.Exponent)}}"}""",
            $$"""{"kty":"EC","kid":"e1","crv":"P-256","x":"{{Base64Url.EncodeToString(ecParameters.Q.X)}}","y":"{{Base64Url.EncodeToString(ecParameters.Q.Y)}}","key_ops":["verify"]}""",
            """{"kty":"OKP","kid":"o1","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}""",
            """{"kty":"RSA","kid":"enc","use":"enc","n":"AQAB","e":"AQAB"}""",
        ];
        var all = jwks.Concat(SharedJwks(sharedRoot).Select(s => s.Json)).ToList();
        for (var i = 0; i < all.Count; i++)
        {
            yield return ($"jwk-{i:D2}", [1, .. Utf8(all[i])]);
        }

        yield return ("jwks-00", [0, .. Utf8($"{{\"keys\":[{string.Join(',', jwks[..3])}]}}")]);
        yield return ("jwks-01", [0, .. Utf8($"{{\"keys\":[{jwks[0]},{jwks[3]}]}}")]);
        yield return ("discovered-00", [2, .. Utf8($"{{\"keys\":[{string.Join(',', jwks)}]}}")]);
    }

    private static readonly string[] Members = ["keys", "kty", "kid", "use", "alg", "key_ops", "n", "e", "crv", "x", "y", "k"];

    // Every object's member names are distinct, and none is a JWK member's name in another case.
    private static bool BothReadersAgreeOnNames(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return Names(document.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }

        static bool Names(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var property in element.EnumerateObject())
                    {
                        var known = Members.FirstOrDefault(m => string.Equals(m, property.Name, StringComparison.OrdinalIgnoreCase));
                        if (!seen.Add(property.Name) || (known is not null && known != property.Name) || !Names(property.Value))
                        {
                            return false;
                        }
                    }

                    return true;
                case JsonValueKind.Array:
                    return element.EnumerateArray().All(Names);
                default:
                    return true;
            }
        }
    }

    private static IReadOnlyList<VerificationKey>? Ours(string text, out string? refused)
    {
        refused = null;
        try
        {
            return VerificationKey.ParseJwks(text);
        }
        catch (FormatException e)
        {
            refused = e.Message;
            return null;
        }
    }

    private static List<VerificationKey>? Discovered(string text, out int rejected)
    {
        JsonWebKeySet set;
        try
        {
            set = new JsonWebKeySet(text);
        }
        catch (ArgumentException)
        {
            rejected = 0;
            return null; // IdentityModel's refusal: the key ring logs a failed refresh and keeps its keys
        }

        var count = 0;
        var keys = KeyRing.KeysOf(set.Keys, _ => count++);
        rejected = count;
        return keys;
    }

    private static string Describe(IEnumerable<VerificationKey> keys) =>
        string.Join(", ", keys.Select(k => $"{k.KeyId}/{k.Algorithm}/{Convert.ToHexString(k.Fingerprint)}"));
}

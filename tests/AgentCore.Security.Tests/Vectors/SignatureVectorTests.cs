using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentCore.Security.Jwt;
using AgentCore.Security.Tests.Infrastructure;

namespace AgentCore.Security.Tests.Vectors;

/// <summary>
/// Runs the Wycheproof files and the RFC JWS examples in ../shared/vectors through the validator's
/// signature layer: every valid vector accepted, every invalid one rejected. Choices are documented on
/// <see cref="StrictnessDeviations"/> and in src/AgentCore.Security/README.md.
/// </summary>
public sealed class SignatureVectorTests(ITestOutputHelper output)
{
    /// <summary>
    /// Wycheproof JWS vectors marked "valid" that this validator rejects on purpose, with the status it gives.
    /// 346/350: the key's JWK says alg PS256, the token says PS384; 347/351: the key's JWK says "ES521"
    /// (not a JOSE algorithm), the token says ES512. Keys are bound to one algorithm (a requirement), so
    /// both are refused; <see cref="JsonWebSignature_KeyBindingDeviations_VerifyWhenKeyIsBoundToTheTokenAlgorithm"/>
    /// shows the signatures themselves verify. 372/373: a '?' inside a base64url segment; strict base64url
    /// (a requirement) refuses it, and the signature covers the segment without the '?'.
    /// </summary>
    public static readonly Dictionary<int, JwtValidationStatus> StrictnessDeviations = new()
    {
        [346] = JwtValidationStatus.UnsupportedAlgorithm,
        [350] = JwtValidationStatus.UnsupportedAlgorithm,
        [347] = JwtValidationStatus.KeyNotFound,
        [351] = JwtValidationStatus.KeyNotFound,
        [372] = JwtValidationStatus.Malformed,
        [373] = JwtValidationStatus.Malformed,
    };

    /// <summary>
    /// Vectors marked "invalid" whose token is byte-for-byte the token of valid vector #357 (as stored in
    /// ../shared, their padding characters are gone). No verifier can accept #357 and reject these; the
    /// test checks they really are identical to #357 and counts them apart.
    /// </summary>
    public static readonly int[] IdenticalToValid357 = [367, 370];

    [Theory]
    [InlineData("ecdsa_secp256r1_sha256_p1363_test.json", "ES256")]
    [InlineData("rsa_signature_2048_sha256_test.json", "RS256")]
    [InlineData("rsa_pss_2048_sha256_mgf1_32_test.json", "PS256")]
    [InlineData("ed25519_test.json", "EdDSA")]
    public void Wycheproof_SignatureFile_EveryVerdictMatches(string file, string alg)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedFiles.PathOf($"vectors/wycheproof/{file}")));
        var failures = new List<string>();
        int valid = 0, invalid = 0, acceptable = 0;
        foreach (var group in document.RootElement.GetProperty("testGroups").EnumerateArray())
        {
            var key = ImportKey(group, alg);
            if (alg == "ES256" && OperatingSystem.IsLinux())
            {
                key.UsesDirectEcdsa.ShouldBeTrue("on Linux the vectors must run through the direct libcrypto ECDSA path the validator uses");
            }

            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                var id = test.GetProperty("tcId").GetInt32();
                var expected = test.GetProperty("result").GetString();
                var accepted = key.Verify(Convert.FromHexString(test.GetProperty("msg").GetString()!), Convert.FromHexString(test.GetProperty("sig").GetString()!));
                switch (expected)
                {
                    case "valid": valid++; if (!accepted) { failures.Add($"{file}#{id} valid but rejected ({test.GetProperty("comment")})"); } break;
                    case "invalid": invalid++; if (accepted) { failures.Add($"{file}#{id} invalid but accepted ({test.GetProperty("comment")})"); } break;
                    default:
                        acceptable++;
                        output.WriteLine($"{file}#{id} acceptable ({test.GetProperty("comment")}): {(accepted ? "accepted" : "rejected")}");
                        break;
                }
            }
        }

        output.WriteLine($"{file}: {valid} valid, {invalid} invalid, {acceptable} acceptable");
        failures.ShouldBeEmpty();
        (valid + invalid + acceptable).ShouldBe(document.RootElement.GetProperty("numberOfTests").GetInt32());
    }

    [Fact]
    public void Wycheproof_MissingNullAcceptableVector_IsRejected()
    {
        // The one "acceptable" vector (PKCS#1 DigestInfo without the ASN.1 NULL): a fail-closed validator rejects it.
        using var document = JsonDocument.Parse(File.ReadAllText(SharedFiles.PathOf("vectors/wycheproof/rsa_signature_2048_sha256_test.json")));
        var seen = 0;
        foreach (var group in document.RootElement.GetProperty("testGroups").EnumerateArray())
        {
            var key = ImportKey(group, "RS256");
            foreach (var test in group.GetProperty("tests").EnumerateArray().Where(t => t.GetProperty("result").GetString() == "acceptable"))
            {
                seen++;
                key.Verify(Convert.FromHexString(test.GetProperty("msg").GetString()!), Convert.FromHexString(test.GetProperty("sig").GetString()!)).ShouldBeFalse();
            }
        }

        seen.ShouldBe(1);
    }

    [Fact]
    public void Wycheproof_JsonWebSignatureFile_EveryVerdictMatches()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedFiles.PathOf("vectors/wycheproof/json_web_signature_test.json")));
        var failures = new List<string>();
        int count = 0, valid = 0;
        var all = document.RootElement.GetProperty("testGroups").EnumerateArray().SelectMany(g => g.GetProperty("tests").EnumerateArray()).ToList();
        var token357 = all.Single(t => t.GetProperty("tcId").GetInt32() == 357).GetProperty("jws").GetString();
        foreach (var group in document.RootElement.GetProperty("testGroups").EnumerateArray())
        {
            var jwk = group.TryGetProperty("public", out var pub) ? pub : group.GetProperty("private");
            using var validator = JwsValidator(jwk.GetRawText(), bindTo: null);
            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                count++;
                var id = test.GetProperty("tcId").GetInt32();
                var expectValid = test.GetProperty("result").GetString() == "valid";
                var status = validator is null ? JwtValidationStatus.KeyNotFound : validator.VerifySignatureOnly(Encoding.UTF8.GetBytes(test.GetProperty("jws").GetString()!));
                if (IdenticalToValid357.Contains(id))
                {
                    test.GetProperty("jws").GetString().ShouldBe(token357);
                    continue;
                }

                if (StrictnessDeviations.TryGetValue(id, out var deviation))
                {
                    if (status != deviation)
                    {
                        failures.Add($"#{id} documented deviation expected {deviation}, got {status}");
                    }

                    continue;
                }

                valid += expectValid ? 1 : 0;
                if ((status == JwtValidationStatus.Valid) != expectValid)
                {
                    failures.Add($"#{id} {test.GetProperty("comment")}: expected {(expectValid ? "valid" : "invalid")}, got {status}");
                }
            }
        }

        output.WriteLine($"{count} vectors, {valid} valid accepted, {StrictnessDeviations.Count} documented deviations, {IdenticalToValid357.Length} identical to #357");
        failures.ShouldBeEmpty();
        count.ShouldBe(document.RootElement.GetProperty("numberOfTests").GetInt32());
    }

    [Theory]
    [InlineData(346, "PS384")]
    [InlineData(350, "PS384")]
    [InlineData(347, "ES512")]
    [InlineData(351, "ES512")]
    public void JsonWebSignature_KeyBindingDeviations_VerifyWhenKeyIsBoundToTheTokenAlgorithm(int tcId, string tokenAlg)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedFiles.PathOf("vectors/wycheproof/json_web_signature_test.json")));
        var (group, test) = document.RootElement.GetProperty("testGroups").EnumerateArray()
            .SelectMany(g => g.GetProperty("tests").EnumerateArray().Select(t => (g, t)))
            .Single(x => x.t.GetProperty("tcId").GetInt32() == tcId);
        var jwk = group.TryGetProperty("public", out var pub) ? pub : group.GetProperty("private");
        using var validator = JwsValidator(jwk.GetRawText(), bindTo: tokenAlg)!;
        validator.VerifySignatureOnly(Encoding.UTF8.GetBytes(test.GetProperty("jws").GetString()!)).ShouldBe(JwtValidationStatus.Valid);
    }

    [Fact]
    public void RfcJwsExamples_EveryVerdictMatches()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedFiles.PathOf("vectors/rfc/jws-examples.json")));
        var failures = new List<string>();
        var count = 0;
        foreach (var example in document.RootElement.GetProperty("examples").EnumerateArray())
        {
            count++;
            var name = example.GetProperty("name").GetString();
            var alg = example.GetProperty("alg").GetString()!;
            var expectValid = example.GetProperty("expectedValid").GetBoolean();
            var token = Encoding.UTF8.GetBytes(example.GetProperty("token").GetString()!);
            using var validator = example.TryGetProperty("jwk", out var jwk) && jwk.ValueKind == JsonValueKind.Object
                ? JwsValidator(jwk.GetRawText(), bindTo: alg)
                : null;
            var status = validator?.VerifySignatureOnly(token) ?? JwtValidationStatus.KeyNotFound;
            output.WriteLine($"{name}: {status}");
            if ((status == JwtValidationStatus.Valid) != expectValid)
            {
                failures.Add($"{name}: expected {(expectValid ? "valid" : "invalid")}, got {status}");
            }
        }

        failures.ShouldBeEmpty();
        count.ShouldBeGreaterThan(15);
    }

    [Fact]
    public void RfcJwsExamples_AsFullTokens_FailOnClaimsNotOnSignature()
    {
        // The RFC 7515 A.1 example is a real JWT from 2011: a full validation must refuse it for its claims.
        using var document = JsonDocument.Parse(File.ReadAllText(SharedFiles.PathOf("vectors/rfc/jws-examples.json")));
        var example = document.RootElement.GetProperty("examples").EnumerateArray().First(e => e.GetProperty("name").GetString() == "rfc7515-A.1-HS256");
        var key = ParseKey(example.GetProperty("jwk").GetRawText(), "HS256")!;
        var options = new TokenChainValidatorOptions { Audience = "anything", RequireKeyId = false };
        options.ValidTypes.Clear();
        options.Issuers.Add(new TrustedIssuer("joe").AddKeys(key));
        using var validator = new TokenChainValidator(options, ValidatorFactory.Clock());
        validator.Validate(example.GetProperty("token").GetString()).Status.ShouldBe(JwtValidationStatus.MissingClaim);
    }

    /// <summary>A validator whose only key is this JWK; null when the JWK is not a usable verification key.</summary>
    private static TokenChainValidator? JwsValidator(string jwkJson, string? bindTo)
    {
        var key = ParseKey(jwkJson, bindTo);
        if (key is null)
        {
            return null;
        }

        var options = new TokenChainValidatorOptions { Audience = "vectors", RequireKeyId = false };
        options.ValidTypes.Clear();
        options.RejectedHeaderParameters.Clear();
        options.Issuers.Add(new TrustedIssuer("vectors").AddKeys(key));
        return new TokenChainValidator(options);
    }

    private static VerificationKey? ParseKey(string jwkJson, string? bindTo)
    {
        var jwk = JsonNode.Parse(jwkJson)!.AsObject();
        foreach (var member in new[] { "d", "p", "q", "dp", "dq", "qi" })
        {
            jwk.Remove(member);
        }

        if (bindTo is not null)
        {
            jwk["alg"] = bindTo;
        }

        try
        {
            return VerificationKey.ParseJwk(jwk.ToJsonString(), allowSymmetricKey: true);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static VerificationKey ImportKey(JsonElement group, string alg)
    {
        if (alg == "EdDSA")
        {
            return VerificationKey.FromEd25519("wycheproof", Convert.FromHexString(group.GetProperty("publicKey").GetProperty("pk").GetString()!));
        }

        var der = Convert.FromHexString(group.GetProperty("publicKeyDer").GetString()!);
        if (alg == "ES256")
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(der, out _);
            return VerificationKey.FromECDsa("wycheproof", ecdsa);
        }

        var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(der, out _);
        return VerificationKey.FromRsa("wycheproof", rsa, alg);
    }
}

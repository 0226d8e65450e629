using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AgentCore.Security.Jwt;
using NSec.Cryptography;

namespace AgentCore.Security.Tests.Infrastructure;

/// <summary>A signing key for tests and benchmarks, with its verification key.</summary>
public sealed class TestKey
{
    private readonly RSA? _rsa;
    private readonly ECDsa? _ecdsa;
    private readonly byte[]? _secret;
    private readonly Key? _ed25519;

    private TestKey(string kid, string alg, RSA? rsa = null, ECDsa? ecdsa = null, byte[]? secret = null, Key? ed25519 = null)
    {
        Kid = kid;
        Alg = alg;
        _rsa = rsa;
        _ecdsa = ecdsa;
        _secret = secret;
        _ed25519 = ed25519;
        Verification = alg switch
        {
            _ when rsa is not null => VerificationKey.FromRsa(kid, rsa, alg),
            _ when ecdsa is not null => VerificationKey.FromECDsa(kid, ecdsa),
            "HS256" => VerificationKey.FromSymmetricSecret(kid, secret),
            _ => VerificationKey.FromEd25519(kid, ed25519!.PublicKey.Export(KeyBlobFormat.RawPublicKey)),
        };
    }

    public string Kid { get; }

    public string Alg { get; }

    public VerificationKey Verification { get; }

    public RSA? Rsa => _rsa;

    public ECDsa? ECDsa => _ecdsa;

    public byte[]? Secret => _secret;

    public static TestKey Create(string alg, string? kid = null)
    {
        kid ??= alg.ToLowerInvariant() + "-key";
        return alg switch
        {
            "RS256" or "RS384" or "RS512" or "PS256" or "PS384" or "PS512" => new TestKey(kid, alg, rsa: RSA.Create(2048)),
            "ES256" => new TestKey(kid, alg, ecdsa: ECDsa.Create(ECCurve.NamedCurves.nistP256)),
            "ES384" => new TestKey(kid, alg, ecdsa: ECDsa.Create(ECCurve.NamedCurves.nistP384)),
            "ES512" => new TestKey(kid, alg, ecdsa: ECDsa.Create(ECCurve.NamedCurves.nistP521)),
            "HS256" => new TestKey(kid, alg, secret: RandomNumberGenerator.GetBytes(32)),
            "EdDSA" => new TestKey(kid, alg, ed25519: Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport })),
            _ => throw new ArgumentOutOfRangeException(nameof(alg), alg, null),
        };
    }

    public byte[] Sign(byte[] input, string? alg = null)
    {
        alg ??= Alg;
        var hash = alg[2..] switch { "384" => HashAlgorithmName.SHA384, "512" => HashAlgorithmName.SHA512, _ => HashAlgorithmName.SHA256 };
        return alg switch
        {
            _ when alg.StartsWith("RS", StringComparison.Ordinal) => _rsa!.SignData(input, hash, RSASignaturePadding.Pkcs1),
            _ when alg.StartsWith("PS", StringComparison.Ordinal) => _rsa!.SignData(input, hash, RSASignaturePadding.Pss),
            _ when alg.StartsWith("ES", StringComparison.Ordinal) => _ecdsa!.SignData(input, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            "HS256" => HMACSHA256.HashData(_secret!, input),
            "EdDSA" => SignatureAlgorithm.Ed25519.Sign(_ed25519!, input),
            _ => throw new ArgumentOutOfRangeException(nameof(alg)),
        };
    }

    /// <summary>The public JWK of this key (for HS256, the oct secret).</summary>
    public JsonObject ToJwk()
    {
        var jwk = new JsonObject { ["kid"] = Kid, ["alg"] = Alg, ["use"] = "sig" };
        if (_rsa is not null)
        {
            var p = _rsa.ExportParameters(false);
            jwk["kty"] = "RSA";
            jwk["n"] = Convert.ToBase64String(p.Modulus!).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            jwk["e"] = Convert.ToBase64String(p.Exponent!).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }
        else if (_ecdsa is not null)
        {
            var p = _ecdsa.ExportParameters(false);
            jwk["kty"] = "EC";
            jwk["crv"] = Alg switch { "ES384" => "P-384", "ES512" => "P-521", _ => "P-256" };
            jwk["x"] = TestTokens.B64(p.Q.X!);
            jwk["y"] = TestTokens.B64(p.Q.Y!);
        }
        else if (_secret is not null)
        {
            jwk["kty"] = "oct";
            jwk["k"] = TestTokens.B64(_secret);
        }
        else
        {
            jwk["kty"] = "OKP";
            jwk["crv"] = "Ed25519";
            jwk["x"] = TestTokens.B64(_ed25519!.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        }

        return jwk;
    }

    public override string ToString() => $"{Alg}:{Kid}";
}

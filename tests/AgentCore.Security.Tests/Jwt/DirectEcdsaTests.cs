using System.Security.Cryptography;
using AgentCore.Security.Crypto;
using AgentCore.Security.Jwt;

namespace AgentCore.Security.Tests.Jwt;

/// <summary>
/// ECDSA verified by libcrypto directly must give the BCL's verdict on every curve: for genuine
/// signatures, for every single-byte change to signature or digest, and for the degenerate ones (zero,
/// all ones, the wrong length). The Wycheproof P-256 file runs through the same path (SignatureVectorTests).
/// </summary>
public sealed class DirectEcdsaTests
{
    public static TheoryData<string> Curves() => ["ES256", "ES384", "ES512"];

    [Fact]
    public void OnLinux_TheDirectPathIsInUse()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "The direct libcrypto path exists on Linux only; elsewhere the BCL verifies.");
        DirectEcdsa.IsDirect.ShouldBeTrue("the library load or the self-test failed");
    }

    [Theory]
    [MemberData(nameof(Curves))]
    public void Verdicts_EqualTheBcl_ForGenuineChangedAndDegenerateSignatures(string alg)
    {
        Assert.SkipUnless(DirectEcdsa.IsDirect, "The direct libcrypto path is not in use here.");
        var (curve, hash) = Parameters(alg);
        var random = new Random(alg.GetHashCode(StringComparison.Ordinal));
        for (var k = 0; k < 3; k++)
        {
            using var signer = ECDsa.Create(curve);
            var q = signer.ExportParameters(false).Q;
            using var direct = DirectEcdsa.TryCreate(Parse(alg), q.X!, q.Y!)!;
            direct.ShouldNotBeNull();
            for (var n = 0; n < 20; n++)
            {
                var message = new byte[random.Next(0, 200)];
                random.NextBytes(message);
                var digest = Digest(hash, message);
                var signature = signer.SignHash(digest);
                Same(direct, signer, digest, signature).ShouldBeTrue();

                var changed = (byte[])signature.Clone();
                changed[random.Next(changed.Length)] ^= (byte)(1 << random.Next(8));
                Same(direct, signer, digest, changed).ShouldBeFalse();

                var otherDigest = (byte[])digest.Clone();
                otherDigest[random.Next(otherDigest.Length)] ^= 0x80;
                Same(direct, signer, otherDigest, signature).ShouldBeFalse();
            }

            var size = signer.KeySize == 521 ? 66 : signer.KeySize / 8;
            var anyDigest = Digest(hash, "x"u8.ToArray());
            Same(direct, signer, anyDigest, new byte[2 * size]).ShouldBeFalse();
            Same(direct, signer, anyDigest, Enumerable.Repeat((byte)0xFF, 2 * size).ToArray()).ShouldBeFalse();
            direct.Verify(anyDigest, new byte[(2 * size) - 1]).ShouldBeFalse();
            direct.Verify(anyDigest, []).ShouldBeFalse();
        }
    }

    [Fact]
    public async Task OneKeyFromManyThreadsAtOnce_EveryVerdictIsRight()
    {
        Assert.SkipUnless(DirectEcdsa.IsDirect, "The direct libcrypto path is not in use here.");
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var q = signer.ExportParameters(false).Q;
        using var key = DirectEcdsa.TryCreate(JwsAlgorithm.ES256, q.X!, q.Y!)!;
        var digest = SHA256.HashData("concurrent"u8);
        var good = signer.SignHash(digest);
        var bad = (byte[])good.Clone();
        bad[5] ^= 1;
        var wrong = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                if (!key.Verify(digest, good) || key.Verify(digest, bad))
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        }, TestContext.Current.CancellationToken)));
        wrong.ShouldBe(0);
    }

    [Fact]
    public void APointOffTheCurve_IsRefused()
    {
        Assert.SkipUnless(DirectEcdsa.IsDirect, "The direct libcrypto path is not in use here.");
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var q = signer.ExportParameters(false).Q;
        var y = (byte[])q.Y!.Clone();
        y[^1] ^= 1;
        DirectEcdsa.TryCreate(JwsAlgorithm.ES256, q.X!, y).ShouldBeNull();
        DirectEcdsa.TryCreate(JwsAlgorithm.ES256, q.X!, q.Y![1..]).ShouldBeNull();
    }

    private static bool Same(DirectEcdsa.EcPublicKey direct, ECDsa bcl, byte[] digest, byte[] signature)
    {
        var ours = direct.Verify(digest, signature);
        var theirs = bcl.VerifyHash(digest, signature);
        ours.ShouldBe(theirs, $"direct and BCL disagree on a {signature.Length}-byte signature");
        return ours;
    }

    private static (ECCurve Curve, HashAlgorithmName Hash) Parameters(string alg) => alg switch
    {
        "ES256" => (ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256),
        "ES384" => (ECCurve.NamedCurves.nistP384, HashAlgorithmName.SHA384),
        _ => (ECCurve.NamedCurves.nistP521, HashAlgorithmName.SHA512),
    };

    private static JwsAlgorithm Parse(string alg) => alg switch
    {
        "ES256" => JwsAlgorithm.ES256,
        "ES384" => JwsAlgorithm.ES384,
        _ => JwsAlgorithm.ES512,
    };

    private static byte[] Digest(HashAlgorithmName hash, byte[] message) =>
        hash == HashAlgorithmName.SHA256 ? SHA256.HashData(message) : hash == HashAlgorithmName.SHA384 ? SHA384.HashData(message) : SHA512.HashData(message);
}

using System.Security.Cryptography;
using System.Text;
using AgentCore.Security.Crypto;

namespace AgentCore.Security.Tests.Jwt;

/// <summary>
/// The signature layer's digests and HMAC: the direct libcrypto path must give the BCL's answers, and
/// RFC 4231's, for every length around the block boundaries, for short and long keys, and concurrently.
/// </summary>
public sealed class Sha2Tests
{
    [Fact]
    public void OnLinux_TheDirectLibcryptoPathIsInUse()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "The direct libcrypto path exists on Linux only; elsewhere the BCL computes digests.");

        // The benchmarks measure this path; if it silently fell back, the published figures would not be what ships.
        Sha2.IsDirect.ShouldBeTrue($"the self-test or library load failed; implementation: {Sha2.Implementation}");
        Sha2.Implementation.ShouldStartWith("libcrypto.so.");
    }

    [Theory]
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")]
    [InlineData("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    public void Hmac_MatchesRfc4231(string keyHex, string dataHex, string macHex)
    {
        var key = Convert.FromHexString(keyHex);
        var data = Convert.FromHexString(dataHex);
        foreach (var direct in new[] { true, false })
        {
            var mac = new byte[32];
            Sha2.CreateHmacSha256(key, direct).TryCompute(data, mac).ShouldBeTrue();
            Convert.ToHexStringLower(mac).ShouldBe(macHex);
        }
    }

    [Fact]
    public void Hmac_LongerThanBlockKey_IsHashedFirst_Rfc4231Case6()
    {
        var key = Enumerable.Repeat((byte)0xaa, 131).ToArray();
        var data = Encoding.ASCII.GetBytes("Test Using Larger Than Block-Size Key - Hash Key First");
        var mac = new byte[32];
        Sha2.CreateHmacSha256(key).TryCompute(data, mac).ShouldBeTrue();
        Convert.ToHexStringLower(mac).ShouldBe("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }

    [Fact]
    public void Hmac_EqualsTheBcl_ForEveryLengthUpTo300_AndRandomKeys()
    {
        var random = new Random(20261123);
        foreach (var keyLength in new[] { 32, 63, 64, 65, 100, 200 })
        {
            var key = new byte[keyLength];
            random.NextBytes(key);
            var hmac = Sha2.CreateHmacSha256(key);
            var message = new byte[300];
            random.NextBytes(message);
            var mac = new byte[32];
            for (var length = 0; length <= message.Length; length++)
            {
                hmac.TryCompute(message.AsSpan(0, length), mac).ShouldBeTrue();
                mac.ShouldBe(HMACSHA256.HashData(key, message.AsSpan(0, length)), $"key {keyLength} B, message {length} B");
            }
        }
    }

    [Fact]
    public void Hmac_TooShortDestination_IsFalse()
    {
        Sha2.CreateHmacSha256(new byte[32]).TryCompute("x"u8, new byte[31]).ShouldBeFalse();
    }

    [Fact]
    public void Hash_EqualsTheBcl_ForEveryDigestAndLength()
    {
        var random = new Random(7);
        var message = new byte[20_000];
        random.NextBytes(message);
        var actual = new byte[64];
        foreach (var length in Enumerable.Range(0, 260).Concat([1000, 4096, 16_384, 20_000]))
        {
            var data = message.AsSpan(0, length);
            Sha2.HashData(HashAlgorithmName.SHA256, data, actual).ShouldBe(32);
            actual[..32].ShouldBe(SHA256.HashData(data), $"SHA-256 of {length} B");
            Sha2.HashData(HashAlgorithmName.SHA384, data, actual).ShouldBe(48);
            actual[..48].ShouldBe(SHA384.HashData(data), $"SHA-384 of {length} B");
            Sha2.HashData(HashAlgorithmName.SHA512, data, actual).ShouldBe(64);
            actual.ShouldBe(SHA512.HashData(data), $"SHA-512 of {length} B");
        }
    }

    [Fact]
    public async Task Hmac_OneKeyUsedFromManyThreadsAtOnce_GivesEveryThreadTheRightAnswer()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var hmac = Sha2.CreateHmacSha256(key);
        var failures = 0;
        var tasks = Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            var message = new byte[50 + (t * 37)];
            new Random(t).NextBytes(message);
            var expected = HMACSHA256.HashData(key, message);
            var mac = new byte[32];
            for (var i = 0; i < 5_000; i++)
            {
                if (!hmac.TryCompute(message, mac) || !mac.AsSpan().SequenceEqual(expected))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }, TestContext.Current.CancellationToken));
        await Task.WhenAll(tasks);
        failures.ShouldBe(0);
    }
}

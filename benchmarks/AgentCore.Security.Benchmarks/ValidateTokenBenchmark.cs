using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using AgentCore.Security.Jwt;
using AgentCore.Security.Tests.Infrastructure;
using BenchmarkDotNet.Attributes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentCore.Security.Benchmarks;

/// <summary>
/// A valid RFC 9068 token with a two-actor act chain, per algorithm: ours cold (signature verified each
/// call) and warm (verified-token cache hit), the standard .NET handlers, and the raw crypto floor.
/// Baseline: JsonWebTokenHandler.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class ValidateTokenBenchmark
{
    private TokenChainValidator _cold = null!;
    private TokenChainValidator _warm = null!;
    private JsonWebTokenHandler _jsonWebTokenHandler = null!;
    private System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler _jwtSecurityTokenHandler = null!;
    private TokenValidationParameters _parameters = null!;
    private string _token = null!;
    private byte[] _signingInput = null!;
    private byte[] _signature = null!;
    private byte[] _hash = null!;
    private TestKey _key = null!;
    private HMACSHA256 _hmac = null!;

    [Params("RS256", "PS256", "ES256", "HS256")]
    public string Alg { get; set; } = "RS256";

    [GlobalSetup]
    public void Setup()
    {
        _key = TestKey.Create(Alg);
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        _token = TestTokens.Create(_key, TestTokens.Claims(now));
        (_cold, _warm, _jsonWebTokenHandler, _jwtSecurityTokenHandler, _parameters) = Fixtures.Create(_key);
        _signingInput = Encoding.ASCII.GetBytes(_token[.._token.LastIndexOf('.')]);
        _signature = Convert.FromBase64String(Pad(_token[(_token.LastIndexOf('.') + 1)..]));
        _hash = SHA256.HashData(_signingInput);
        _hmac = new HMACSHA256(_key.Secret ?? new byte[32]);
        if (!_cold.Validate(_token).IsValid || !_warm.Validate(_token).IsValid || !RawCryptoFloor() || !RawVerifyOfPrecomputedHash())
        {
            throw new InvalidOperationException("The benchmark token does not validate.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cold.Dispose();
        _warm.Dispose();
        _hmac.Dispose();
    }

    [Benchmark(Baseline = true)]
    public bool JsonWebTokenHandler() => _jsonWebTokenHandler.ValidateTokenAsync(_token, _parameters).GetAwaiter().GetResult().IsValid;

    [Benchmark]
    public ClaimsPrincipal JwtSecurityTokenHandler() => _jwtSecurityTokenHandler.ValidateToken(_token, _parameters, out _);

    [Benchmark]
    public bool OursCold() => _cold.Validate(_token).IsValid;

    [Benchmark]
    public bool OursWarm() => _warm.Validate(_token).IsValid;

    /// <summary>
    /// The raw crypto floor as the foundation issue defines it: <c>RSA.VerifyData</c> / <c>ECDsa.VerifyData</c>
    /// over the signing input (hash and verify), or a pre-keyed BCL HMAC and a fixed-time compare.
    /// </summary>
    [Benchmark]
    public bool RawCryptoFloor()
    {
        switch (Alg)
        {
            case "HS256":
                return Hmac();
            case "ES256":
                return _key.ECDsa!.VerifyData(_signingInput, _signature, HashAlgorithmName.SHA256);
            default:
                return _key.Rsa!.VerifyData(_signingInput, _signature, HashAlgorithmName.SHA256, Padding);
        }
    }

    /// <summary>A stricter floor: the verify of a precomputed hash alone (for HS256, the same HMAC as above).</summary>
    [Benchmark]
    public bool RawVerifyOfPrecomputedHash()
    {
        switch (Alg)
        {
            case "HS256":
                return Hmac();
            case "ES256":
                return _key.ECDsa!.VerifyHash((ReadOnlySpan<byte>)_hash, _signature);
            default:
                return _key.Rsa!.VerifyHash((ReadOnlySpan<byte>)_hash, _signature, HashAlgorithmName.SHA256, Padding);
        }
    }

    private RSASignaturePadding Padding => Alg == "PS256" ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;

    private bool Hmac()
    {
        Span<byte> mac = stackalloc byte[32];
        _hmac.TryComputeHash(_signingInput, mac, out _);
        return CryptographicOperations.FixedTimeEquals(mac, _signature);
    }

    private static string Pad(string b64url)
    {
        var s = b64url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - (s.Length % 4)) % 4);
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AgentCore.Security.Crypto;
using AgentCore.Security.Jwt.Internal;
using AgentCore.Security.Tests.Infrastructure;
using BenchmarkDotNet.Attributes;

namespace AgentCore.Security.Benchmarks;

/// <summary>
/// The two parts of the cold HS256 path that the validator does itself instead of through the BCL, on the
/// benchmark token (HMAC over its 400-byte signing input; JSON over its 300-byte payload), side by side
/// with the BCL way. Baseline per category: the BCL.
/// </summary>
[Config(typeof(BenchmarkConfig))]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PrimitivesBenchmark
{
    private byte[] _signingInput = null!;
    private byte[] _payload = null!;
    private byte[] _mac = null!;
    private HMACSHA256 _bclHmac = null!;
    private Sha2.HmacSha256 _directHmac = null!;

    [GlobalSetup]
    public void Setup()
    {
        var key = TestKey.Create("HS256");
        var token = TestTokens.Create(key, TestTokens.Claims(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()));
        _signingInput = Encoding.ASCII.GetBytes(token[..token.LastIndexOf('.')]);
        _payload = System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1]);
        _mac = new byte[32];
        _bclHmac = new HMACSHA256(key.Secret!);
        _directHmac = Sha2.CreateHmacSha256(key.Secret!);
        if (!Sha2.IsDirect)
        {
            throw new InvalidOperationException($"The direct libcrypto path is not in use here ({Sha2.Implementation}); this benchmark compares it with the BCL.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _bclHmac.Dispose();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("HMAC-SHA256")]
    public bool BclHmac() => _bclHmac.TryComputeHash(_signingInput, _mac, out _);

    [Benchmark]
    [BenchmarkCategory("HMAC-SHA256")]
    public bool DirectHmac() => _directHmac.TryCompute(_signingInput, _mac);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("SHA-256")]
    public int BclSha256() => SHA256.HashData(_signingInput, _mac);

    [Benchmark]
    [BenchmarkCategory("SHA-256")]
    public int DirectSha256() => Sha2.HashData(HashAlgorithmName.SHA256, _signingInput, _mac);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("JSON")]
    public int Utf8JsonReaderReadAll()
    {
        var reader = new Utf8JsonReader(_payload, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 });
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    [Benchmark]
    [BenchmarkCategory("JSON")]
    public int JsonScannerReadAll()
    {
        var scanner = new JsonScanner(_payload);
        var tokens = 0;
        while (scanner.Read())
        {
            tokens++;
        }

        return tokens;
    }
}

using AgentCore.Security.Jwt;
using AgentCore.Security.Tests.Infrastructure;
using BenchmarkDotNet.Attributes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentCore.Security.Benchmarks;

/// <summary>RS256 tokens that must be refused: a bad signature, and an expired token. Baseline: JsonWebTokenHandler.</summary>
[Config(typeof(BenchmarkConfig))]
public class InvalidTokenBenchmark
{
    private TokenChainValidator _ours = null!;
    private JsonWebTokenHandler _handler = null!;
    private TokenValidationParameters _parameters = null!;
    private string _token = null!;

    [Params("InvalidSignature", "Expired")]
    public string Case { get; set; } = "InvalidSignature";

    [GlobalSetup]
    public void Setup()
    {
        var key = TestKey.Create("RS256");
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var claims = TestTokens.Claims(now);
        if (Case == "Expired")
        {
            claims["exp"] = now - 3600;
            claims["iat"] = now - 7200;
            claims["nbf"] = now - 7200;
            _token = TestTokens.Create(key, claims);
        }
        else
        {
            var token = TestTokens.Create(key, claims);
            _token = token[..^6] + (token[^6] == 'A' ? "BAAAAA" : "AAAAAA");
        }

        (_ours, _, _handler, _, _parameters) = Fixtures.Create(key);
        if (_ours.Validate(_token).IsValid || _handler.ValidateTokenAsync(_token, _parameters).GetAwaiter().GetResult().IsValid)
        {
            throw new InvalidOperationException("The benchmark token must be invalid.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _ours.Dispose();

    [Benchmark(Baseline = true)]
    public bool JsonWebTokenHandler() => _handler.ValidateTokenAsync(_token, _parameters).GetAwaiter().GetResult().IsValid;

    [Benchmark]
    public bool Ours() => _ours.Validate(_token).IsValid;
}

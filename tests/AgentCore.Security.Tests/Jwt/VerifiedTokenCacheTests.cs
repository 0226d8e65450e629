using AgentCore.Security.Jwt;
using AgentCore.Security.Tests.Infrastructure;

namespace AgentCore.Security.Tests.Jwt;

public sealed class VerifiedTokenCacheTests
{
    [Fact]
    public void Validate_SameToken_ReturnsSameChainInstance()
    {
        var key = TestKey.Create("RS256");
        using var validator = ValidatorFactory.Create(key);
        var token = TestTokens.Create(key);
        validator.Validate(token).Chain.ShouldBeSameAs(validator.Validate(token).Chain);
    }

    [Fact]
    public void Validate_TokenDifferingInOneByte_IsNotACacheHit()
    {
        var key = TestKey.Create("HS256");
        using var validator = ValidatorFactory.Create(key);
        var token = TestTokens.Create(key);
        validator.Validate(token).IsValid.ShouldBeTrue();

        // Same length and same last 16 characters (the cache's hash input), one payload byte changed.
        var forged = token.Remove(40, 1).Insert(40, token[40] == 'A' ? "B" : "A");
        forged[^16..].ShouldBe(token[^16..]);
        validator.Validate(forged).Status.ShouldNotBe(JwtValidationStatus.Valid);
    }

    [Fact]
    public void Cache_IsBounded()
    {
        var key = TestKey.Create("HS256");
        using var validator = ValidatorFactory.Create(key, configure: o => o.VerifiedTokenCacheSize = 64);
        for (var i = 0; i < 500; i++)
        {
            validator.Validate(TestTokens.Create(key, TestTokens.Claims().Also(c => c["jti"] = $"jti-{i}"))).IsValid.ShouldBeTrue();
            validator.CachedTokenCount.ShouldBeLessThanOrEqualTo(64);
        }
    }

    [Fact]
    public void Cache_Disabled_StillValidates()
    {
        var key = TestKey.Create("ES256");
        using var validator = ValidatorFactory.Create(key, configure: o => o.VerifiedTokenCacheSize = 0);
        var token = TestTokens.Create(key);
        validator.Validate(token).IsValid.ShouldBeTrue();
        validator.Validate(token).IsValid.ShouldBeTrue();
        validator.CachedTokenCount.ShouldBe(0);
    }
}

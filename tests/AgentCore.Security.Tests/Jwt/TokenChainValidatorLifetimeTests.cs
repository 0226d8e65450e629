using AgentCore.Security.Jwt;
using AgentCore.Security.Tests.Infrastructure;

namespace AgentCore.Security.Tests.Jwt;

/// <summary>Time edge cases, with FakeTimeProvider: the default clock skew is 60 s.</summary>
public sealed class TokenChainValidatorLifetimeTests
{
    private static readonly TestKey Key = TestKey.Create("HS256");

    [Theory]
    [InlineData(-61, JwtValidationStatus.Expired)] // exp + skew is before now
    [InlineData(-60, JwtValidationStatus.Expired)] // exp + skew == now: RFC 7519 "on or after" exp
    [InlineData(-59, JwtValidationStatus.Valid)]
    [InlineData(0, JwtValidationStatus.Valid)]
    public void Validate_ExpAroundNow_HonoursSkew(long expOffset, JwtValidationStatus expected)
    {
        using var validator = ValidatorFactory.Create(Key);
        var claims = TestTokens.Claims().Also(c => c["exp"] = TestTokens.Now + expOffset);
        validator.Validate(TestTokens.Create(Key, claims)).Status.ShouldBe(expected);
    }

    [Theory]
    [InlineData(60, JwtValidationStatus.Valid)]
    [InlineData(61, JwtValidationStatus.NotYetValid)]
    public void Validate_NbfAroundNow_HonoursSkew(long nbfOffset, JwtValidationStatus expected)
    {
        using var validator = ValidatorFactory.Create(Key);
        var claims = TestTokens.Claims().Also(c => c["nbf"] = TestTokens.Now + nbfOffset);
        validator.Validate(TestTokens.Create(Key, claims)).Status.ShouldBe(expected);
    }

    [Theory]
    [InlineData(60, JwtValidationStatus.Valid)]
    [InlineData(61, JwtValidationStatus.IssuedInFuture)]
    public void Validate_IatInFuture_BeyondSkewIsRejected(long iatOffset, JwtValidationStatus expected)
    {
        using var validator = ValidatorFactory.Create(Key);
        var claims = TestTokens.Claims().Also(c => c["iat"] = TestTokens.Now + iatOffset);
        validator.Validate(TestTokens.Create(Key, claims)).Status.ShouldBe(expected);
    }

    [Fact]
    public void Validate_ZeroSkew_ExpiresExactlyAtExp()
    {
        var clock = ValidatorFactory.Clock();
        using var validator = ValidatorFactory.Create(Key, clock, o => o.ClockSkew = TimeSpan.Zero);
        var token = TestTokens.Create(Key, TestTokens.Claims().Also(c => c["exp"] = TestTokens.Now + 1));
        validator.Validate(token).Status.ShouldBe(JwtValidationStatus.Valid);
        clock.Advance(TimeSpan.FromSeconds(1));
        validator.Validate(token).Status.ShouldBe(JwtValidationStatus.Expired);
    }

    [Fact]
    public void Validate_FractionalNumericDates_AreAccepted()
    {
        using var validator = ValidatorFactory.Create(Key);
        var claims = TestTokens.Claims().Also(c => { c["exp"] = TestTokens.Now + 30.75; c["iat"] = TestTokens.Now - 0.5; });
        validator.Validate(TestTokens.Create(Key, claims)).Status.ShouldBe(JwtValidationStatus.Valid);
    }

    [Fact]
    public void Validate_CachedToken_IsExpiredWhenTimePasses()
    {
        var clock = ValidatorFactory.Clock();
        using var validator = ValidatorFactory.Create(Key, clock);
        var token = TestTokens.Create(Key);

        var first = validator.Validate(token);
        first.IsValid.ShouldBeTrue();
        validator.Validate(token).Chain.ShouldBeSameAs(first.Chain);
        validator.CachedTokenCount.ShouldBe(1);

        clock.Advance(TimeSpan.FromSeconds(300 + 60));
        validator.Validate(token).Status.ShouldBe(JwtValidationStatus.Expired);
        validator.CachedTokenCount.ShouldBe(0);
    }

    [Fact]
    public void Validate_CachedTokenBeforeNbf_IsNotYetValidUntilItIs()
    {
        // The clock is a TimeProvider the test controls; it may be corrected backwards.
        var clock = new AdjustableClock(DateTimeOffset.FromUnixTimeSeconds(TestTokens.Now));
        using var validator = ValidatorFactory.Create(Key, clock);
        var token = TestTokens.Create(Key, TestTokens.Claims().Also(c => c["nbf"] = TestTokens.Now + 50));
        validator.Validate(token).IsValid.ShouldBeTrue();

        // Going back in time (a clock correction) must not let a cached token skip its nbf check.
        clock.Now = DateTimeOffset.FromUnixTimeSeconds(TestTokens.Now - 20);
        validator.Validate(token).Status.ShouldBe(JwtValidationStatus.NotYetValid);
    }
}

internal sealed class AdjustableClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

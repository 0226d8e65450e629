using System.Text.Json.Nodes;
using AgentCore.Security.Tests.Infrastructure;

namespace AgentCore.Security.Tests.Jwt;

/// <summary>The accepted-header shortcut changes no verdict: only byte-identical headers of verified tokens are reused.</summary>
public sealed class AcceptedHeaderCacheTests
{
    [Fact]
    public void ReusedHeader_StillVerifiesEverySignatureAndClaim()
    {
        var key = TestKeys.Rs256;
        using var validator = ValidatorFactory.Create(key, ValidatorFactory.Clock(), o => o.ReverifySignatureOnCacheHit = true);
        var token = TestTokens.Create(key);
        var expired = TestTokens.Claims().Also(c => c["exp"] = TestTokens.Now - 3600);

        validator.Validate(token).Status.ShouldBe(JwtValidationStatus.Valid);
        validator.Validate(token).Status.ShouldBe(JwtValidationStatus.Valid);
        validator.Validate(token[..^6] + "AAAAAA").Status.ShouldBe(JwtValidationStatus.InvalidSignature);
        validator.Validate(TestTokens.Create(key, expired)).Status.ShouldBe(JwtValidationStatus.Expired);
    }

    [Fact]
    public void HeaderOfAnUnverifiedToken_IsNotReused()
    {
        var key = TestKeys.Rs256;
        using var validator = ValidatorFactory.Create(key, ValidatorFactory.Clock());
        var header = TestTokens.Header(key).ToJsonString();
        var forged = TestTokens.B64(header) + "." + TestTokens.B64(TestTokens.Claims().ToJsonString()) + "." + TestTokens.B64(new byte[256]);

        validator.Validate(forged).Status.ShouldBe(JwtValidationStatus.InvalidSignature);
        validator.Validate(forged).Status.ShouldBe(JwtValidationStatus.InvalidSignature);
        validator.AcceptedHeaderCount.ShouldBe(0);

        validator.Validate(TestTokens.Create(key)).Status.ShouldBe(JwtValidationStatus.Valid);
        validator.Validate(TestTokens.Create(key, TestTokens.Claims().Also(c => c["jti"] = "jti-2"))).Status.ShouldBe(JwtValidationStatus.Valid);
        validator.AcceptedHeaderCount.ShouldBe(1);
    }

    [Fact]
    public void DifferentHeaderBytes_AreParsedAndJudgedOnTheirOwn()
    {
        var key = TestKeys.Rs256;
        using var validator = ValidatorFactory.Create(key, ValidatorFactory.Clock());
        validator.Validate(TestTokens.Create(key)).Status.ShouldBe(JwtValidationStatus.Valid);

        var jwtTyp = TestTokens.Create(key, header: TestTokens.Header(key, typ: "JWT"));
        var withJku = TestTokens.Create(key, header: TestTokens.Header(key).Also(h => h["jku"] = "https://evil.example/jwks"));

        validator.Validate(jwtTyp).Status.ShouldBe(JwtValidationStatus.InvalidType);
        validator.Validate(withJku).Status.ShouldBe(JwtValidationStatus.UnsupportedHeader);
    }
}

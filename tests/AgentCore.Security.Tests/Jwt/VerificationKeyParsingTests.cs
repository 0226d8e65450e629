using System.Security.Cryptography;
using System.Text;
using AgentCore.Security.Jwt;
using AgentCore.Security.Tests.Infrastructure;

namespace AgentCore.Security.Tests.Jwt;

public sealed class VerificationKeyParsingTests
{
    [Theory]
    [InlineData("kid")]
    [InlineData("kty")]
    [InlineData("use")]
    public void ParseJwks_MemberWithUnpairedSurrogateEscape_IsFormatException_NamingTheMember(string member)
    {
        var jwk = new Dictionary<string, string> { ["kty"] = "oct", ["kid"] = "k1", ["k"] = TestTokensB64(new byte[32]), ["use"] = "sig" };
        jwk[member] = "\\ud800";
        var json = "{\"keys\":[{" + string.Join(",", jwk.Select(p => $"\"{p.Key}\":\"{p.Value}\"")) + "}]}";

        var ex = Should.Throw<FormatException>(() => VerificationKey.ParseJwks(json, allowSymmetricKeys: true));
        ex.Message.ShouldContain($"member '{member}' holds an unpaired surrogate escape");
    }

    // Defect 10: RSA keys over 6144 bits loaded, but the validator read at most 1,024 signature characters,
    // so every token they signed failed as InvalidSignature.
    [Fact]
    public void RsaKeyOver6144Bits_Loads_AndTheTokensItSignsValidate()
    {
        using var rsa = RSA.Create(6656); // 832-byte signatures: 1,110 base64url characters
        var key = VerificationKey.FromRsa("big", rsa);
        var options = new TokenChainValidatorOptions { Audience = TestTokens.Audience };
        options.Issuers.Add(new TrustedIssuer(TestTokens.Issuer).AddKeys(key));
        using var validator = new TokenChainValidator(options, ValidatorFactory.Clock());
        var signingInput = TestTokens.B64("{\"alg\":\"RS256\",\"kid\":\"big\",\"typ\":\"at+jwt\"}") + "." + TestTokens.B64(TestTokens.Claims().ToJsonString());
        var token = signingInput + "." + TestTokens.B64(rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        key.KeySize.ShouldBe(6656);
        validator.Validate(token).Status.ShouldBe(JwtValidationStatus.Valid);
    }

    [Theory]
    [InlineData(8200)]
    [InlineData(16384)]
    public void RsaKeyOver8192Bits_IsRefusedAtLoad_WithTheSupportedSizes(int bits)
    {
        var jwk = $$"""{"kty":"RSA","kid":"huge","alg":"RS256","n":"{{TestTokensB64(Modulus(bits))}}","e":"AQAB"}""";

        var error = Should.Throw<FormatException>(() => VerificationKey.ParseJwk(jwk));

        error.Message.ShouldContain($"{bits} bits");
        error.Message.ShouldContain("2048 to 8192");
    }

    [Fact]
    public void RsaKeyOf8192Bits_Loads()
    {
        var jwk = $$"""{"kty":"RSA","kid":"max","alg":"RS256","n":"{{TestTokensB64(Modulus(8192))}}","e":"AQAB"}""";

        VerificationKey.ParseJwk(jwk).KeySize.ShouldBe(VerificationKey.MaximumRsaKeySizeInBits);
    }

    // A public modulus of exactly that many bits (odd, top bit set); loading never checks that it factors.
    private static byte[] Modulus(int bits)
    {
        var bytes = new byte[(bits + 7) / 8];
        RandomNumberGenerator.Fill(bytes);
        var topBits = bits % 8 == 0 ? 8 : bits % 8;
        bytes[0] = (byte)((bytes[0] & ((1 << topBits) - 1)) | (1 << (topBits - 1)));
        bytes[^1] |= 1;
        return bytes;
    }

    private static string TestTokensB64(byte[] data) => AgentCore.Security.Tests.Infrastructure.TestTokens.B64(data);
}

using AgentCore.Security.Jwt;
using AgentCore.Security.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentCore.Security.Benchmarks;

internal static class Fixtures
{
    public static (TokenChainValidator Cold, TokenChainValidator Warm, JsonWebTokenHandler JsonWebTokenHandler, System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler JwtSecurityTokenHandler, TokenValidationParameters Parameters) Create(TestKey key)
    {
        TokenChainValidator Ours(bool reverify)
        {
            var options = new TokenChainValidatorOptions { Audience = TestTokens.Audience, ReverifySignatureOnCacheHit = reverify };
            options.Issuers.Add(new TrustedIssuer(TestTokens.Issuer).AddKeys(key.Verification));
            return new TokenChainValidator(options);
        }

        SecurityKey securityKey = key.Alg switch
        {
            "HS256" => new SymmetricSecurityKey(key.Secret) { KeyId = key.Kid },
            "ES256" => new ECDsaSecurityKey(key.ECDsa) { KeyId = key.Kid },
            _ => new RsaSecurityKey(key.Rsa) { KeyId = key.Kid },
        };
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = TestTokens.Issuer,
            ValidAudience = TestTokens.Audience,
            IssuerSigningKey = securityKey,
            ValidTypes = ["at+jwt"],
            ValidAlgorithms = [key.Alg],
            ClockSkew = TimeSpan.FromSeconds(60),
        };
        return (Ours(reverify: true), Ours(reverify: false), new JsonWebTokenHandler(), new System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler { MapInboundClaims = false }, parameters);
    }
}

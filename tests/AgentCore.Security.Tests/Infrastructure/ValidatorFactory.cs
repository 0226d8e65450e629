using AgentCore.Security.Jwt;
using Microsoft.Extensions.Time.Testing;

namespace AgentCore.Security.Tests.Infrastructure;

public static class ValidatorFactory
{
    public static FakeTimeProvider Clock(long now = TestTokens.Now) => new(DateTimeOffset.FromUnixTimeSeconds(now));

    public static TokenChainValidatorOptions Options(params TestKey[] keys)
    {
        var options = new TokenChainValidatorOptions { Audience = TestTokens.Audience };
        var issuer = new TrustedIssuer(TestTokens.Issuer);
        foreach (var key in keys)
        {
            issuer.Keys.Add(key.Verification);
        }

        options.Issuers.Add(issuer);
        return options;
    }

    public static TokenChainValidator Create(TestKey key, TimeProvider? clock = null, Action<TokenChainValidatorOptions>? configure = null)
    {
        var options = Options(key);
        configure?.Invoke(options);
        return new TokenChainValidator(options, clock ?? Clock());
    }
}

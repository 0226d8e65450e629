namespace AgentCore.Security.Tests.Infrastructure;

public static class TestKeys
{
    /// <summary>The RSA key the failure-case tokens are signed with (kid "rs256-key").</summary>
    public static TestKey Rs256 => Jwt.TokenChainValidatorTests.SigningKey;
}

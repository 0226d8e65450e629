using AgentCore.Security.TokenExchange.Internal;

namespace AgentCore.Security.Tests.TokenExchange;

/// <summary>What the distributed cache holds: sealed for its cache key, opened only with the same key and cache key.</summary>
public sealed class SealedIssuedTokenTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private static readonly IssuedToken Token = new("header.payload-of-alice.signature", "urn:ietf:params:oauth:token-type:access_token", DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), ["read:alerts"]);

    [Fact]
    public void Sealed_OpensWithTheSameKeyAndCacheKey_AfterARoundTripThroughItsBytes()
    {
        var stored = new SealedIssuedToken(SealedIssuedToken.Seal(Token, "key-a", Key).Data); // as read back from Redis

        var opened = stored.Open("key-a", Key);

        opened.ShouldNotBeNull();
        opened.AccessToken.ShouldBe(Token.AccessToken);
        opened.ExpiresAt.ShouldBe(Token.ExpiresAt);
        opened.Scopes.ShouldBe(["read:alerts"]);
    }

    [Fact]
    public void TheBytes_HoldNoPartOfTheToken()
    {
        var data = SealedIssuedToken.Seal(Token, "key-a", Key).Data;

        data.AsSpan().IndexOf("payload-of-alice"u8).ShouldBe(-1);
        data.AsSpan().IndexOf("read:alerts"u8).ShouldBe(-1);
    }

    [Fact]
    public void UnderAnotherCacheKey_WithAnotherKey_OrAltered_ItDoesNotOpen()
    {
        var data = SealedIssuedToken.Seal(Token, "key-a", Key).Data;
        var altered = (byte[])data.Clone();
        altered[^1] ^= 1;
        var otherKey = (byte[])Key.Clone();
        otherKey[0] ^= 1;

        new SealedIssuedToken(data).Open("key-b", Key).ShouldBeNull();
        new SealedIssuedToken(data).Open("key-a", otherKey).ShouldBeNull();
        new SealedIssuedToken(altered).Open("key-a", Key).ShouldBeNull();
        new SealedIssuedToken("{\"token\":\"plain\"}"u8.ToArray()).Open("key-a", Key).ShouldBeNull(); // an entry from before sealing
    }
}

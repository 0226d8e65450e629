using System.Text;
using AgentCore.Security.IntegrationTests.Infrastructure;
using AgentCore.Security.TokenExchange;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace AgentCore.Security.IntegrationTests.TokenExchange;

/// <summary>
/// <c>UseDistributedCache</c> against a real <c>redis-server</c> behind HybridCache
/// (<c>Microsoft.Extensions.Caching.StackExchangeRedis</c>): replicas share one exchange, what Redis holds reveals no
/// token or subject, an entry moved under another key is never handed out, and a stopped or paused Redis costs a
/// fallback to the replica's own exchange, never an exception or a request without a token.
/// </summary>
public sealed class RedisDistributedCacheTests(TokenServiceFixture tokenService) : IClassFixture<TokenServiceFixture>, IAsyncDisposable
{
    // Replicas live to the end of the test: HybridCache writes Redis in the background, and a disposed replica drops
    // a write it has not made yet.
    private readonly List<ServiceProvider> _replicas = [];

    private static readonly string SealingKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Replicas_ShareOneExchange_ThroughRedis_AndNothingGoesToRedisWhenL2IsOff()
    {
        await using var redis = await RedisServer.StartAsync(Cancel);
        var request = await RequestForAsync("alice");

        var off = await ExchangeAsync(redis, request, useL2: false);
        (await KeysAsync(redis)).ShouldBeEmpty();
        var first = await ExchangeAsync(redis, request);
        await WaitForKeysAsync(redis, 1);
        var second = await ExchangeAsync(redis, request);

        off.Status.ShouldBe(TokenExchangeStatus.Success, off.Message);
        first.Status.ShouldBe(TokenExchangeStatus.Success, first.Message);
        second.Token!.AccessToken.ShouldBe(first.Token!.AccessToken); // the second replica did not ask: it holds the same token
    }

    [Fact]
    public async Task WhatRedisHolds_RevealsNoTokenAndNoSubject()
    {
        await using var redis = await RedisServer.StartAsync(Cancel);
        var request = await RequestForAsync("alice");

        var result = await ExchangeAsync(redis, request);
        await WaitForKeysAsync(redis, 1);

        var token = result.Token!.AccessToken;
        await using var connection = await redis.ConnectAsync();
        var database = connection.GetDatabase();
        foreach (var key in await KeysAsync(redis))
        {
            var text = (string)key! + " " + string.Join(" ", (await database.HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}"));
            var bytes = Encoding.Latin1.GetBytes(text);
            foreach (var secret in new[] { token, token.Split('.')[1], token.Split('.')[2], request.SubjectToken!, "alice", "eyJ" })
            {
                bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)).ShouldBe(-1, $"'{secret[..Math.Min(12, secret.Length)]}…' found in Redis");
            }
        }
    }

    [Fact]
    public async Task AnEntryMovedUnderAnotherUsersKey_IsNeverHandedOut()
    {
        await using var redis = await RedisServer.StartAsync(Cancel);
        var alice = await RequestForAsync("alice");
        var bob = await RequestForAsync("bob");
        await ExchangeAsync(redis, alice);
        await WaitForKeysAsync(redis, 1);
        var aliceKey = (await KeysAsync(redis)).Single();
        await ExchangeAsync(redis, bob);
        await WaitForKeysAsync(redis, 2);
        var bobKey = (await KeysAsync(redis)).Single(k => k != aliceKey);

        // An attacker with write access to Redis puts bob's entry under alice's key.
        await using (var connection = await redis.ConnectAsync())
        {
            var database = connection.GetDatabase();
            await database.HashSetAsync(aliceKey, "data", await database.HashGetAsync(bobKey, "data"));
        }

        var served = await ExchangeAsync(redis, alice);

        served.Status.ShouldBe(TokenExchangeStatus.Success, served.Message);
        using var validator = tokenService.Validator("security-agent");
        (await validator.ValidateAsync(served.Token!.AccessToken, Cancel)).Chain!.Subject.ShouldBe("alice");
    }

    [Fact]
    public async Task RedisStopped_TheReplicaExchangesItself_AndNoExceptionEscapes()
    {
        await using var redis = await RedisServer.StartAsync(Cancel);
        var request = await RequestForAsync("alice");
        var before = await ExchangeAsync(redis, request);
        await WaitForKeysAsync(redis, 1);

        redis.Stop();
        var after = await ExchangeAsync(redis, request);

        after.Status.ShouldBe(TokenExchangeStatus.Success, after.Message);
        after.Token!.AccessToken.ShouldNotBe(before.Token!.AccessToken); // asked the token service itself
    }

    [Fact]
    public async Task RedisPaused_IsBoundedByTheTimeout_AndTheReplicaExchangesItself()
    {
        await using var redis = await RedisServer.StartAsync(Cancel);
        var request = await RequestForAsync("alice");
        redis.Pause();
        try
        {
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
            bound.CancelAfter(TimeSpan.FromSeconds(30)); // a hang fails the test; the timeouts are 1 s

            var provider = Replica(redis, useL2: true, TimeSpan.FromMinutes(5));
            var result = await provider.GetRequiredService<ITokenExchanger>().ExchangeAsync(request, bound.Token);

            result.Status.ShouldBe(TokenExchangeStatus.Success, result.Message);
        }
        finally
        {
            redis.Resume();
        }
    }

    [Fact]
    public async Task ExpiryIsHonouredInRedis()
    {
        await using var redis = await RedisServer.StartAsync(Cancel);
        var request = await RequestForAsync("alice");
        var first = await ExchangeAsync(redis, request, lifetime: TimeSpan.FromSeconds(2));
        await WaitForKeysAsync(redis, 1);

        // Redis drops it by itself (its TTL is the entry's lifetime); bounded, as the HybridCache write is in the background.
        for (var i = 0; i < 300 && (await KeysAsync(redis)).Count > 0; i++)
        {
            await Task.Delay(50, Cancel);
        }

        (await KeysAsync(redis)).ShouldBeEmpty();
        var second = await ExchangeAsync(redis, request, lifetime: TimeSpan.FromSeconds(2));

        second.Token!.AccessToken.ShouldNotBe(first.Token!.AccessToken);
    }

    private static async Task<List<RedisKey>> KeysAsync(RedisServer redis)
    {
        await using var connection = await redis.ConnectAsync();
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var keys = new List<RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: "*"))
        {
            keys.Add(key);
        }

        return keys;
    }

    private static async Task WaitForKeysAsync(RedisServer redis, int count)
    {
        for (var i = 0; i < 300 && (await KeysAsync(redis)).Count < count; i++)
        {
            await Task.Delay(50, Cancel); // HybridCache writes L2 in the background (slow under a loaded parallel run)
        }

        (await KeysAsync(redis)).Count.ShouldBe(count);
    }

    private async Task<TokenExchangeRequest> RequestForAsync(string user) => new()
    {
        SubjectToken = await TokenServiceClient.UserTokenAsync(tokenService.Server, user, "coordinator", "triage read:alerts"),
        Audiences = ["security-agent"],
        Scopes = ["read:alerts"],
    };

    // A replica: its own service provider (its own memory tier), the shared Redis as L2.
    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }
    }

    private async Task<TokenExchangeResult> ExchangeAsync(RedisServer redis, TokenExchangeRequest request, bool useL2 = true, TimeSpan? lifetime = null)
    {
        var provider = Replica(redis, useL2, lifetime ?? TimeSpan.FromMinutes(5));
        return await provider.GetRequiredService<ITokenExchanger>().ExchangeAsync(request, Cancel);
    }

    private ServiceProvider Replica(RedisServer redis, bool useL2, TimeSpan lifetime)
    {
        var services = new ServiceCollection();
        services.AddStackExchangeRedisCache(o => o.Configuration = redis.Configuration);
        services.AddAgentTokenChain().AddTokenExchange(o =>
        {
            o.TokenEndpoint = tokenService.Server.TokenEndpoint;
            o.RequireHttps = false;
            o.ClientId = "coordinator";
            o.ClientSecret = "coordinator-secret";
            o.UseDistributedCache = useL2;
            o.DistributedCacheKey = SealingKey;
            o.MaxCacheLifetime = lifetime;
            o.RefreshMargin = lifetime / 4; // shorter than the lifetime, or every call would refresh
            PatientResilience.Apply(o);
        });
        var provider = services.BuildServiceProvider();
        _replicas.Add(provider);
        return provider;
    }
}

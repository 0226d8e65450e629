using System.Text.Json.Nodes;
using AgentCore.Security.Jwt;
using AgentCore.Security.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AgentCore.Security.Tests.Jwt;

/// <summary>
/// OIDC discovery and JWKS over a real loopback Kestrel server: first load, the unknown-kid refresh
/// throttle, key rotation (cached tokens go with their key), and keys that must never be loaded.
/// </summary>
public sealed class DiscoveryKeyRefreshTests : IAsyncLifetime
{
    private readonly TestKey _keyA = TestKey.Create("RS256", "key-a");
    private readonly TestKey _keyB = TestKey.Create("ES256", "key-b");
    private WebApplication _app = null!;
    private int _jwksRequests;
    private volatile string _jwks = string.Empty;
    private volatile string? _documentIssuer;
    private volatile int _jwksStatus = 200;

    private string Issuer { get; set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/.well-known/openid-configuration", () => Results.Text(
            new JsonObject { ["issuer"] = _documentIssuer ?? Issuer, ["jwks_uri"] = Issuer + "/jwks" }.ToJsonString(), "application/json"));
        _app.MapGet("/jwks", () =>
        {
            Interlocked.Increment(ref _jwksRequests);
            return _jwksStatus == 200 ? Results.Text(_jwks, "application/json") : Results.StatusCode(_jwksStatus);
        });
        await _app.StartAsync(TestContext.Current.CancellationToken);
        Issuer = _app.Urls.First().TrimEnd('/');
        Publish(_keyA);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ValidateAsync_FirstToken_LoadsKeysThroughDiscovery()
    {
        using var validator = Create(ValidatorFactory.Clock());
        var result = await validator.ValidateAsync(Token(_keyA), TestContext.Current.CancellationToken);
        result.Status.ShouldBe(JwtValidationStatus.Valid, result.Message);
        _jwksRequests.ShouldBe(1);
    }

    [Fact]
    public async Task UnknownKidFlood_RefreshesAtMostOncePerInterval()
    {
        var clock = ValidatorFactory.Clock();
        using var validator = Create(clock);
        await validator.LoadKeysAsync(TestContext.Current.CancellationToken);
        _jwksRequests.ShouldBe(1);

        var unknown = TestKey.Create("RS256", "never-published");
        var tasks = new List<Task<JwtValidationResult>>();
        for (var i = 0; i < 500; i++)
        {
            var token = Token(unknown, $"flood-{i}");
            validator.Validate(token).Status.ShouldBe(JwtValidationStatus.KeyNotFound);
            tasks.Add(validator.ValidateAsync(token, TestContext.Current.CancellationToken).AsTask());
        }

        // The first load was a refresh within this interval: 1,000 unknown-kid look-ups add none.
        (await Task.WhenAll(tasks)).ShouldAllBe(r => r.Status == JwtValidationStatus.KeyNotFound);
        await WaitForRefreshes(validator);
        _jwksRequests.ShouldBe(1);

        clock.Advance(TimeSpan.FromMinutes(4));
        (await validator.ValidateAsync(Token(unknown), TestContext.Current.CancellationToken)).Status.ShouldBe(JwtValidationStatus.KeyNotFound);
        _jwksRequests.ShouldBe(1);

        // Once the interval has passed, the next flood causes exactly one refresh.
        clock.Advance(TimeSpan.FromMinutes(1));
        var second = Enumerable.Range(0, 200).Select(i => validator.ValidateAsync(Token(unknown, $"again-{i}"), TestContext.Current.CancellationToken).AsTask()).ToList();
        (await Task.WhenAll(second)).ShouldAllBe(r => r.Status == JwtValidationStatus.KeyNotFound);
        await WaitForRefreshes(validator);
        _jwksRequests.ShouldBe(2);
    }

    [Fact]
    public async Task KeyRotation_NewKeyIsFetchedAndTokensOfTheRemovedKeyAreDropped()
    {
        var clock = ValidatorFactory.Clock();
        using var validator = Create(clock);
        var tokenA = Token(_keyA);
        (await validator.ValidateAsync(tokenA, TestContext.Current.CancellationToken)).IsValid.ShouldBeTrue();
        validator.CachedTokenCount.ShouldBe(1);

        Publish(_keyB);
        clock.Advance(TimeSpan.FromMinutes(5));
        (await validator.ValidateAsync(Token(_keyB), TestContext.Current.CancellationToken)).Status.ShouldBe(JwtValidationStatus.Valid);

        // key-a left the key set: its cached token is not served from the cache any more.
        validator.Validate(tokenA).Status.ShouldBe(JwtValidationStatus.KeyNotFound);
    }

    [Fact]
    public async Task AutomaticRefresh_RunsOnTheTimeProvidersTimer()
    {
        var clock = ValidatorFactory.Clock();
        using var validator = Create(clock);
        await validator.LoadKeysAsync(TestContext.Current.CancellationToken);
        Publish(_keyB);
        clock.Advance(TimeSpan.FromHours(12));
        await WaitForRefreshes(validator, expected: 2);
        validator.Validate(Token(_keyB, now: TestTokens.Now + (12 * 3600))).Status.ShouldBe(JwtValidationStatus.Valid);
    }

    [Fact]
    public async Task JwksDownAtStart_RefusesEveryToken_KeyNotFound()
    {
        _jwksStatus = 503;
        using var validator = Create(ValidatorFactory.Clock());

        var result = await validator.ValidateAsync(Token(_keyA), TestContext.Current.CancellationToken);

        result.Status.ShouldBe(JwtValidationStatus.KeyNotFound);
    }

    [Theory]
    [InlineData("down")]
    [InlineData("malformed")]
    [InlineData("oversized")]
    public async Task JwksBrokenLater_KeepsTheKeysItHas_AndTokensStillValidate(string fault)
    {
        var clock = ValidatorFactory.Clock();
        using var validator = Create(clock);
        await validator.LoadKeysAsync(TestContext.Current.CancellationToken);
        switch (fault)
        {
            case "down":
                _jwksStatus = 503;
                break;
            case "malformed":
                _jwks = "{\"keys\": [ {\"kty\": ";
                break;
            default:
                _jwks = "{\"keys\":[],\"padding\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";
                break;
        }

        clock.Advance(TimeSpan.FromHours(12)); // the periodic refresh runs, and fails
        await WaitForRefreshes(validator, expected: 2);

        validator.Validate(Token(_keyA, jti: "after-" + fault, now: TestTokens.Now + (12 * 3600))).Status.ShouldBe(JwtValidationStatus.Valid);
        _jwksRequests.ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task JwksDownPastMaxKeyAge_DropsTheKeys_AndAReturningJwksRestoresThem()
    {
        var clock = ValidatorFactory.Clock();
        using var validator = Create(clock);
        await validator.LoadKeysAsync(TestContext.Current.CancellationToken);
        _jwksStatus = 503;

        // Four failed periodic refreshes (12 h apart): at 48 h since the last success the keys go.
        for (var refresh = 2; refresh <= 5; refresh++)
        {
            clock.Advance(TimeSpan.FromHours(12));
            await WaitForRefreshes(validator, expected: refresh);
        }

        var at48 = TestTokens.Now + (48 * 3600);
        validator.Validate(Token(_keyA, jti: "past-max-age", now: at48)).Status.ShouldBe(JwtValidationStatus.KeyNotFound);

        _jwksStatus = 200;
        clock.Advance(TimeSpan.FromHours(12));
        await WaitForRefreshes(validator, expected: 6);
        validator.Validate(Token(_keyA, jti: "restored", now: at48 + (12 * 3600))).Status.ShouldBe(JwtValidationStatus.Valid);
    }

    [Fact]
    public async Task RemoteSymmetricKeys_AreNeverLoaded()
    {
        var secret = TestKey.Create("HS256", "remote-secret");
        _jwks = new JsonObject { ["keys"] = new JsonArray(secret.ToJwk(), _keyA.ToJwk()) }.ToJsonString();
        using var validator = Create(ValidatorFactory.Clock());
        await validator.LoadKeysAsync(TestContext.Current.CancellationToken);
        validator.Validate(Token(_keyA)).Status.ShouldBe(JwtValidationStatus.Valid);
        validator.Validate(Token(secret)).Status.ShouldBe(JwtValidationStatus.KeyNotFound);
    }

    [Fact]
    public async Task DiscoveryDocumentForAnotherIssuer_IsRefused()
    {
        _documentIssuer = "https://impostor.test";
        using var validator = Create(ValidatorFactory.Clock());
        (await validator.ValidateAsync(Token(_keyA), TestContext.Current.CancellationToken)).Status.ShouldBe(JwtValidationStatus.KeyNotFound);
    }

    [Fact]
    public void HttpMetadata_IsRefusedUnlessAllowed()
    {
        var options = new TokenChainValidatorOptions { Audience = TestTokens.Audience };
        options.Issuers.Add(new TrustedIssuer(Issuer) { MetadataAddress = new Uri(Issuer + "/.well-known/openid-configuration") });
        Should.Throw<ArgumentException>(() => new TokenChainValidator(options)).Message.ShouldContain("RequireHttpsMetadata");
    }

    private static async Task WaitForRefreshes(TokenChainValidator validator, int expected = 0)
    {
        // The refresh runs off the hot path; give it a bounded time to finish.
        for (var i = 0; i < 200 && validator.KeyRefreshCount < expected; i++)
        {
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        await validator.WhenKeyRefreshIdleAsync().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    private TokenChainValidator Create(FakeTimeProvider clock)
    {
        var options = new TokenChainValidatorOptions { Audience = TestTokens.Audience, RequireHttpsMetadata = false };
        options.Issuers.Add(new TrustedIssuer(Issuer) { MetadataAddress = new Uri(Issuer + "/.well-known/openid-configuration") });
        return new TokenChainValidator(options, clock);
    }

    private void Publish(TestKey key) => _jwks = new JsonObject { ["keys"] = new JsonArray(key.ToJwk()) }.ToJsonString();

    private string Token(TestKey key, string jti = "jti-1", long now = TestTokens.Now) =>
        TestTokens.Create(key, TestTokens.Claims(now).Also(c => { c["iss"] = Issuer; c["jti"] = jti; }));
}

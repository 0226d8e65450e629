using AgentCore.Security.Diagnostics;
using AgentCore.Security.TokenExchange.Internal;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentCore.Security.TokenExchange;

/// <summary>
/// The RFC 8693 client: exchanges inbound tokens (or gets the agent's own client-credentials token)
/// at the token service, and caches issued tokens in <see cref="HybridCache"/> until shortly before
/// they expire. Concurrent requests for one key make one token-service request; failures are never
/// cached. Expected failures come back as <see cref="TokenExchangeResult"/>s, logged once.
/// </summary>
public sealed partial class TokenExchanger : ITokenExchanger
{
    private const string KeyPrefix = "agentcore:tx:v2:"; // v2: L2 entries are sealed

    private readonly Func<HttpClient> _httpClientFactory;
    private readonly SecurityMetrics _metrics;
    private readonly TokenExchangeOptions _options;
    private readonly HybridCache? _cache;
    private readonly HybridCacheEntryOptions _entryOptions;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly TokenEndpointResolver _endpoints;
    private readonly IClientAssertionSource? _assertions;
    private readonly string _clientId;
    private readonly string _tokenService;
    private readonly byte[]? _sealKey;

    // Memos of this instance only (never static: the key holds this exchanger's client). A request is
    // immutable (its lists are copied when it is built), so a key remembered by reference stays right.
    private KeyMemo? _lastKey;
    private KeyMemo? _lastSubjectHash;

    /// <summary>Initializes a new instance of the <see cref="TokenExchanger"/> class.</summary>
    /// <param name="httpClient">The client for the token service; give it the resilience pipeline (DI does).</param>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="cache">The cache, or <see langword="null"/> to ask the token service every time.</param>
    /// <param name="timeProvider">The clock for expiry; default <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">Where failures are logged; tokens never are.</param>
    /// <param name="assertionSource">The assertion source for <see cref="ClientAuthenticationMethod.ClientAssertion"/> when the options name none.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public TokenExchanger(
        HttpClient httpClient,
        TokenExchangeOptions options,
        HybridCache? cache = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IClientAssertionSource? assertionSource = null)
        : this(ClientFactory(httpClient), options, cache, timeProvider, loggerFactory, assertionSource, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TokenExchanger"/> class with a client per request (IHttpClientFactory).</summary>
    internal TokenExchanger(
        Func<HttpClient> httpClientFactory,
        TokenExchangeOptions options,
        HybridCache? cache,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory,
        IClientAssertionSource? assertionSource,
        System.Diagnostics.Metrics.IMeterFactory? meterFactory)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(options);
        var errors = TokenExchangeOptionsCustomValidator.Check(options);
        if (options.ClientAuthentication == ClientAuthenticationMethod.ClientAssertion && options.ClientAssertionSource is null && assertionSource is null)
        {
            errors.Add("ClientAuthentication = ClientAssertion needs an IClientAssertionSource (set ClientAssertionSource, or register one in DI).");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid token exchange options: " + string.Join(" ", errors), nameof(options));
        }

        _httpClientFactory = httpClientFactory;
        _metrics = SecurityMetrics.For(meterFactory);
        _options = options.Snapshot(); // read once: later changes to the caller's object change nothing
        _cache = options.EnableCaching ? cache : null;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = loggerFactory?.CreateLogger<TokenExchanger>() ?? NullLogger<TokenExchanger>.Instance;
        _endpoints = new TokenEndpointResolver(options, httpClientFactory());
        _clientId = options.ClientId!;
        _tokenService = Sha256Hex((options.TokenEndpoint ?? options.MetadataAddress ?? options.Authority)?.OriginalString ?? "-")[..16];
        _assertions = options.ClientAuthentication switch
        {
            ClientAuthenticationMethod.PrivateKeyJwt => new PrivateKeyJwtAssertionSource(options.ClientAssertionSigningCredentials!, options.ClientAssertionLifetime, _timeProvider, options.ClientAssertionJwtType),
            ClientAuthenticationMethod.ClientAssertion => options.ClientAssertionSource ?? assertionSource,
            _ => null,
        };
        _sealKey = options.UseDistributedCache ? TokenExchangeOptionsCustomValidator.DistributedCacheKeyOf(options) : null;
        _entryOptions = new HybridCacheEntryOptions
        {
            Expiration = options.MaxCacheLifetime,
            LocalCacheExpiration = options.MaxCacheLifetime,
            Flags = options.UseDistributedCache ? HybridCacheEntryFlags.None : HybridCacheEntryFlags.DisableDistributedCache,
        };
    }

    private static Func<HttpClient> ClientFactory(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        return () => httpClient;
    }

    /// <summary>Gets a copy of the options this exchanger runs with (taken when it was built; changing it changes nothing).</summary>
    public TokenExchangeOptions Options => _options.Snapshot();

    /// <inheritdoc />
    public async ValueTask<TokenExchangeResult> ExchangeAsync(TokenExchangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_cache is null)
        {
            return await RequestAsync(request, System.Diagnostics.Activity.Current?.Context ?? default, AgentCallContext.Current, cancellationToken).ConfigureAwait(false);
        }

        var key = CacheKey(request);
        try
        {
            var pending = GetOrCreateAsync(key, request, cancellationToken);
            if (pending.IsCompletedSuccessfully)
            {
                _metrics.CacheLookup(hit: true); // served from memory; a token-service request counts as a miss where it is made
            }

            var token = await pending.ConfigureAwait(false);
            var now = _timeProvider.GetUtcNow();
            if (now >= token.ExpiresAt - _options.RefreshMargin)
            {
                // Too close to expiry to hand out from the cache: drop it and ask once more (single-flight again).
                await _cache.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
                token = await GetOrCreateAsync(key, request, cancellationToken).ConfigureAwait(false);
                if (now >= token.ExpiresAt && token.ExpiresAt != DateTimeOffset.MinValue)
                {
                    return TokenExchangeResult.Failure(TokenExchangeStatus.InvalidResponse, "The token service issued a token that has already expired.");
                }
            }

            return TokenExchangeResult.Success(token);
        }
        catch (TokenExchangeFailedException failure)
        {
            return failure.Result;
        }
    }

    /// <inheritdoc />
    public ValueTask InvalidateAsync(TokenExchangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _cache is null ? default : _cache.RemoveAsync(CacheKey(request), cancellationToken);
    }

    private ValueTask<IssuedToken> GetOrCreateAsync(string key, TokenExchangeRequest request, CancellationToken cancellationToken) =>
        _sealKey is null ? GetOrCreatePlainAsync(key, request, cancellationToken) : GetOrCreateSealedAsync(key, request, cancellationToken);

    // With the distributed cache: sealed entries. One that does not open for this key (altered, moved from another key,
    // sealed with another key) is dropped and exchanged again, once; it is never handed out.
    private async ValueTask<IssuedToken> GetOrCreateSealedAsync(string key, TokenExchangeRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var sealedToken = await _cache!.GetOrCreateAsync(
                key,
                (Exchanger: this, Request: request, Key: key, Parent: System.Diagnostics.Activity.Current?.Context ?? default, Call: AgentCallContext.Current),
                static async (state, cancellationToken) => SealedIssuedToken.Seal(
                    await state.Exchanger.ExchangeOrThrowAsync(state.Request, state.Parent, state.Call, cancellationToken).ConfigureAwait(false),
                    state.Key,
                    state.Exchanger._sealKey!),
                _entryOptions,
                tags: null,
                cancellationToken).ConfigureAwait(false);
            if (sealedToken.Open(key, _sealKey!) is { } token)
            {
                return token;
            }

            Log.SealedEntryRefused(_logger, attempt + 1);
            await _cache.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
            if (attempt > 0)
            {
                throw new TokenExchangeFailedException(TokenExchangeResult.Failure(TokenExchangeStatus.InvalidResponse, "A distributed-cache entry did not open twice in a row (altered, or sealed with another key); the token was not used."));
            }
        }
    }

    private ValueTask<IssuedToken> GetOrCreatePlainAsync(string key, TokenExchangeRequest request, CancellationToken cancellationToken) =>
        _cache!.GetOrCreateAsync(
            key,
            (Exchanger: this, Request: request, Parent: System.Diagnostics.Activity.Current?.Context ?? default, Call: AgentCallContext.Current),
            static (state, cancellationToken) => state.Exchanger.ExchangeOrThrowAsync(state.Request, state.Parent, state.Call, cancellationToken),
            _entryOptions,
            tags: null,
            cancellationToken);

    // A cache miss: ask the token service. The factory may run without the caller's async context, so its span and
    // call are carried explicitly. A failure is thrown, so that HybridCache caches nothing.
    private async ValueTask<IssuedToken> ExchangeOrThrowAsync(TokenExchangeRequest request, System.Diagnostics.ActivityContext parent, AgentCallContext? call, CancellationToken cancellationToken)
    {
        _metrics.CacheLookup(hit: false);
        var result = await RequestAsync(request, parent, call, cancellationToken).ConfigureAwait(false);
        return result.IsSuccess ? result.Token! : throw new TokenExchangeFailedException(result);
    }

    /// <summary>SHA-256 of the subject token, plus the token service, the client, the actor token, targets, scopes and requested type (each set in a canonical order).</summary>
    internal string CacheKey(TokenExchangeRequest request) =>
        Remember(ref _lastKey, request, static (exchanger, r) => exchanger.BuildCacheKey(r)); // one request object serves a whole inbound call

    private string BuildCacheKey(TokenExchangeRequest request)
    {
        var subject = request.SubjectToken is null ? "-" : SubjectHash(request.SubjectToken);
        var actor = request.ActorToken is null ? "-" : Sha256Hex(request.ActorToken);
        return string.Concat(
            [KeyPrefix, _tokenService, "|", subject, "|", request.SubjectTokenType, "|", _clientId, "|", actor, "|", request.ActorTokenType ?? "-", "|", Canonical(request.Audiences), "|", Canonical(request.Resources), "|", Canonical(request.Scopes), "|", request.RequestedTokenType ?? "-"]);
    }

    // One inbound token usually serves many outbound calls (strings are immutable).
    private string SubjectHash(string token) => Remember(ref _lastSubjectHash, token, static (_, t) => Sha256Hex(t));

    /// <summary>The value derived from <paramref name="source"/> last time, if the same object is asked again; else derives it and remembers it.</summary>
    private string Remember<TSource>(ref KeyMemo? slot, TSource source, Func<TokenExchanger, TSource, string> derive)
        where TSource : class
    {
        if (slot is { } last && ReferenceEquals(last.Source, source))
        {
            return last.Value;
        }

        var value = derive(this, source);
        slot = new KeyMemo(source, value);
        return value;
    }

    private static string Sha256Hex(string value)
    {
        Span<byte> digest = stackalloc byte[32];
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        var buffer = max <= 4096 ? stackalloc byte[4096] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(value, buffer);
            SHA256.HashData(buffer[..length], digest);
            return Convert.ToHexStringLower(digest);
        }
        finally
        {
            if (rented is not null)
            {
                CryptographicOperations.ZeroMemory(rented);
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    // Length-prefixed, so that no value can make two different sets look alike.
    private static string Canonical(IReadOnlyList<string> values) => values.Count switch
    {
        0 => "0",
        1 => string.Concat("1:", values[0].Length.ToString(System.Globalization.CultureInfo.InvariantCulture), ":", values[0]),
        _ => string.Join(',', values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(static v => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{v.Length}:{v}"))),
    };

    /// <summary>One remembered derivation: read and replaced as a whole, so concurrent callers never see a torn pair.</summary>
    private sealed record KeyMemo(object Source, string Value);
}

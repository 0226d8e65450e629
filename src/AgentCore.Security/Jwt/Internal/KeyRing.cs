using AgentCore.Security.Jwt;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace AgentCore.Security.Jwt.Internal;

/// <summary>
/// Holds every trusted issuer's keys: static ones, and ones read through OpenID Connect discovery and
/// refreshed off the hot path. Publishes an immutable <see cref="KeySnapshot"/> that validation reads
/// without locking. See Internal/readme.md.
/// </summary>
internal sealed partial class KeyRing : IDisposable
{
    /// <summary>The largest discovery document or JWKS read, in bytes.</summary>
    public const int MaxDocumentSize = 512 * 1024;

    // Used when no client is given: never follows a redirect (a key set must come from where it was configured).
    private static readonly Lazy<HttpClient> NoRedirectClient = new(static () => new HttpClient(
        new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        MaxResponseContentBufferSize = MaxDocumentSize,
        Timeout = TimeSpan.FromSeconds(30),
    });

    private readonly IssuerEntry[] _issuers;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeSpan _maxKeyAge;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly ITimer? _timer;
    private volatile KeySnapshot _snapshot;

    public KeyRing(IEnumerable<TrustedIssuer> issuers, TimeProvider timeProvider, TimeSpan refreshInterval, TimeSpan automaticRefreshInterval, TimeSpan maxKeyAge, bool requireHttps, HttpClient? httpClient, ILogger logger)
    {
        _timeProvider = timeProvider;
        _refreshInterval = refreshInterval;
        _maxKeyAge = maxKeyAge;
        _logger = logger;
        _issuers = [.. issuers.Select(issuer => new IssuerEntry(issuer, requireHttps, httpClient))];
        _snapshot = BuildSnapshot();
        if (HasDiscovery)
        {
            _timer = timeProvider.CreateTimer(static state => ((KeyRing)state!).OnAutomaticRefresh(), this, automaticRefreshInterval, automaticRefreshInterval);
        }
    }

    public KeySnapshot Snapshot => _snapshot;

    public bool HasDiscovery => _issuers.Any(i => i.MetadataAddress is not null);

    /// <summary>Counts the key set downloads started, for tests and diagnostics.</summary>
    public int RefreshCount { get; private set; }

    /// <summary>
    /// Asks for a refresh of the discovered keys because a token named an unknown key id. At most one
    /// refresh per issuer starts per refresh interval; the first load is never throttled.
    /// </summary>
    /// <returns>The refresh under way or just started, or <see langword="null"/> when throttled or nothing is discovered.</returns>
    public Task? RequestRefresh()
    {
        if (!HasDiscovery)
        {
            return null;
        }

        List<Task>? tasks = null;
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            foreach (var entry in _issuers)
            {
                if (entry.MetadataAddress is null)
                {
                    continue;
                }

                if (entry.InFlight is { IsCompleted: false } running)
                {
                    (tasks ??= []).Add(running);
                    continue;
                }

                if (entry.LastAttempt is { } last && now - last < _refreshInterval)
                {
                    continue;
                }

                entry.LastAttempt = now;
                RefreshCount++;
                entry.InFlight = RefreshAsync(entry);
                (tasks ??= []).Add(entry.InFlight);
            }
        }

        return tasks is null ? null : Task.WhenAll(tasks);
    }

    /// <summary>Loads the discovered keys of every issuer now (the first load, or a warm-up at start).</summary>
    public Task LoadAsync(CancellationToken cancellationToken)
    {
        var refresh = RequestRefresh();
        return refresh is null ? Task.CompletedTask : refresh.WaitAsync(cancellationToken);
    }

    /// <summary>Completes when no refresh is under way (for tests and graceful shutdown).</summary>
    public Task WhenIdle()
    {
        lock (_gate)
        {
            return Task.WhenAll(_issuers.Select(i => i.InFlight).OfType<Task>());
        }
    }

    public void Dispose() => _timer?.Dispose();

    private void OnAutomaticRefresh()
    {
        lock (_gate)
        {
            foreach (var entry in _issuers)
            {
                if (entry.MetadataAddress is not null && entry.InFlight is not { IsCompleted: false })
                {
                    entry.LastAttempt = _timeProvider.GetUtcNow();
                    RefreshCount++;
                    entry.InFlight = RefreshAsync(entry);
                }
            }
        }
    }

    private async Task RefreshAsync(IssuerEntry entry)
    {
        await Task.Yield();
        try
        {
            var configuration = await entry.Retriever!.GetConfigurationAsync(entry.MetadataAddress!.AbsoluteUri, entry.DocumentRetriever!, CancellationToken.None).ConfigureAwait(false);
            if (!string.Equals(configuration.Issuer, entry.State.Issuer, StringComparison.Ordinal))
            {
                Log.DiscoveryIssuerMismatch(_logger, entry.State.Issuer, configuration.Issuer ?? "(none)");
                DropWhenTooOld(entry);
                return;
            }

            var keys = KeysOf(configuration.JsonWebKeySet?.Keys ?? [], error => Log.DiscoveredKeyRejected(_logger, entry.State.Issuer, error));
            Apply(entry, keys);
            entry.LastSuccess = _timeProvider.GetUtcNow();
            Log.KeysRefreshed(_logger, entry.State.Issuer, keys.Count);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Fail closed: keep the keys we had; tokens signed by unknown keys stay refused.
            Log.KeyRefreshFailed(_logger, entry.State.Issuer, ex.GetType().Name, ex.Message);
            DropWhenTooOld(entry);
        }
    }

    /// <summary>The verification keys of a discovered JWKS; each key that cannot be used is reported and skipped.</summary>
    internal static List<VerificationKey> KeysOf(IEnumerable<JsonWebKey> jwks, Action<string> rejected)
    {
        var keys = new List<VerificationKey>();
        foreach (var jwk in jwks)
        {
            var fields = new JwkFields
            {
                Kty = jwk.Kty, Kid = jwk.Kid, Alg = jwk.Alg, Use = jwk.Use,
                KeyOps = jwk.KeyOps.Count > 0 ? jwk.KeyOps : null,
                N = jwk.N, E = jwk.E, Crv = jwk.Crv, X = jwk.X, Y = jwk.Y, K = jwk.K,
            };
            var key = VerificationKey.TryFromJwk(fields, allowSymmetric: false, out var error);
            if (key is not null)
            {
                keys.Add(key);
            }
            else if (error is not null)
            {
                rejected(error);
            }
        }

        return keys;
    }

    // Keys kept through failed refreshes have a limit: past MaxKeyAge since the last success, they go.
    private void DropWhenTooOld(IssuerEntry entry)
    {
        if (entry.LastSuccess is { } success && entry.Discovered.Length > 0 && _timeProvider.GetUtcNow() - success >= _maxKeyAge)
        {
            Apply(entry, []);
            Log.KeysExpired(_logger, entry.State.Issuer, _maxKeyAge);
        }
    }

    private void Apply(IssuerEntry entry, List<VerificationKey> keys)
    {
        lock (_gate)
        {
            var previous = entry.Discovered;
            var next = new List<BoundKey>(keys.Count);
            foreach (var key in keys)
            {
                // Keep the same bound key when the material is unchanged, so cached tokens stay valid.
                var same = previous.FirstOrDefault(p => string.Equals(p.Key.KeyId, key.KeyId, StringComparison.Ordinal) && p.Key.Fingerprint.AsSpan().SequenceEqual(key.Fingerprint));
                next.Add(same ?? new BoundKey(key, entry.State));
            }

            foreach (var old in previous)
            {
                if (!next.Contains(old))
                {
                    old.Retire();
                }
            }

            entry.Discovered = [.. next];
            _snapshot = BuildSnapshot();
        }
    }

    private KeySnapshot BuildSnapshot() => new(_issuers.SelectMany(i => i.Static.Concat(i.Discovered)));

    private sealed class IssuerEntry
    {
        public IssuerEntry(TrustedIssuer issuer, bool requireHttps, HttpClient? httpClient)
        {
            State = new IssuerState(issuer.Issuer);
            Static = [.. issuer.Keys.Select(k => new BoundKey(k, State))];
            MetadataAddress = issuer.EffectiveMetadataAddress;
            if (MetadataAddress is not null)
            {
                Retriever = new OpenIdConnectConfigurationRetriever();
                DocumentRetriever = new HttpDocumentRetriever(httpClient ?? NoRedirectClient.Value) { RequireHttps = requireHttps };
            }
        }

        public IssuerState State { get; }

        public BoundKey[] Static { get; }

        public BoundKey[] Discovered { get; set; } = [];

        public Uri? MetadataAddress { get; }

        public IConfigurationRetriever<OpenIdConnectConfiguration>? Retriever { get; }

        public IDocumentRetriever? DocumentRetriever { get; }

        public DateTimeOffset? LastAttempt { get; set; }

        public DateTimeOffset? LastSuccess { get; set; }

        public Task? InFlight { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 100, EventName = "KeysRefreshed", Level = LogLevel.Information, Message = "Loaded {KeyCount} verification keys for issuer {Issuer}.")]
        public static partial void KeysRefreshed(ILogger logger, string issuer, int keyCount);

        [LoggerMessage(EventId = 101, EventName = "KeyRefreshFailed", Level = LogLevel.Warning, Message = "Refreshing the keys of issuer {Issuer} failed ({ErrorType}: {ErrorMessage}); the previous keys stay in use.")]
        public static partial void KeyRefreshFailed(ILogger logger, string issuer, string errorType, string errorMessage);

        [LoggerMessage(EventId = 104, EventName = "KeysExpired", Level = LogLevel.Error, Message = "The keys of issuer {Issuer} could not be refreshed for {MaxKeyAge}; they were dropped, and its tokens are refused until a refresh succeeds.")]
        public static partial void KeysExpired(ILogger logger, string issuer, TimeSpan maxKeyAge);

        [LoggerMessage(EventId = 102, EventName = "DiscoveredKeyRejected", Level = LogLevel.Warning, Message = "A key published by issuer {Issuer} was refused: {Reason}")]
        public static partial void DiscoveredKeyRejected(ILogger logger, string issuer, string reason);

        [LoggerMessage(EventId = 103, EventName = "DiscoveryIssuerMismatch", Level = LogLevel.Error, Message = "The discovery document of issuer {Issuer} names issuer {DocumentIssuer}; its keys were not loaded.")]
        public static partial void DiscoveryIssuerMismatch(ILogger logger, string issuer, string documentIssuer);
    }
}

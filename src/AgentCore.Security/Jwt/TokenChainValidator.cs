using AgentCore.Security.Crypto;
using AgentCore.Security.Diagnostics;
using AgentCore.Security.Jwt.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentCore.Security.Jwt;

/// <summary>
/// Validates RFC 9068 JWT access tokens and their RFC 8693 <c>act</c> delegation chains: size, strict
/// base64url, header, algorithm, signature, claims, lifetime, scope, and the chain profile. The
/// validation path allocates nothing in steady state; failures are results, never exceptions, and the
/// validator never logs (its callers log the result).
/// </summary>
public sealed partial class TokenChainValidator : IAgentTokenValidator, IDisposable
{
    private const int StackTokenLimit = 4096;
    private const int Unset = int.MinValue;

    private readonly TimeProvider _timeProvider;
    private readonly KeyRing _keys;
    private readonly AcceptedHeaderCache _acceptedHeaders = new();
    private readonly VerifiedTokenCache? _cache;
    private readonly bool _reverifyOnHit;
    private readonly int _maxTokenSize;
    private readonly bool[] _allowedAlgorithms;
    private readonly bool _requireKeyId;
    private readonly byte[][] _validTypes;
    private readonly byte[][] _rejectedHeaders;
    private readonly long _clockSkewSeconds;
    private readonly RequiredClaim _requiredClaims;
    private readonly byte[][] _otherRequiredClaims;
    private readonly byte[][] _requiredScopes;
    private readonly int _maxChainDepth;
    private readonly bool _allowRepeatedPrincipals;
    private readonly bool _allowUnknownActorClaims;
    private readonly byte[] _audience;
    private readonly SecurityMetrics _metrics;

    /// <summary>Initializes a new instance of the <see cref="TokenChainValidator"/> class.</summary>
    /// <param name="options">The options; they are read once, here.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="httpClient">The client for discovery and JWKS requests; a new one when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Logs key refreshes (validation itself never logs).</param>
    /// <param name="meterFactory">Where <c>agentcore.security.jwt.validation.duration</c> is recorded, once per validation whichever host asked; the process-wide meter when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message names the setting to fix.</exception>
    public TokenChainValidator(TokenChainValidatorOptions options, TimeProvider? timeProvider = null, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null, System.Diagnostics.Metrics.IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = TokenChainValidatorOptionsCustomValidator.Check(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid TokenChainValidatorOptions: " + string.Join(" ", errors), nameof(options));
        }

        _timeProvider = timeProvider ?? TimeProvider.System;
        _metrics = SecurityMetrics.For(meterFactory);
        _maxTokenSize = options.MaxTokenSize;
        _allowedAlgorithms = new bool[JwsAlgorithms.All.Length + 1];
        foreach (var name in options.AllowedAlgorithms)
        {
            _allowedAlgorithms[(int)JwsAlgorithms.Parse(name)] = true;
        }

        _requireKeyId = options.RequireKeyId;
        _validTypes = [.. options.ValidTypes.Select(t => Encoding.UTF8.GetBytes(t.ToLowerInvariant()))];
        _rejectedHeaders = [.. options.RejectedHeaderParameters.Select(Encoding.UTF8.GetBytes)];
        _clockSkewSeconds = (long)options.ClockSkew.TotalSeconds;
        foreach (var claim in options.RequiredClaims)
        {
            var known = KnownClaim(claim);
            if (known != RequiredClaim.None)
            {
                _requiredClaims |= known;
            }
        }

        _requiredClaims |= RequiredClaim.Iss | RequiredClaim.Sub | RequiredClaim.Aud | RequiredClaim.Exp;
        _otherRequiredClaims = [.. options.RequiredClaims.Where(c => KnownClaim(c) == RequiredClaim.None).Select(Encoding.UTF8.GetBytes)];
        _requiredScopes = [.. options.RequiredScopes.Select(Encoding.UTF8.GetBytes)];
        _maxChainDepth = options.MaxChainDepth;
        _allowRepeatedPrincipals = options.AllowRepeatedPrincipals;
        _allowUnknownActorClaims = options.AllowUnknownActorClaims;
        _audience = Encoding.UTF8.GetBytes(options.Audience!);
        _cache = options.VerifiedTokenCacheSize > 0 ? new VerifiedTokenCache(options.VerifiedTokenCacheSize) : null;
        _reverifyOnHit = options.ReverifySignatureOnCacheHit;
        var logger = (ILogger?)loggerFactory?.CreateLogger<TokenChainValidator>() ?? NullLogger.Instance;
        _keys = new KeyRing(options.Issuers, _timeProvider, options.KeyRefreshInterval, options.AutomaticKeyRefreshInterval, options.MaxKeyAge, options.RequireHttpsMetadata, httpClient, logger);
    }

    [Flags]
    private enum RequiredClaim
    {
        None = 0,
        Iss = 1,
        Sub = 2,
        Aud = 4,
        Exp = 8,
        Nbf = 16,
        Iat = 32,
        Jti = 64,
        ClientId = 128,
        Scope = 256,
        Azp = 512,
        Act = 1024,
        MayAct = 2048,
    }

    /// <summary>Gets the number of validated tokens in the verified-token cache.</summary>
    public int CachedTokenCount => _cache?.Count ?? 0;

    /// <summary>Gets the number of key set downloads started so far (discovery issuers only).</summary>
    public int KeyRefreshCount => _keys.RefreshCount;

    /// <inheritdoc />
    public JwtValidationResult Validate(ReadOnlySpan<char> token) => Measured(StartMeasure(), ValidateChars(token));

    /// <inheritdoc />
    public JwtValidationResult Validate(ReadOnlySpan<byte> utf8Token) => Measured(StartMeasure(), ValidateCore(utf8Token));

    /// <inheritdoc />
    /// <remarks>One measurement per call, however many attempts (a key refresh for an unknown kid) it took.</remarks>
    public ValueTask<JwtValidationResult> ValidateAsync(string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        var started = StartMeasure();
        var result = ValidateChars(token.AsSpan());
        return result.Status == JwtValidationStatus.KeyNotFound && _keys.RequestRefresh() is { } refresh
            ? RetryAfterRefreshAsync(token, refresh, started, cancellationToken)
            : new ValueTask<JwtValidationResult>(Measured(started, result));
    }

    // The clock is read only while someone listens to the validation metric: the hot path pays one branch.
    private long StartMeasure() => _metrics.ValidationEnabled ? _timeProvider.GetTimestamp() : -1;

    private JwtValidationResult Measured(long started, JwtValidationResult result)
    {
        if (started >= 0)
        {
            _metrics.Validation(_timeProvider.GetElapsedTime(started), result.Status);
        }

        return result;
    }

    private JwtValidationResult ValidateChars(ReadOnlySpan<char> token)
    {
        if (token.Length > _maxTokenSize)
        {
            return Fail(JwtValidationStatus.TokenTooLarge);
        }

        byte[]? rented = null;
        var buffer = token.Length <= StackTokenLimit
            ? stackalloc byte[StackTokenLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(token.Length));
        try
        {
            if (Ascii.FromUtf16(token, buffer, out var written) != OperationStatus.Done)
            {
                return Fail(JwtValidationStatus.Malformed, Details.NonAscii);
            }

            return ValidateCore(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }
    }

    /// <summary>Loads the keys of every discovery issuer now, so that the first tokens do not wait for them.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the load has finished (successfully or not; failures are logged).</returns>
    public Task LoadKeysAsync(CancellationToken cancellationToken = default) => _keys.LoadAsync(cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _keys.Dispose();

    /// <summary>Gets the number of accepted header segments kept (for tests).</summary>
    internal int AcceptedHeaderCount => _acceptedHeaders.Count;

    /// <summary>Completes when no key refresh is under way.</summary>
    internal Task WhenKeyRefreshIdleAsync() => _keys.WhenIdle();

    /// <summary>Runs the JWS checks only (size, segments, header, algorithm, key, signature), for the signature vector suites.</summary>
    internal JwtValidationStatus VerifySignatureOnly(ReadOnlySpan<byte> token) =>
        token.Length > _maxTokenSize ? JwtValidationStatus.TokenTooLarge
        : token.IsEmpty ? JwtValidationStatus.Malformed
        : VerifyJws(token, out _, out _);

    private async ValueTask<JwtValidationResult> RetryAfterRefreshAsync(string token, Task refresh, long started, CancellationToken cancellationToken)
    {
        await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        return Measured(started, ValidateChars(token.AsSpan()));
    }

    private static JwtValidationResult Fail(JwtValidationStatus status, string? detail = null) => JwtValidationResult.Failure(status, detail);

    private static RequiredClaim KnownClaim(string name) => name switch
    {
        "iss" => RequiredClaim.Iss,
        "sub" => RequiredClaim.Sub,
        "aud" => RequiredClaim.Aud,
        "exp" => RequiredClaim.Exp,
        "nbf" => RequiredClaim.Nbf,
        "iat" => RequiredClaim.Iat,
        "jti" => RequiredClaim.Jti,
        "client_id" => RequiredClaim.ClientId,
        "scope" => RequiredClaim.Scope,
        "azp" => RequiredClaim.Azp,
        "act" => RequiredClaim.Act,
        _ => RequiredClaim.None,
    };

    private JwtValidationResult ValidateCore(ReadOnlySpan<byte> token)
    {
        if (token.Length > _maxTokenSize)
        {
            return Fail(JwtValidationStatus.TokenTooLarge);
        }

        if (token.IsEmpty)
        {
            return Fail(JwtValidationStatus.Malformed, Details.Empty);
        }

        VerifiedTokenCache.Entry? cached = null;
        if (_cache is not null && _cache.TryGet(token, out var entry))
        {
            if (entry.Key.IsRetired)
            {
                _cache.Remove(entry);
            }
            else if (!_reverifyOnHit)
            {
                return CheckCachedLifetime(entry);
            }
            else
            {
                cached = entry;
            }
        }

        var status = VerifyJws(token, out var parts, out var key);
        if (status != JwtValidationStatus.Valid)
        {
            return status == JwtValidationStatus.KeyNotFound ? KeyNotFound() : Fail(status, parts.Detail);
        }

        return ValidateClaims(token, parts, key!, cached);
    }

    private JwtValidationResult KeyNotFound()
    {
        // Fire and forget: the refresh is throttled, runs off the hot path, and logs its own failures.
        _ = _keys.RequestRefresh();
        return Fail(JwtValidationStatus.KeyNotFound);
    }

    private JwtValidationResult CheckCachedLifetime(VerifiedTokenCache.Entry entry)
    {
        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var status = CheckLifetime(now, entry.ExpiresAt, entry.NotBefore, entry.IssuedAt);
        if (status == JwtValidationStatus.Valid)
        {
            return JwtValidationResult.Success(entry.Chain);
        }

        if (status == JwtValidationStatus.Expired)
        {
            _cache!.Remove(entry);
        }

        return Fail(status);
    }

    private JwtValidationStatus CheckLifetime(long now, long exp, long nbf, long iat)
    {
        if (exp + _clockSkewSeconds <= now)
        {
            return JwtValidationStatus.Expired;
        }

        if (nbf != long.MinValue && nbf > now + _clockSkewSeconds)
        {
            return JwtValidationStatus.NotYetValid;
        }

        if (iat != long.MinValue && iat > now + _clockSkewSeconds)
        {
            return JwtValidationStatus.IssuedInFuture;
        }

        return JwtValidationStatus.Valid;
    }
}

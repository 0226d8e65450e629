using System.Buffers.Text;

namespace AgentCore.Security.TokenExchange;

/// <summary>
/// A workload identity JWT read from a file that another process keeps fresh (a SPIFFE JWT-SVID written by the SPIFFE
/// helper, a projected service-account token), sent as the client assertion (RFC 7523): the agent holds no secret of
/// its own. The file is read on every token request, so a rotation is never missed; a missing, malformed or expired token is refused with a message
/// that names the file (never the token), so the token service is not asked with it.
/// </summary>
public sealed class WorkloadJwtFileAssertionSource : IClientAssertionSource
{
    /// <summary>The largest file read (16 KiB): a workload JWT is far smaller.</summary>
    public const int MaxFileSize = 16 * 1024;

    private readonly string _path;
    private readonly string _assertionType;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private (string Token, long Expires)? _last;

    /// <summary>Initializes a new instance of the <see cref="WorkloadJwtFileAssertionSource"/> class.</summary>
    /// <param name="path">The file the workload JWT is written to.</param>
    /// <param name="assertionType">
    /// The <c>client_assertion_type</c>: <see cref="ClientAssertionTypes.JwtBearer"/> (RFC 7523, the default) or
    /// <see cref="ClientAssertionTypes.JwtSpiffe"/> where the token service expects it.
    /// </param>
    /// <param name="timeProvider">The clock the expiry is checked against.</param>
    public WorkloadJwtFileAssertionSource(string path, string assertionType = ClientAssertionTypes.JwtBearer, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(assertionType);
        _path = Path.GetFullPath(path);
        _assertionType = assertionType;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The file is missing, too large, not a compact JWT, or its token has expired.</exception>
    public ValueTask<ClientAssertion> GetAssertionAsync(ClientAssertionContext context, CancellationToken cancellationToken)
    {
        var file = new FileInfo(_path);
        if (!file.Exists)
        {
            throw new InvalidOperationException($"The workload JWT file '{_path}' does not exist; is the process that writes it running?");
        }

        if (file.Length > MaxFileSize)
        {
            throw new InvalidOperationException($"The workload JWT file '{_path}' is larger than {MaxFileSize} bytes; it is not a JWT.");
        }

        // Read on every call (a token request is rare: the exchanger caches what it gets): a rotation is never missed.
        var token = File.ReadAllText(_path).Trim();
        (string Token, long Expires) current;
        lock (_gate)
        {
            if (_last is not { } last || !string.Equals(last.Token, token, StringComparison.Ordinal))
            {
                _last = (token, ExpiresOf(token) ?? throw new InvalidOperationException($"The workload JWT file '{_path}' does not hold a compact JWT with an 'exp' claim."));
            }

            current = _last.Value;
        }

        if (current.Expires <= _time.GetUtcNow().ToUnixTimeSeconds())
        {
            throw new InvalidOperationException($"The workload JWT in '{_path}' expired at {DateTimeOffset.FromUnixTimeSeconds(current.Expires):O}; is the process that rotates it running?");
        }

        return ValueTask.FromResult(new ClientAssertion(_assertionType, current.Token));
    }

    // The payload's exp, read without verifying (the token service verifies): only to fail early and clearly.
    private static long? ExpiresOf(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0))
        {
            return null;
        }

        try
        {
            using var payload = System.Text.Json.JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return payload.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && payload.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds) ? seconds : null;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace AgentCore.Security.Gateway.Internal;

/// <summary>
/// Reads the bearer token of a request for one route. Under load one token arrives again and again; the last one read
/// is kept and handed out again when the next header carries the same characters (compared in fixed time, so the
/// comparison tells nothing of the kept token), which spares a copy of the token per request and lets the exchanger's
/// subject-token hash, remembered by reference, serve the repeats (the validator's cache compares bytes either way).
/// </summary>
internal sealed class BearerToken
{
    private const string Scheme = "Bearer ";
    private string? _last;

    /// <summary>The token; <see cref="string.Empty"/> for a <c>Bearer</c> header with nothing after it; <see langword="null"/> when there is no bearer header.</summary>
    public string? Read(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length == Scheme.Length)
        {
            return null;
        }

        var value = header.AsSpan(Scheme.Length).Trim();
        if (value.IsEmpty)
        {
            return string.Empty;
        }

        var last = Volatile.Read(ref _last);
        if (last is not null && last.Length == value.Length
            && CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(last.AsSpan()), MemoryMarshal.AsBytes(value)))
        {
            return last;
        }

        var token = value.ToString();
        Volatile.Write(ref _last, token);
        return token;
    }
}

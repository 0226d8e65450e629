using AgentCore.Security.Diagnostics;
using AgentCore.Security.Jwt.Internal;

namespace AgentCore.Security.TokenExchange.Internal;

/// <summary>Reads token-endpoint responses strictly: RFC 6749 §5.1/§5.2 and RFC 8693 §2.2.</summary>
internal static class TokenResponseReader
{
    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = 8, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    public static TokenExchangeResult ReadError(byte[] body, int status)
    {
        try
        {
            return ReadErrorCore(body, status);
        }
        catch (InvalidOperationException)
        {
            // JsonElement.GetString throws on an unpaired surrogate escape ("\ud800"): not text, so not an OAuth error response.
            return TokenExchangeResult.Failure(TokenExchangeStatus.InvalidResponse, $"The token service answered HTTP {status} with a string holding an unpaired surrogate escape.");
        }
    }

    /// <summary>Reads a successful token response and checks it against what was asked and what the subject holds.</summary>
    /// <param name="body">The response body.</param>
    /// <param name="request">What was asked.</param>
    /// <param name="requestedScopes">The scopes sent (empty when none were).</param>
    /// <param name="subjectScopes">The subject token's scopes (the ceiling of any exchange), or <see langword="null"/> when they cannot be known (an opaque subject token) or there is no subject.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The issued token, or why it cannot be used.</returns>
    public static TokenExchangeResult ReadToken(byte[] body, TokenExchangeRequest request, IReadOnlyList<string> requestedScopes, IReadOnlyList<string>? subjectScopes, DateTimeOffset now)
    {
        try
        {
            return ReadTokenCore(body, request, requestedScopes, subjectScopes, now);
        }
        catch (InvalidOperationException)
        {
            return Invalid("a string in it holds an unpaired surrogate escape");
        }
    }

    private static TokenExchangeResult ReadErrorCore(byte[] body, int status)
    {
        if (TryParse(body, out var document))
        {
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object && TryGetString(root, "error", out var error) && IsErrorCode(error))
                {
                    TryGetString(root, "error_description", out var description);
                    description = LogText.Escape(description); // RFC 6749 §5.2 allows no controls; a server that sends them cannot forge a log line
                    var message = description is null
                        ? $"The token service refused the request with {error} (HTTP {status})."
                        : $"The token service refused the request with {error} (HTTP {status}): {description}";
                    return TokenExchangeResult.Failure(TokenExchangeStatus.OAuthError, message, error, description);
                }
            }
        }

        return TokenExchangeResult.Failure(TokenExchangeStatus.InvalidResponse, $"The token service answered HTTP {status} without an OAuth error response.");
    }

    private static TokenExchangeResult ReadTokenCore(byte[] body, TokenExchangeRequest request, IReadOnlyList<string> requestedScopes, IReadOnlyList<string>? subjectScopes, DateTimeOffset now)
    {
        if (!TryParse(body, out var document))
        {
            return Invalid("the body is not JSON");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Invalid("the body is not a JSON object");
            }

            if (!TryGetString(root, "access_token", out var token) || token.Length == 0)
            {
                return Invalid("it has no access_token");
            }

            var exchange = request.SubjectToken is not null;
            string? issuedType = null;
            if (exchange && (!TryGetString(root, "issued_token_type", out issuedType) || issuedType.Length == 0))
            {
                return Invalid("it has no issued_token_type (required by RFC 8693 §2.2.1)");
            }

            var wantsAccessToken = request.RequestedTokenType is null or TokenTypeIdentifiers.AccessToken;
            if (exchange && wantsAccessToken && issuedType is not (TokenTypeIdentifiers.AccessToken or TokenTypeIdentifiers.Jwt))
            {
                return Invalid($"it issued a '{issuedType}', not an access token");
            }

            if (!TryGetString(root, "token_type", out var tokenType) || !(string.Equals(tokenType, "Bearer", StringComparison.OrdinalIgnoreCase) || (!wantsAccessToken && tokenType == "N_A")))
            {
                return Invalid($"its token_type is '{tokenType}', not Bearer");
            }

            var expiresAt = DateTimeOffset.MinValue;
            if (root.TryGetProperty("expires_in", out var expiresIn))
            {
                if (expiresIn.ValueKind != JsonValueKind.Number || !expiresIn.TryGetDouble(out var seconds) || !double.IsFinite(seconds) || seconds <= 0 || seconds > TimeSpan.FromDays(366).TotalSeconds)
                {
                    return Invalid("its expires_in is not a positive number of seconds");
                }

                expiresAt = now.AddSeconds(Math.Floor(seconds));
            }

            // The token's own exp, when it is a JWT, bounds its life too; its own scope claim is checked as the response's is.
            var isJwt = TryReadPayload(token, out var exp, out var tokenScope);
            if (isJwt && exp is { } jwtExp && (expiresAt == DateTimeOffset.MinValue || jwtExp < expiresAt))
            {
                expiresAt = jwtExp;
            }

            // Found by fuzzing: a JWT whose exp had passed was returned as a success, cached, dropped and asked for again.
            if (expiresAt != DateTimeOffset.MinValue && expiresAt <= now)
            {
                return Invalid($"the token it issued expired at {expiresAt:O}, before it arrived");
            }

            IReadOnlyList<string> granted = requestedScopes;
            if (root.TryGetProperty("scope", out var scopeElement))
            {
                if (scopeElement.ValueKind != JsonValueKind.String || !ScopeSyntax.IsValid(Encoding.UTF8.GetBytes(scopeElement.GetString()!)))
                {
                    return Invalid("its scope is not a valid scope string");
                }

                granted = scopeElement.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }

            if (requestedScopes.Count > 0 && Wider(granted, tokenScope, requestedScopes) is { } notAsked)
            {
                return Widened($"it granted scopes that were not requested ({notAsked}); a downscoped token must not be wider than asked");
            }

            if (request.SubjectToken is not null)
            {
                if (subjectScopes is not null && Wider(granted, tokenScope, subjectScopes) is { } notHeld)
                {
                    return Widened($"it granted scopes the inbound token does not hold ({notHeld}); an exchanged token must never be wider than the token it was exchanged from");
                }

                if (subjectScopes is null && requestedScopes.Count == 0 && (granted.Count > 0 || tokenScope is { Count: > 0 }))
                {
                    return Widened("it granted scopes, and neither a request nor the (opaque) inbound token bounds them; name the scopes the call needs in the client's target");
                }
            }

            return TokenExchangeResult.Success(new IssuedToken(token, issuedType, expiresAt, granted));
        }
    }

    /// <summary>The scopes of <paramref name="granted"/> or <paramref name="tokenScope"/> outside <paramref name="bound"/>, space-separated; <see langword="null"/> when none are (or when an empty request bounds nothing).</summary>
    private static string? Wider(IReadOnlyList<string> granted, IReadOnlyList<string>? tokenScope, IReadOnlyList<string> bound)
    {
        if (ReferenceEquals(granted, bound) && tokenScope is null)
        {
            return null;
        }

        var wider = granted.Concat(tokenScope ?? []).Where(s => !bound.Contains(s, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToArray();
        return wider.Length > 0 ? string.Join(' ', wider) : null;
    }

    private static TokenExchangeResult Widened(string reason) =>
        TokenExchangeResult.Failure(TokenExchangeStatus.ScopeWidened, $"The token service's response was refused: {reason}.");

    private static TokenExchangeResult Invalid(string reason) =>
        TokenExchangeResult.Failure(TokenExchangeStatus.InvalidResponse, $"The token service's response is not a usable token response: {reason}.");

    /// <summary>Reads <c>exp</c> from a JWT's payload without verifying it (the recipient verifies; this only bounds caching).</summary>
    internal static bool TryReadExp(string token, out DateTimeOffset exp)
    {
        var ok = TryReadPayload(token, out var read, out _) && read is not null;
        exp = read ?? default;
        return ok;
    }

    /// <summary>
    /// Reads <c>exp</c> and <c>scope</c> from a JWT's payload without verifying it: used only to refuse, never to
    /// trust (a bound on caching, and a ceiling on scope). A JWT without a scope claim has no scopes (an empty list).
    /// </summary>
    /// <returns><see langword="false"/> when the token is not a JWT with a JSON object payload.</returns>
    internal static bool TryReadPayload(string token, out DateTimeOffset? exp, out IReadOnlyList<string>? scopes)
    {
        exp = null;
        scopes = null;
        var first = token.IndexOf('.', StringComparison.Ordinal);
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (second < 0)
        {
            return false;
        }

        try
        {
            var payload = System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(first + 1, second - first - 1));
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            string? scope = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isExp = reader.ValueTextEquals("exp"u8);
                var isScope = reader.ValueTextEquals("scope"u8);
                reader.Read();
                if (isExp && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var seconds) && seconds is > 0 and < 253402300800)
                {
                    exp = DateTimeOffset.FromUnixTimeSeconds(seconds);
                }
                else if (isScope && reader.TokenType == JsonTokenType.String)
                {
                    scope = reader.GetString();
                }

                reader.Skip();
            }

            if (reader.TokenType != JsonTokenType.EndObject)
            {
                return false;
            }

            scopes = scope is null ? [] : scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return true;
        }
        catch (FormatException)
        {
        }
        catch (JsonException)
        {
        }
        catch (InvalidOperationException)
        {
            // GetString on an unpaired surrogate escape
        }

        return false;
    }

    private static bool TryParse(byte[] body, out JsonDocument document)
    {
        try
        {
            document = JsonDocument.Parse(body, Strict);
            return true;
        }
        catch (JsonException)
        {
            document = null!;
            return false;
        }
    }

    private static bool TryGetString(JsonElement root, string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
    {
        value = root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        return value is not null;
    }

    // RFC 6749 §5.2: error is %x20-21 / %x23-5B / %x5D-7E.
    private static bool IsErrorCode(string error) =>
        error.Length is > 0 and <= 128 && error.All(static c => c is >= '\x20' and <= '\x7E' and not '"' and not '\\');
}

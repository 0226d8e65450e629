using System.Text;
using System.Text.Json;

namespace AgentCore.Security.Internal;

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

    public static TokenExchangeResult ReadToken(byte[] body, TokenExchangeRequest request, IReadOnlyList<string> requestedScopes, DateTimeOffset now)
    {
        try
        {
            return ReadTokenCore(body, request, requestedScopes, now);
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
                    var message = description is null
                        ? $"The token service refused the request with {error} (HTTP {status})."
                        : $"The token service refused the request with {error} (HTTP {status}): {description}";
                    return TokenExchangeResult.Failure(TokenExchangeStatus.OAuthError, message, error, description);
                }
            }
        }

        return TokenExchangeResult.Failure(TokenExchangeStatus.InvalidResponse, $"The token service answered HTTP {status} without an OAuth error response.");
    }

    private static TokenExchangeResult ReadTokenCore(byte[] body, TokenExchangeRequest request, IReadOnlyList<string> requestedScopes, DateTimeOffset now)
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

            // The token's own exp, when it is a JWT, bounds its life too.
            if (TryReadExp(token, out var exp) && (expiresAt == DateTimeOffset.MinValue || exp < expiresAt))
            {
                expiresAt = exp;
            }

            IReadOnlyList<string> granted = requestedScopes;
            if (root.TryGetProperty("scope", out var scopeElement))
            {
                if (scopeElement.ValueKind != JsonValueKind.String || !ScopeSyntax.IsValid(Encoding.UTF8.GetBytes(scopeElement.GetString()!)))
                {
                    return Invalid("its scope is not a valid scope string");
                }

                granted = scopeElement.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (requestedScopes.Count > 0)
                {
                    var wider = granted.Where(s => !requestedScopes.Contains(s, StringComparer.Ordinal)).ToArray();
                    if (wider.Length > 0)
                    {
                        return Invalid($"it granted scopes that were not requested ({string.Join(' ', wider)}); a downscoped token must not be wider than asked");
                    }
                }
            }

            return TokenExchangeResult.Success(new IssuedToken(token, issuedType, expiresAt, granted));
        }
    }

    private static TokenExchangeResult Invalid(string reason) =>
        TokenExchangeResult.Failure(TokenExchangeStatus.InvalidResponse, $"The token service's response is not a usable token response: {reason}.");

    /// <summary>Reads <c>exp</c> from a JWT's payload without verifying it (the recipient verifies; this only bounds caching).</summary>
    internal static bool TryReadExp(string token, out DateTimeOffset exp)
    {
        exp = default;
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

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isExp = reader.ValueTextEquals("exp"u8);
                reader.Read();
                if (isExp && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var seconds) && seconds is > 0 and < 253402300800)
                {
                    exp = DateTimeOffset.FromUnixTimeSeconds(seconds);
                    return true;
                }

                reader.Skip();
            }
        }
        catch (FormatException)
        {
        }
        catch (JsonException)
        {
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

using AgentCore.Security.Crypto;
using AgentCore.Security.Jwt.Internal;

namespace AgentCore.Security.Jwt;

/// <content>Reading keys from JWK and JWKS (RFC 7517).</content>
public sealed partial class VerificationKey
{
    /// <summary>
    /// Reads the verification keys of a JWKS document. Keys whose <c>use</c> is not <c>sig</c> or whose
    /// <c>key_ops</c> lacks <c>verify</c> are skipped; a signing key that cannot be used is an error.
    /// </summary>
    /// <param name="json">The JWKS JSON (<c>{"keys":[…]}</c>).</param>
    /// <param name="allowSymmetricKeys">Whether <c>oct</c> keys (HS256 secrets) are accepted. Only for local, trusted files.</param>
    /// <returns>The keys, each bound to its algorithm.</returns>
    /// <exception cref="FormatException">The document or one of its signing keys is invalid; the message says which and why.</exception>
    public static IReadOnlyList<VerificationKey> ParseJwks(string json, bool allowSymmetricKeys = false)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = ParseDocument(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object ||
            !document.RootElement.TryGetProperty("keys", out var keys) ||
            keys.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("A JWKS must be a JSON object with a \"keys\" array.");
        }

        var result = new List<VerificationKey>();
        var index = 0;
        foreach (var element in keys.EnumerateArray())
        {
            var key = TryFromJwk(ReadFields(element), allowSymmetricKeys, out var error);
            if (error is not null)
            {
                throw new FormatException($"JWKS key #{index}: {error}");
            }

            if (key is not null)
            {
                result.Add(key);
            }

            index++;
        }

        return result;
    }

    /// <summary>Reads one JWK.</summary>
    /// <param name="json">The JWK JSON.</param>
    /// <param name="allowSymmetricKey">Whether an <c>oct</c> key (HS256 secret) is accepted.</param>
    /// <returns>The key.</returns>
    /// <exception cref="FormatException">The JWK is invalid or is not a signature verification key.</exception>
    public static VerificationKey ParseJwk(string json, bool allowSymmetricKey = false)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = ParseDocument(json);
        var key = TryFromJwk(ReadFields(document.RootElement), allowSymmetricKey, out var error);
        return key ?? throw new FormatException(error ?? "The JWK is not a signature verification key (its use or key_ops exclude verification).");
    }

    /// <summary>
    /// Makes a key from JWK members. Returns <see langword="null"/> with no error for a key that is not
    /// meant for verifying signatures, and <see langword="null"/> with an error for an unusable one.
    /// </summary>
    internal static VerificationKey? TryFromJwk(JwkFields jwk, bool allowSymmetric, out string? error)
    {
        error = null;
        if (jwk.Use is not null && !string.Equals(jwk.Use, "sig", StringComparison.Ordinal))
        {
            return null;
        }

        if (jwk.KeyOps is not null && !jwk.KeyOps.Contains("verify", StringComparer.Ordinal))
        {
            return null;
        }

        var kid = jwk.Kid ?? string.Empty;
        var declared = JwsAlgorithms.Parse(jwk.Alg);
        if (jwk.Alg is not null && declared == JwsAlgorithm.None)
        {
            error = $"key '{kid}' declares alg '{jwk.Alg}', which is not a supported JWS algorithm.";
            return null;
        }

        try
        {
            switch (jwk.Kty)
            {
                case "RSA":
                    {
                        var alg = declared == JwsAlgorithm.None ? JwsAlgorithm.RS256 : declared;
                        if (!JwsAlgorithms.IsRsa(alg))
                        {
                            error = $"key '{kid}' is an RSA key but declares alg '{jwk.Alg}'.";
                            return null;
                        }

                        if (jwk.N is null || jwk.E is null)
                        {
                            error = $"RSA key '{kid}' lacks n or e.";
                            return null;
                        }

                        var key = CreateRsa(kid, alg, DecodeMember(jwk.N, "n"), DecodeMember(jwk.E, "e"), out var sizeError);
                        error = key is null ? sizeError : null;
                        return key;
                    }

                case "EC":
                    {
                        var alg = AlgorithmForCurve(jwk.Crv);
                        if (alg == JwsAlgorithm.None)
                        {
                            error = $"EC key '{kid}' is on unsupported curve '{jwk.Crv}'.";
                            return null;
                        }

                        if (declared != JwsAlgorithm.None && declared != alg)
                        {
                            error = $"EC key '{kid}' on {jwk.Crv} declares alg '{jwk.Alg}'.";
                            return null;
                        }

                        if (jwk.X is null || jwk.Y is null)
                        {
                            error = $"EC key '{kid}' lacks x or y.";
                            return null;
                        }

                        var key = CreateEc(kid, alg, DecodeMember(jwk.X, "x"), DecodeMember(jwk.Y, "y"));
                        error = key is null ? $"EC key '{kid}' has coordinates of the wrong length for {jwk.Crv}." : null;
                        return key;
                    }

                case "OKP":
                    {
                        if (!string.Equals(jwk.Crv, "Ed25519", StringComparison.Ordinal) || (declared != JwsAlgorithm.None && declared != JwsAlgorithm.EdDSA))
                        {
                            error = $"OKP key '{kid}' must be an Ed25519 key for EdDSA.";
                            return null;
                        }

                        var key = jwk.X is null ? null : CreateEd25519(kid, DecodeMember(jwk.X, "x"));
                        error = key is null ? $"Ed25519 key '{kid}' does not have a valid 32-byte x." : null;
                        return key;
                    }

                case "oct":
                    {
                        if (!allowSymmetric)
                        {
                            error = $"key '{kid}' is a symmetric (oct) key; symmetric keys must be allowed explicitly.";
                            return null;
                        }

                        if (declared is not JwsAlgorithm.None and not JwsAlgorithm.HS256)
                        {
                            error = $"oct key '{kid}' declares alg '{jwk.Alg}'; only HS256 is supported.";
                            return null;
                        }

                        if (jwk.K is null)
                        {
                            error = $"oct key '{kid}' lacks k.";
                            return null;
                        }

                        return FromSymmetricSecret(kid, DecodeMember(jwk.K, "k"));
                    }

                default:
                    error = $"key '{kid}' has unsupported kty '{jwk.Kty}'.";
                    return null;
            }
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            error = $"key '{kid}' is invalid: {ex.Message}";
            return null;
        }
    }

    private static JsonDocument ParseDocument(string json)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The key document is not valid JSON: {ex.Message}", ex);
        }
    }

    private static byte[] DecodeMember(string value, string name)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(value);
        if (!Base64UrlStrict.IsValid(bytes))
        {
            throw new FormatException($"member '{name}' is not base64url.");
        }

        var buffer = new byte[Base64UrlStrict.DecodedLength(bytes.Length)];
        if (!Base64UrlStrict.TryDecode(bytes, buffer, out var written))
        {
            throw new FormatException($"member '{name}' is not base64url.");
        }

        return buffer[..written];
    }

    /// <summary>A string member's text; an unpaired surrogate escape (not text) is a <see cref="FormatException"/>, not an <see cref="InvalidOperationException"/>.</summary>
    private static string Text(JsonElement value, string name)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new FormatException($"member '{name}' holds an unpaired surrogate escape.");
        }
    }

    private static JwkFields ReadFields(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new JwkFields { Kty = null };
        }

        string? Str(string name) => element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? Text(v, name) : null;
        List<string>? ops = null;
        if (element.TryGetProperty("key_ops", out var opsElement) && opsElement.ValueKind == JsonValueKind.Array)
        {
            ops = [];
            foreach (var op in opsElement.EnumerateArray())
            {
                if (op.ValueKind == JsonValueKind.String)
                {
                    ops.Add(Text(op, "key_ops"));
                }
            }
        }

        return new JwkFields
        {
            Kty = Str("kty"),
            Kid = Str("kid"),
            Alg = Str("alg"),
            Use = Str("use"),
            KeyOps = ops,
            N = Str("n"),
            E = Str("e"),
            Crv = Str("crv"),
            X = Str("x"),
            Y = Str("y"),
            K = Str("k"),
        };
    }
}

namespace AgentCore.Security.Jwt.Internal;

/// <summary>
/// Builds the <see cref="ValidatedChain"/> of a token that has passed every check. Runs once per distinct
/// token (its result is cached with the token), so it may allocate.
/// </summary>
internal static class ChainMaterializer
{
    public static ValidatedChain Create(ReadOnlySpan<byte> token, ReadOnlySpan<byte> payload, string issuer)
    {
        using var document = JsonDocument.Parse(payload.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
        var root = document.RootElement;
        var clientId = GetString(root, "client_id") ?? GetString(root, "azp");
        var actors = new List<ChainActor>();
        var element = root;
        while (element.TryGetProperty("act", out var act) && act.ValueKind == JsonValueKind.Object)
        {
            var scope = GetString(act, "scope");
            actors.Add(new ChainActor(GetString(act, "sub")!, GetString(act, "iss"), GetString(act, "client_id"), scope is null ? null : SplitScope(scope)));
            element = act;
        }

        return new ValidatedChain(
            issuer,
            GetString(root, "sub")!,
            clientId,
            GetAudiences(root),
            SplitScope(GetString(root, "scope")),
            DateTimeOffset.FromUnixTimeSeconds(GetSeconds(root, "exp")!.Value),
            GetSeconds(root, "iat") is { } iat ? DateTimeOffset.FromUnixTimeSeconds(iat) : null,
            GetSeconds(root, "nbf") is { } nbf ? DateTimeOffset.FromUnixTimeSeconds(nbf) : null,
            GetString(root, "jti"),
            actors,
            ShortHash(token));
    }

    /// <summary>The first 6 bytes of the token's SHA-256, as 12 lower-case hex characters: safe to log.</summary>
    public static string ShortHash(ReadOnlySpan<byte> token)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(token, hash);
        return Convert.ToHexStringLower(hash[..6]);
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? GetSeconds(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? (long)Math.Floor(value.GetDouble()) : null;

    private static string[] GetAudiences(JsonElement root)
    {
        var aud = root.GetProperty("aud");
        return aud.ValueKind == JsonValueKind.String ? [aud.GetString()!] : [.. aud.EnumerateArray().Select(e => e.GetString()!)];
    }

    private static string[] SplitScope(string? scope) =>
        string.IsNullOrEmpty(scope) ? [] : scope.Split(' ');
}

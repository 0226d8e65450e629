using Microsoft.Extensions.Caching.Hybrid;

namespace AgentCore.Security.TokenExchange.Internal;

/// <summary>HybridCache serializer for <see cref="IssuedToken"/>, used only when the distributed (L2) cache is on.</summary>
internal sealed class IssuedTokenSerializer : IHybridCacheSerializer<IssuedToken>
{
    public IssuedToken Deserialize(ReadOnlySequence<byte> source)
    {
        var reader = new Utf8JsonReader(source);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var scopes = root.GetProperty("scopes").EnumerateArray().Select(e => e.GetString()!).ToArray();
        return new IssuedToken(
            root.GetProperty("token").GetString()!,
            root.TryGetProperty("type", out var type) ? type.GetString() : null,
            DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("exp").GetInt64()),
            scopes);
    }

    public void Serialize(IssuedToken value, IBufferWriter<byte> target)
    {
        using var writer = new Utf8JsonWriter(target);
        writer.WriteStartObject();
        writer.WriteString("token", value.AccessToken);
        if (value.IssuedTokenType is { } type)
        {
            writer.WriteString("type", type);
        }

        writer.WriteNumber("exp", value.ExpiresAt.ToUnixTimeMilliseconds());
        writer.WriteStartArray("scopes");
        foreach (var scope in value.Scopes)
        {
            writer.WriteStringValue(scope);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}

using System.ComponentModel;
using Microsoft.Extensions.Caching.Hybrid;

namespace AgentCore.Security.TokenExchange.Internal;

/// <summary>
/// An issued token as it is cached when the distributed (L2) cache is on: AES-256-GCM under the replicas' shared key,
/// with the cache key as associated data, so that what sits in Redis reveals no token, and an entry moved under another
/// key (another user's chain, another audience) fails to open instead of being handed out. Immutable, so HybridCache's
/// memory tier keeps this instance and the token is opened once per instance.
/// </summary>
[ImmutableObject(true)]
internal sealed class SealedIssuedToken
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const byte Version = 1;
    private Opened? _opened; // one reference, read and written whole

    public SealedIssuedToken(byte[] data) => Data = data;

    /// <summary>Gets the version, nonce, tag and ciphertext.</summary>
    public byte[] Data { get; }

    public static SealedIssuedToken Seal(IssuedToken token, string cacheKey, byte[] key)
    {
        var writer = new ArrayBufferWriter<byte>(token.AccessToken.Length + 128);
        new IssuedTokenSerializer().Serialize(token, writer);
        var plain = writer.WrittenSpan;
        var data = new byte[1 + NonceSize + TagSize + plain.Length];
        data[0] = Version;
        var nonce = data.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, data.AsSpan(1 + NonceSize + TagSize), data.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(cacheKey));
        writer.Clear(); // zeroes the plaintext copy
        return new SealedIssuedToken(data) { _opened = new Opened(cacheKey, token) };
    }

    /// <summary>Opens the token for <paramref name="cacheKey"/>, or returns <see langword="null"/> when the entry was not sealed for it (or was altered).</summary>
    public IssuedToken? Open(string cacheKey, byte[] key)
    {
        if (_opened is { } opened && string.Equals(opened.Key, cacheKey, StringComparison.Ordinal))
        {
            return opened.Token;
        }

        if (Data.Length < 1 + NonceSize + TagSize || Data[0] != Version)
        {
            return null;
        }

        var plain = new byte[Data.Length - 1 - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(Data.AsSpan(1, NonceSize), Data.AsSpan(1 + NonceSize + TagSize), Data.AsSpan(1 + NonceSize, TagSize), plain, Encoding.UTF8.GetBytes(cacheKey));
            var token = new IssuedTokenSerializer().Deserialize(new ReadOnlySequence<byte>(plain));
            _opened = new Opened(cacheKey, token);
            return token;
        }
        catch (Exception e) when (e is AuthenticationTagMismatchException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private sealed record Opened(string Key, IssuedToken Token);

    /// <summary>Stores the sealed bytes as they are.</summary>
    internal sealed class Serializer : IHybridCacheSerializer<SealedIssuedToken>
    {
        public SealedIssuedToken Deserialize(ReadOnlySequence<byte> source) => new(source.ToArray());

        public void Serialize(SealedIssuedToken value, IBufferWriter<byte> target) => target.Write(value.Data);
    }
}

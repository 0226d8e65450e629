using System.Buffers.Binary;

namespace AgentCore.Security.Jwt.Internal;

/// <summary>
/// Compares token (and key id) bytes. Equality compares every byte; the hash takes the length and the
/// last 16 bytes (for a token, the end of its signature, which is uniformly random for a genuine
/// token) and is seeded per process by <see cref="HashCode"/>. See Internal/readme.md.
/// </summary>
internal sealed class TokenBytesComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly TokenBytesComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(byte[] obj) => GetHashCode(obj.AsSpan());

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate)
    {
        if (alternate.Length >= 16)
        {
            var tail = alternate[^16..];
            return HashCode.Combine(alternate.Length, BinaryPrimitives.ReadUInt64LittleEndian(tail), BinaryPrimitives.ReadUInt64LittleEndian(tail[8..]));
        }

        var hash = default(HashCode);
        hash.Add(alternate.Length);
        hash.AddBytes(alternate);
        return hash.ToHashCode();
    }

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
}

using AgentCore.Security.Crypto;

namespace AgentCore.Security.Jwt.Internal;

/// <summary>
/// The JOSE header segments (base64url text) of tokens whose signature verified, with what their header
/// said: a token with a byte-identical header segment needs no second decode and parse, because the
/// header's meaning depends only on its bytes and the validator's (immutable) settings. Only headers of
/// verified tokens enter, so a caller cannot fill it; 16 slots, replaced round-robin. A hit allocates nothing.
/// </summary>
internal sealed class AcceptedHeaderCache
{
    private const int Slots = 16;
    private readonly Entry?[] _entries = new Entry?[Slots];
    private int _next;

    public int Count => _entries.Count(static e => e is not null);

    public Entry? Find(ReadOnlySpan<byte> segment)
    {
        foreach (var entry in _entries)
        {
            if (entry is not null && entry.Segment.Length == segment.Length && segment.SequenceEqual(entry.Segment))
            {
                return entry;
            }
        }

        return null;
    }

    public void Add(ReadOnlySpan<byte> segment, JwsAlgorithm algorithm, ReadOnlySpan<byte> kid, bool hasKid)
    {
        if (Find(segment) is not null)
        {
            return;
        }

        var slot = (int)((uint)Interlocked.Increment(ref _next) % Slots);
        _entries[slot] = new Entry(segment.ToArray(), algorithm, hasKid ? kid.ToArray() : null);
    }

    /// <summary>An accepted header: its segment, its algorithm and its kid (null when it has none).</summary>
    internal sealed class Entry(byte[] segment, JwsAlgorithm algorithm, byte[]? kid)
    {
        private Resolution? _resolved;

        public byte[] Segment { get; } = segment;

        public JwsAlgorithm Algorithm { get; } = algorithm;

        public byte[]? Kid { get; } = kid;

        /// <summary>The candidate keys for this header in <paramref name="snapshot"/>, looked up once per key snapshot.</summary>
        public BoundKey[] Candidates(KeySnapshot snapshot)
        {
            var resolved = _resolved;
            if (resolved is not null && ReferenceEquals(resolved.Snapshot, snapshot))
            {
                return resolved.Keys;
            }

            var keys = Kid is not null ? snapshot.Find(Kid) : snapshot.All;
            _resolved = new Resolution(snapshot, keys);
            return keys;
        }

        /// <summary>One immutable pair, replaced whole, so a reader never sees keys from another snapshot.</summary>
        private sealed record Resolution(KeySnapshot Snapshot, BoundKey[] Keys);
    }
}

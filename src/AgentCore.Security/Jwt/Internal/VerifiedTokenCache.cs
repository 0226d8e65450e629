using System.Collections.Concurrent;

namespace AgentCore.Security.Jwt.Internal;

/// <summary>
/// A bounded cache of fully validated tokens, keyed by their exact bytes: a hit compares every byte,
/// never a hash alone. Entries hold the materialized <see cref="ValidatedChain"/>, the key that verified
/// the token and its time claims, which are checked again on every hit. See Internal/readme.md.
/// </summary>
internal sealed class VerifiedTokenCache
{
    private readonly ConcurrentDictionary<byte[], Entry> _entries = new(TokenBytesComparer.Instance);
    private readonly ConcurrentDictionary<byte[], Entry>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly int _capacity;
    private readonly Lock _evictionGate = new();
    private int _count;

    public VerifiedTokenCache(int capacity)
    {
        _capacity = capacity;
        _lookup = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int Count => Volatile.Read(ref _count);

    public bool TryGet(ReadOnlySpan<byte> token, out Entry entry)
    {
        if (_lookup.TryGetValue(token, out var found))
        {
            entry = found;
            return true;
        }

        entry = null!;
        return false;
    }

    public void Add(Entry entry, long nowSeconds)
    {
        if (Count >= _capacity)
        {
            Evict(nowSeconds);
        }

        if (_entries.TryAdd(entry.Token, entry))
        {
            Interlocked.Increment(ref _count);
        }
    }

    public void Remove(Entry entry)
    {
        if (_entries.TryRemove(new KeyValuePair<byte[], Entry>(entry.Token, entry)))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private void Evict(long nowSeconds)
    {
        lock (_evictionGate)
        {
            if (Count < _capacity)
            {
                return;
            }

            // First the entries that can no longer be used, then arbitrary ones down to 7/8 of capacity.
            foreach (var pair in _entries)
            {
                if (pair.Value.ExpiresAt <= nowSeconds || pair.Value.Key.IsRetired)
                {
                    Remove(pair.Value);
                }
            }

            var target = _capacity - Math.Max(1, _capacity / 8);
            foreach (var pair in _entries)
            {
                if (Count <= target)
                {
                    break;
                }

                Remove(pair.Value);
            }
        }
    }

    internal sealed class Entry
    {
        public Entry(byte[] token, ValidatedChain chain, BoundKey key, long expiresAt, long notBefore, long issuedAt)
        {
            Token = token;
            Chain = chain;
            Key = key;
            ExpiresAt = expiresAt;
            NotBefore = notBefore;
            IssuedAt = issuedAt;
        }

        public byte[] Token { get; }

        public ValidatedChain Chain { get; }

        public BoundKey Key { get; }

        public long ExpiresAt { get; }

        /// <summary>Gets the nbf claim, or <see cref="long.MinValue"/> when absent.</summary>
        public long NotBefore { get; }

        /// <summary>Gets the iat claim, or <see cref="long.MinValue"/> when absent.</summary>
        public long IssuedAt { get; }
    }
}

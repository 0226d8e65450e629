namespace AgentCore.Security.Jwt.Internal;

/// <summary>An immutable view of every trusted key, indexed by key id for allocation-free look-ups.</summary>
internal sealed class KeySnapshot
{
    private readonly Dictionary<byte[], BoundKey[]> _byKid;
    private readonly Dictionary<byte[], BoundKey[]>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public KeySnapshot(IEnumerable<BoundKey> keys)
    {
        All = [.. keys];
        _byKid = new Dictionary<byte[], BoundKey[]>(TokenBytesComparer.Instance);
        foreach (var group in All.GroupBy(k => k.Key.KeyId, StringComparer.Ordinal))
        {
            _byKid[System.Text.Encoding.UTF8.GetBytes(group.Key)] = [.. group];
        }

        _lookup = _byKid.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public static KeySnapshot Empty { get; } = new([]);

    public BoundKey[] All { get; }

    /// <summary>The keys with this kid; an empty array when there are none.</summary>
    public BoundKey[] Find(scoped ReadOnlySpan<byte> kid) => _lookup.TryGetValue(kid, out var keys) ? keys : [];
}

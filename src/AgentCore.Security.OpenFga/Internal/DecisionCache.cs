using System.Collections.Concurrent;

namespace AgentCore.Security.OpenFga.Internal;

/// <summary>
/// Bounded, short-lived cache of decisions keyed by (principals, relation, object, model id). A hit
/// allocates nothing: the key is a struct of strings the caller already holds, and the cached decision is
/// returned as is. When full, expired entries go first; if none have expired, the cache is emptied.
/// </summary>
internal sealed class DecisionCache(int capacity, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<DecisionKey, Entry> _entries = new();

    public int Count => _entries.Count;

    public bool TryGet(in DecisionKey key, out DelegationDecision decision)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            if (timeProvider.GetTimestamp() < entry.ExpiresAt)
            {
                decision = entry.Decision;
                return true;
            }

            _entries.TryRemove(new KeyValuePair<DecisionKey, Entry>(key, entry));
        }

        decision = null!;
        return false;
    }

    public void Add(in DecisionKey key, DelegationDecision decision, TimeSpan ttl)
    {
        if (ttl <= TimeSpan.Zero)
        {
            return;
        }

        if (_entries.Count >= capacity)
        {
            var now = timeProvider.GetTimestamp();
            foreach (var (k, e) in _entries)
            {
                if (e.ExpiresAt <= now)
                {
                    _entries.TryRemove(k, out _);
                }
            }

            if (_entries.Count >= capacity)
            {
                _entries.Clear();
            }
        }

        var expiresAt = timeProvider.GetTimestamp() + (long)(ttl.TotalSeconds * timeProvider.TimestampFrequency);
        _entries[key] = new Entry(decision, expiresAt);
    }

    public void Clear() => _entries.Clear();

    private sealed record Entry(DelegationDecision Decision, long ExpiresAt);
}

/// <summary>
/// The decision cache key: the chain's part (each principal as type:id with its issuer, the mode and the binding
/// relation, one string per chain and authorizer), relation, object and model id.
/// </summary>
internal readonly record struct DecisionKey(string Principals, string Relation, string Object, string ModelId);

namespace AgentCore.Security.Jwt.Internal;

/// <summary>
/// Detects duplicate member names in every JSON object of a document, without allocating: names are kept
/// in a <see cref="JsonStringStore"/> (in place, or unescaped into the caller's scratch space) and compared
/// within their own object only.
/// </summary>
internal ref struct MemberNameSet
{
    /// <summary>The <c>names</c> span holds this many ints per name: the name's reference in the store, its length and a short hash.</summary>
    public const int SlotsPerName = 3;

    private readonly Span<int> _names;
    private readonly Span<int> _frames;
    private JsonStringStore _store;
    private int _nameCount;
    private int _depth;

    public MemberNameSet(ReadOnlySpan<byte> document, Span<byte> scratch, Span<int> names, Span<int> frames)
    {
        _store = new JsonStringStore(document, scratch);
        _names = names;
        _frames = frames;
    }

    public bool EnterObject()
    {
        if ((_depth * 2) + 1 >= _frames.Length)
        {
            return false;
        }

        _frames[_depth * 2] = _nameCount;
        _frames[(_depth * 2) + 1] = _store.Used;
        _depth++;
        return true;
    }

    public void ExitObject()
    {
        _depth--;
        _nameCount = _frames[_depth * 2];
        _store.Used = _frames[(_depth * 2) + 1];
    }

    /// <summary>Adds the property name the reader is on; <see langword="false"/> for a duplicate or when full.</summary>
    public bool TryAdd(scoped ref JsonScanner reader) => TryAdd(ref reader, out _);

    /// <summary>Adds the property name the reader is on and gives it back unescaped; <see langword="false"/> for a duplicate or when full.</summary>
    public bool TryAdd(scoped ref JsonScanner reader, out ReadOnlySpan<byte> name)
    {
        name = default;
        if (((_nameCount + 1) * SlotsPerName) > _names.Length || _depth == 0)
        {
            return false;
        }

        if (!_store.TryStore(ref reader, out var reference, out var length))
        {
            return false;
        }

        name = _store.Get(reference, length);

        // Compare a short hash first: a full compare only for names that share it (in practice, duplicates).
        var hash = Hash(name);
        for (var i = _frames[(_depth - 1) * 2]; i < _nameCount; i++)
        {
            var slot = i * SlotsPerName;
            if (_names[slot + 2] == hash && _store.Get(_names[slot], _names[slot + 1]).SequenceEqual(name))
            {
                return false;
            }
        }

        var at = _nameCount * SlotsPerName;
        _names[at] = reference;
        _names[at + 1] = length;
        _names[at + 2] = hash;
        _nameCount++;
        return true;
    }

    /// <summary>Length, first, middle and last byte: distinct for the names a token carries, and free to compute.</summary>
    private static int Hash(ReadOnlySpan<byte> name) => name.IsEmpty
        ? 0
        : (name.Length << 24) | (name[0] << 16) | (name[name.Length >> 1] << 8) | name[^1];

    /// <summary>
    /// Skips the value the reader is on (a scalar, or a whole object or array) while checking that no
    /// object in it has duplicate members and that nesting stays within <paramref name="maxDepth"/>.
    /// </summary>
    public bool SkipValue(scoped ref JsonScanner reader, int maxDepth)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return true;
        }

        var startDepth = reader.CurrentDepth;
        if (startDepth >= maxDepth || (reader.TokenType == JsonTokenType.StartObject && !EnterObject()))
        {
            return false;
        }

        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    if (reader.CurrentDepth >= maxDepth || !EnterObject())
                    {
                        return false;
                    }

                    break;
                case JsonTokenType.StartArray:
                    if (reader.CurrentDepth >= maxDepth)
                    {
                        return false;
                    }

                    break;
                case JsonTokenType.PropertyName:
                    if (!TryAdd(ref reader))
                    {
                        return false;
                    }

                    break;
                case JsonTokenType.EndObject:
                    ExitObject();
                    if (reader.CurrentDepth == startDepth)
                    {
                        return true;
                    }

                    break;
                case JsonTokenType.EndArray:
                    if (reader.CurrentDepth == startDepth)
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }
}

using System.Text.Json;

namespace AgentCore.Security.Internal;

/// <summary>
/// Detects duplicate member names in every JSON object of a document, without allocating: names are
/// unescaped into a caller-provided scratch buffer and compared within their own object only.
/// </summary>
internal ref struct MemberNameSet
{
    private readonly Span<byte> _scratch;
    private readonly Span<int> _names;
    private readonly Span<int> _frames;
    private int _scratchUsed;
    private int _nameCount;
    private int _depth;

    public MemberNameSet(Span<byte> scratch, Span<int> names, Span<int> frames)
    {
        _scratch = scratch;
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
        _frames[(_depth * 2) + 1] = _scratchUsed;
        _depth++;
        return true;
    }

    public void ExitObject()
    {
        _depth--;
        _nameCount = _frames[_depth * 2];
        _scratchUsed = _frames[(_depth * 2) + 1];
    }

    /// <summary>Adds the property name the reader is on; <see langword="false"/> for a duplicate or when full.</summary>
    public bool TryAdd(scoped ref Utf8JsonReader reader) => TryAdd(ref reader, out _);

    /// <summary>Adds the property name the reader is on and gives it back unescaped; <see langword="false"/> for a duplicate or when full.</summary>
    public bool TryAdd(scoped ref Utf8JsonReader reader, out ReadOnlySpan<byte> name)
    {
        name = default;
        if ((_nameCount * 2) + 1 >= _names.Length || _depth == 0)
        {
            return false;
        }

        var destination = _scratch[_scratchUsed..];
        int length;
        if (reader.ValueIsEscaped)
        {
            length = reader.CopyString(destination);
        }
        else
        {
            var raw = reader.ValueSpan;
            if (raw.Length > destination.Length)
            {
                return false;
            }

            raw.CopyTo(destination);
            length = raw.Length;
        }

        name = destination[..length];
        for (var i = _frames[(_depth - 1) * 2]; i < _nameCount; i++)
        {
            if (_scratch.Slice(_names[i * 2], _names[(i * 2) + 1]).SequenceEqual(name))
            {
                return false;
            }
        }

        _names[_nameCount * 2] = _scratchUsed;
        _names[(_nameCount * 2) + 1] = length;
        _nameCount++;
        _scratchUsed += length;
        return true;
    }

    /// <summary>
    /// Skips the value the reader is on (a scalar, or a whole object or array) while checking that no
    /// object in it has duplicate members and that nesting stays within <paramref name="maxDepth"/>.
    /// </summary>
    public bool SkipValue(scoped ref Utf8JsonReader reader, int maxDepth)
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

// Over 400 lines on purpose: one strict RFC 8259 state machine on the validation hot path. Split, its
// token, string and number readers would share state through fields or parameters and lose inlining.
using System.Globalization;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace AgentCore.Security.Jwt.Internal;

/// <summary>
/// A strict, forward-only RFC 8259 reader over one complete JSON text, for the validator's header and payload.
/// It mirrors the part of <see cref="Utf8JsonReader"/> the validator uses (token type, raw value, depth,
/// unescaping, number parsing) at a fraction of its cost, and it never throws: any fault makes
/// <see cref="Read"/> return <see langword="false"/> from then on and sets <see cref="IsInvalid"/>.
/// </summary>
/// <remarks>
/// <para>The input must already be valid UTF-8 (the validator checks it first); bytes from 0x80 up are
/// accepted inside strings only.</para>
/// <para>Stricter than RFC 8259 in one place, as I-JSON (RFC 7493) asks: a <c>\u</c> escape that leaves a
/// surrogate unpaired is a fault, because the text it stands for is not Unicode. No byte-order mark,
/// no comments, no trailing commas, nothing after the root value but whitespace, at most
/// <see cref="MaxDepth"/> nested containers.</para>
/// </remarks>
internal ref struct JsonScanner
{
    /// <summary>The deepest nesting read; one more container is a fault.</summary>
    public const int MaxDepth = 64;

    private readonly ReadOnlySpan<byte> _json;
    private int _position;
    private int _depth;
    private ulong _objects;   // bit d: the container at depth d is an object
    private bool _hasValue;   // the current container already holds an element: a comma or its end comes next
    private bool _afterName;  // a property name and its colon were read: a value comes next
    private bool _rootDone;

    public JsonScanner(ReadOnlySpan<byte> json)
    {
        _json = json;
        TokenType = JsonTokenType.None;
    }

    /// <summary>Gets the token just read; <see cref="JsonTokenType.None"/> before the first and after a fault or the end.</summary>
    public JsonTokenType TokenType { get; private set; }

    /// <summary>Gets the raw bytes of a string (without quotes, still escaped), property name or number.</summary>
    public ReadOnlySpan<byte> ValueSpan { get; private set; }

    /// <summary>Gets where <see cref="ValueSpan"/> starts in the text.</summary>
    public int ValueStart { get; private set; }

    /// <summary>Gets a value indicating whether the string or name in <see cref="ValueSpan"/> contains escapes.</summary>
    public bool ValueIsEscaped { get; private set; }

    /// <summary>Gets the depth of the current token, counted as <see cref="Utf8JsonReader.CurrentDepth"/> counts it.</summary>
    public int CurrentDepth { get; private set; }

    /// <summary>Gets a value indicating whether the text is not valid JSON (or not within the limits above).</summary>
    public bool IsInvalid { get; private set; }

    /// <summary>Reads the next token; <see langword="false"/> at the end of the text or on a fault (see <see cref="IsInvalid"/>).</summary>
    public bool Read()
    {
        if (IsInvalid)
        {
            return false;
        }

        var json = _json;
        var position = SkipWhitespace(json, _position);
        _position = position;
        if (_rootDone)
        {
            TokenType = JsonTokenType.None;
            return position == json.Length ? false : Fault();
        }

        if ((uint)position >= (uint)json.Length)
        {
            return Fault();
        }

        var c = json[position];
        if (_depth > 0 && !_afterName)
        {
            var inObject = (_objects & (1UL << (_depth - 1))) != 0;
            if (c == (inObject ? (byte)'}' : (byte)']'))
            {
                _position = position + 1;
                _depth--;
                _objects &= ~(1UL << _depth);
                TokenType = inObject ? JsonTokenType.EndObject : JsonTokenType.EndArray;
                CurrentDepth = _depth;
                _hasValue = true;
                _rootDone = _depth == 0;
                return true;
            }

            if (_hasValue)
            {
                if (c != (byte)',')
                {
                    return Fault();
                }

                position = SkipWhitespace(json, position + 1);
                if ((uint)position >= (uint)json.Length)
                {
                    return Fault();
                }

                _position = position;
                c = json[position];
            }

            if (inObject)
            {
                if (c != (byte)'"' || !ScanString())
                {
                    return Fault();
                }

                position = SkipWhitespace(json, _position);
                if ((uint)position >= (uint)json.Length || json[position] != (byte)':')
                {
                    return Fault();
                }

                _position = position + 1;
                TokenType = JsonTokenType.PropertyName;
                CurrentDepth = _depth;
                _afterName = true;
                return true;
            }
        }

        return ReadValue(c);
    }

    /// <summary>Whether the string or name just read, unescaped, equals <paramref name="text"/>.</summary>
    public readonly bool ValueTextEquals(ReadOnlySpan<byte> text)
    {
        if (TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
        {
            return false;
        }

        if (!ValueIsEscaped)
        {
            return ValueSpan.SequenceEqual(text);
        }

        // Unescaping never lengthens a value.
        if (text.Length > ValueSpan.Length)
        {
            return false;
        }

        byte[]? rented = null;
        var buffer = ValueSpan.Length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(ValueSpan.Length));
        try
        {
            var length = Unescape(ValueSpan, buffer);
            return length >= 0 && buffer[..length].SequenceEqual(text);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }
    }

    /// <summary>Unescapes the string or name just read into <paramref name="destination"/>; its length, or -1 if it does not fit.</summary>
    public readonly int CopyString(Span<byte> destination)
    {
        if (TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
        {
            return -1;
        }

        if (!ValueIsEscaped)
        {
            return ValueSpan.TryCopyTo(destination) ? ValueSpan.Length : -1;
        }

        return Unescape(ValueSpan, destination);
    }

    /// <summary>Reads the number just read as a whole <see cref="long"/>; <see langword="false"/> for a fraction, an exponent or overflow.</summary>
    public readonly bool TryGetInt64(out long value)
    {
        value = 0;
        var digits = ValueSpan;
        if (TokenType != JsonTokenType.Number)
        {
            return false;
        }

        var negative = digits[0] == (byte)'-';
        if (negative)
        {
            digits = digits[1..];
        }

        if (digits.Length <= 18)
        {
            long result = 0;
            foreach (var d in digits)
            {
                var digit = d - (byte)'0';
                if ((uint)digit > 9)
                {
                    return false;
                }

                result = (result * 10) + digit;
            }

            value = negative ? -result : result;
            return true;
        }

        return ValueSpan.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0
            && long.TryParse(ValueSpan, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Reads the number just read as a <see cref="double"/>; out-of-range magnitudes give infinity, as the BCL parser does.</summary>
    public readonly bool TryGetDouble(out double value)
    {
        value = 0;
        return TokenType == JsonTokenType.Number
            && double.TryParse(ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static int Unescape(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        var written = 0;
        var i = 0;
        while (i < raw.Length)
        {
            var next = raw[i..].IndexOf((byte)'\\');
            var run = next < 0 ? raw[i..] : raw.Slice(i, next);
            if (!run.TryCopyTo(destination[written..]))
            {
                return -1;
            }

            written += run.Length;
            i += run.Length;
            if (next < 0)
            {
                break;
            }

            var escape = raw[i + 1];
            i += 2;
            int codePoint = escape switch
            {
                (byte)'"' => '"',
                (byte)'\\' => '\\',
                (byte)'/' => '/',
                (byte)'b' => '\b',
                (byte)'f' => '\f',
                (byte)'n' => '\n',
                (byte)'r' => '\r',
                (byte)'t' => '\t',
                _ => -1,
            };

            if (codePoint < 0)
            {
                // \uXXXX, validated when scanned: a high surrogate is always followed by \u and a low one.
                codePoint = Hex4(raw.Slice(i, 4));
                i += 4;
                if (char.IsHighSurrogate((char)codePoint))
                {
                    codePoint = char.ConvertToUtf32((char)codePoint, (char)Hex4(raw.Slice(i + 2, 4)));
                    i += 6;
                }
            }

            if (!new Rune(codePoint).TryEncodeToUtf8(destination[written..], out var encoded))
            {
                return -1;
            }

            written += encoded;
        }

        return written;
    }

    private static int Hex4(ReadOnlySpan<byte> hex)
    {
        var value = 0;
        foreach (var h in hex)
        {
            var digit = HexDigit(h);
            if (digit < 0)
            {
                return -1;
            }

            value = (value << 4) | digit;
        }

        return value;
    }

    private static int HexDigit(byte h) => h switch
    {
        >= (byte)'0' and <= (byte)'9' => h - '0',
        >= (byte)'a' and <= (byte)'f' => h - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => h - 'A' + 10,
        _ => -1,
    };

    private bool ReadValue(byte c)
    {
        _afterName = false;
        if (c is (byte)'{' or (byte)'[')
        {
            if (_depth >= MaxDepth)
            {
                return Fault();
            }

            _position++;
            TokenType = c == (byte)'{' ? JsonTokenType.StartObject : JsonTokenType.StartArray;
            CurrentDepth = _depth;
            if (c == (byte)'{')
            {
                _objects |= 1UL << _depth;
            }

            _depth++;
            _hasValue = false;
            return true;
        }

        var (scanned, type) = c switch
        {
            (byte)'"' => (ScanString(), JsonTokenType.String),
            (byte)'t' => (ScanLiteral("true"u8), JsonTokenType.True),
            (byte)'f' => (ScanLiteral("false"u8), JsonTokenType.False),
            (byte)'n' => (ScanLiteral("null"u8), JsonTokenType.Null),
            _ => (ScanNumber(), JsonTokenType.Number),
        };

        if (!scanned)
        {
            return Fault();
        }

        TokenType = type;
        CurrentDepth = _depth;
        _hasValue = true;
        _rootDone = _depth == 0;
        return true;
    }

    /// <summary>Scans a string starting at the opening quote; sets <see cref="ValueSpan"/> to its raw content.</summary>
    private bool ScanString()
    {
        var json = _json;
        var start = _position + 1;
        var i = start;
        var escaped = false;
        while (true)
        {
            i = IndexOfStringSpecial(json, i);
            if (i >= json.Length)
            {
                return false;
            }

            var c = json[i];
            if (c == (byte)'"')
            {
                break;
            }

            if (c != (byte)'\\' || i + 1 >= json.Length)
            {
                return false; // a control character, or a backslash at the very end
            }

            escaped = true;
            var escape = json[i + 1];
            if (escape is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t')
            {
                i += 2;
                continue;
            }

            if (escape != (byte)'u' || i + 6 > json.Length)
            {
                return false;
            }

            var unit = Hex4(json.Slice(i + 2, 4));
            if (unit < 0 || char.IsLowSurrogate((char)unit))
            {
                return false;
            }

            i += 6;
            if (char.IsHighSurrogate((char)unit))
            {
                if (i + 6 > json.Length || json[i] != (byte)'\\' || json[i + 1] != (byte)'u')
                {
                    return false;
                }

                var low = Hex4(json.Slice(i + 2, 4));
                if (low < 0 || !char.IsLowSurrogate((char)low))
                {
                    return false;
                }

                i += 6;
            }
        }

        ValueStart = start;
        ValueSpan = json[start..i];
        ValueIsEscaped = escaped;
        _position = i + 1;
        return true;
    }

    /// <summary>The first index from <paramref name="i"/> of a quote, a backslash or a control character; the length if none.</summary>
    private static int IndexOfStringSpecial(ReadOnlySpan<byte> json, int i)
    {
        if (Vector128.IsHardwareAccelerated)
        {
            var quote = Vector128.Create((byte)'"');
            var backslash = Vector128.Create((byte)'\\');
            var space = Vector128.Create((byte)0x20);
            while (i <= json.Length - Vector128<byte>.Count)
            {
                var block = Vector128.Create(json.Slice(i, Vector128<byte>.Count));
                var special = Vector128.Equals(block, quote) | Vector128.Equals(block, backslash) | Vector128.LessThan(block, space);
                var bits = special.ExtractMostSignificantBits();
                if (bits != 0)
                {
                    return i + BitOperations.TrailingZeroCount(bits);
                }

                i += Vector128<byte>.Count;
            }
        }

        while (i < json.Length)
        {
            var c = json[i];
            if (c is (byte)'"' or (byte)'\\' || c < 0x20)
            {
                return i;
            }

            i++;
        }

        return i;
    }

    private bool ScanLiteral(ReadOnlySpan<byte> literal)
    {
        if (!_json[_position..].StartsWith(literal))
        {
            return false;
        }

        _position += literal.Length;
        return true;
    }

    /// <summary>RFC 8259 §6: <c>[ minus ] int [ frac ] [ exp ]</c>, with no leading zeros.</summary>
    private bool ScanNumber()
    {
        var start = _position;
        var i = start;
        if (_json[i] == (byte)'-')
        {
            i++;
        }

        if (i == _json.Length || !char.IsAsciiDigit((char)_json[i]))
        {
            return false;
        }

        if (_json[i] == (byte)'0')
        {
            i++;
        }
        else
        {
            i = SkipDigits(i);
        }

        if (i < _json.Length && _json[i] == (byte)'.')
        {
            var fraction = SkipDigits(i + 1);
            if (fraction == i + 1)
            {
                return false;
            }

            i = fraction;
        }

        if (i < _json.Length && (_json[i] | 0x20) == (byte)'e')
        {
            i++;
            if (i < _json.Length && _json[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            var exponent = SkipDigits(i);
            if (exponent == i)
            {
                return false;
            }

            i = exponent;
        }

        ValueStart = start;
        ValueSpan = _json[start..i];
        ValueIsEscaped = false;
        _position = i;
        return true;
    }

    private readonly int SkipDigits(int i)
    {
        while (i < _json.Length && char.IsAsciiDigit((char)_json[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>The first index from <paramref name="position"/> that is not JSON whitespace (rare in tokens: one compare decides).</summary>
    private static int SkipWhitespace(ReadOnlySpan<byte> json, int position)
    {
        while ((uint)position < (uint)json.Length && json[position] <= (byte)' ' && json[position] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            position++;
        }

        return position;
    }

    private bool Fault()
    {
        IsInvalid = true;
        TokenType = JsonTokenType.None;
        ValueSpan = default;
        return false;
    }
}

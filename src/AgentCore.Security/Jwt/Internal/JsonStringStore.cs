namespace AgentCore.Security.Jwt.Internal;

/// <summary>
/// Keeps the strings and names a <see cref="JsonScanner"/> reads, without copying those that need none: a
/// string without escapes is referred to where it stands in the document (a reference ≥ 0, its offset);
/// one with escapes is unescaped into the scratch space (a reference &lt; 0, its offset complemented).
/// </summary>
internal ref struct JsonStringStore
{
    private readonly ReadOnlySpan<byte> _document;
    private readonly Span<byte> _scratch;

    public JsonStringStore(ReadOnlySpan<byte> document, Span<byte> scratch)
    {
        _document = document;
        _scratch = scratch;
    }

    /// <summary>Gets or sets how much of the scratch space is in use (set it back to drop what came later).</summary>
    public int Used { get; set; }

    /// <summary>Keeps the string or name the scanner is on; <see langword="false"/> when the scratch space is full.</summary>
    public bool TryStore(scoped ref JsonScanner reader, out int reference, out int length)
    {
        if (!reader.ValueIsEscaped)
        {
            reference = reader.ValueStart;
            length = reader.ValueSpan.Length;
            return true;
        }

        reference = ~Used;
        length = reader.CopyString(_scratch[Used..]);
        if (length < 0)
        {
            return false;
        }

        Used += length;
        return true;
    }

    /// <summary>A kept string, by the reference <see cref="TryStore"/> gave.</summary>
    public readonly ReadOnlySpan<byte> Get(int reference, int length) =>
        reference >= 0 ? _document.Slice(reference, length) : _scratch.Slice(~reference, length);
}

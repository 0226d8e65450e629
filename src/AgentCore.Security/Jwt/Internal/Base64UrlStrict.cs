using System.Buffers.Text;

namespace AgentCore.Security.Jwt.Internal;

/// <summary>
/// Strict base64url (RFC 4648 §5, as RFC 7515 §2 uses it): the URL-safe alphabet only, no padding,
/// no whitespace, and canonical (the unused low bits of the last character are zero), so that every
/// byte string has exactly one accepted encoding.
/// </summary>
internal static class Base64UrlStrict
{
    private static ReadOnlySpan<byte> Alphabet => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"u8;

    /// <summary>Tells whether <paramref name="encoded"/> is strict, canonical, unpadded base64url.</summary>
    public static bool IsValid(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length % 4 == 1)
        {
            return false;
        }

        if (encoded.IndexOfAnyExcept(SearchValuesHolder.Alphabet) >= 0)
        {
            return false;
        }

        // Canonical: the bits of the last character that do not reach a whole byte must be zero.
        var remainder = encoded.Length % 4;
        if (remainder != 0)
        {
            var last = Alphabet.IndexOf(encoded[^1]);
            var unusedBitsMask = remainder == 2 ? 0x0F : 0x03;
            if ((last & unusedBitsMask) != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The number of bytes a valid encoding of this length decodes to.</summary>
    public static int DecodedLength(int encodedLength) => (encodedLength * 3) >> 2;

    /// <summary>Decodes an encoding already checked with <see cref="IsValid"/>.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, Span<byte> destination, out int written)
    {
        var status = Base64Url.DecodeFromUtf8(encoded, destination, out var consumed, out written);
        return status == OperationStatus.Done && consumed == encoded.Length;
    }

    /// <summary>Encodes bytes as base64url without padding.</summary>
    public static string Encode(ReadOnlySpan<byte> data) => Base64Url.EncodeToString(data);

    private static class SearchValuesHolder
    {
        public static readonly SearchValues<byte> Alphabet = SearchValues.Create(Base64UrlStrict.Alphabet);
    }
}

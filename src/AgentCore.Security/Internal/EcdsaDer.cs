namespace AgentCore.Security.Internal;

/// <summary>Converts an IEEE P1363 ECDSA signature (r‖s) to a DER SEQUENCE of two INTEGERs, without allocating.</summary>
internal static class EcdsaDer
{
    /// <summary>Large enough for P-521: 2 × (66 + 1 sign byte + 2 header bytes) + 3 sequence header bytes.</summary>
    public const int MaxLength = 144;

    public static int FromP1363(ReadOnlySpan<byte> signature, Span<byte> destination)
    {
        var half = signature.Length / 2;
        var r = Trim(signature[..half]);
        var s = Trim(signature[half..]);
        var rLength = IntegerLength(r);
        var sLength = IntegerLength(s);
        var content = rLength + sLength;
        var offset = 0;
        destination[offset++] = 0x30;
        if (content > 127)
        {
            destination[offset++] = 0x81;
        }

        destination[offset++] = (byte)content;
        offset += WriteInteger(r, destination[offset..]);
        offset += WriteInteger(s, destination[offset..]);
        return offset;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> value)
    {
        var trimmed = value.TrimStart((byte)0);
        return trimmed.IsEmpty ? value[^1..] : trimmed;
    }

    private static int IntegerLength(ReadOnlySpan<byte> value) => 2 + value.Length + ((value[0] & 0x80) != 0 ? 1 : 0);

    private static int WriteInteger(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        var pad = (value[0] & 0x80) != 0 ? 1 : 0;
        destination[0] = 0x02;
        destination[1] = (byte)(value.Length + pad);
        if (pad == 1)
        {
            destination[2] = 0;
        }

        value.CopyTo(destination[(2 + pad)..]);
        return 2 + pad + value.Length;
    }
}

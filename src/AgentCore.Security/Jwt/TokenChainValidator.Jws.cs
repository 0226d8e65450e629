using AgentCore.Security.Crypto;
using AgentCore.Security.Jwt.Internal;

namespace AgentCore.Security.Jwt;

/// <content>The JWS layer: segments, strict base64url, the JOSE header, key selection and the signature.</content>
public sealed partial class TokenChainValidator
{
    private const int MaxDecodedHeader = (TokenChainValidatorDefaults.MaxHeaderSize * 3 / 4) + 3;
    private const int MaxSignatureSegment = 1366; // base64url of 1,024 bytes: an RSA-8192 signature, the largest key accepted
    private const int MaxHeaderMembers = 64;
    private const int MaxKidLength = 256;
    private const int MaxTypLength = 64;

    private JwtValidationStatus VerifyJws(ReadOnlySpan<byte> token, out JwsParts parts, out BoundKey? key)
    {
        key = null;
        parts = default;

        var firstDot = token.IndexOf((byte)'.');
        var rest = firstDot < 0 ? default : token[(firstDot + 1)..];
        var secondDotInRest = rest.IndexOf((byte)'.');
        if (firstDot <= 0 || secondDotInRest < 0 || rest[(secondDotInRest + 1)..].Contains((byte)'.'))
        {
            parts.Detail = Details.Segments;
            return JwtValidationStatus.Malformed;
        }

        var secondDot = firstDot + 1 + secondDotInRest;
        var headerSegment = token[..firstDot];
        var payloadSegment = token[(firstDot + 1)..secondDot];
        var signatureSegment = token[(secondDot + 1)..];
        if (!Base64UrlStrict.IsValid(headerSegment) || !Base64UrlStrict.IsValid(payloadSegment) || !Base64UrlStrict.IsValid(signatureSegment))
        {
            parts.Detail = Details.Base64;
            return JwtValidationStatus.Malformed;
        }

        parts.PayloadStart = firstDot + 1;
        parts.PayloadLength = payloadSegment.Length;

        if (headerSegment.Length > TokenChainValidatorDefaults.MaxHeaderSize)
        {
            parts.Detail = Details.HeaderTooLarge;
            return JwtValidationStatus.InvalidHeader;
        }

        JwsAlgorithm algorithm;
        ReadOnlySpan<BoundKey> candidates;
        Span<byte> kid = stackalloc byte[MaxKidLength];
        var kidLength = -1;
        var known = _acceptedHeaders.Find(headerSegment);
        if (known is not null)
        {
            // A byte-identical header was accepted before: same alg, typ and kid; only the key set may have changed.
            algorithm = known.Algorithm;
            candidates = known.Candidates(_keys.Snapshot);
        }
        else
        {
            var status = ParseAndCheckHeader(headerSegment, kid, out algorithm, out kidLength, out parts.Detail);
            if (status != JwtValidationStatus.Valid)
            {
                return status;
            }

            var snapshot = _keys.Snapshot;
            candidates = kidLength >= 0 ? snapshot.Find(kid[..kidLength]) : snapshot.All;
        }

        if (candidates.IsEmpty)
        {
            return JwtValidationStatus.KeyNotFound;
        }

        if (signatureSegment.Length > MaxSignatureSegment)
        {
            return JwtValidationStatus.InvalidSignature;
        }

        Span<byte> signature = stackalloc byte[(MaxSignatureSegment * 3 / 4) + 3];
        if (!Base64UrlStrict.TryDecode(signatureSegment, signature, out var signatureLength))
        {
            parts.Detail = Details.Base64;
            return JwtValidationStatus.Malformed;
        }

        var signingInput = token[..secondDot];
        var sawAlgorithm = false;
        foreach (var candidate in candidates)
        {
            if (candidate.Key.Alg != algorithm)
            {
                continue;
            }

            sawAlgorithm = true;
            if (candidate.Key.Verify(signingInput, signature[..signatureLength]))
            {
                key = candidate;
                if (known is null)
                {
                    _acceptedHeaders.Add(headerSegment, algorithm, kidLength >= 0 ? kid[..kidLength] : default, kidLength >= 0);
                }

                return JwtValidationStatus.Valid;
            }
        }

        if (!sawAlgorithm)
        {
            parts.Detail = Details.AlgKeyMismatch;
            return JwtValidationStatus.UnsupportedAlgorithm;
        }

        return JwtValidationStatus.InvalidSignature;
    }

    private JwtValidationStatus ParseAndCheckHeader(ReadOnlySpan<byte> headerSegment, Span<byte> kid, out JwsAlgorithm algorithm, out int kidLength, out string? detail)
    {
        algorithm = JwsAlgorithm.None;
        kidLength = -1;
        Span<byte> header = stackalloc byte[MaxDecodedHeader];
        if (!Base64UrlStrict.TryDecode(headerSegment, header, out var headerLength))
        {
            detail = Details.Base64;
            return JwtValidationStatus.Malformed;
        }

        Span<byte> alg = stackalloc byte[16];
        Span<byte> typ = stackalloc byte[MaxTypLength];
        var fields = default(HeaderFields);
        Span<byte> nameScratch = stackalloc byte[MaxDecodedHeader];
        Span<int> names = stackalloc int[MaxHeaderMembers * MemberNameSet.SlotsPerName];
        Span<int> frames = stackalloc int[(TokenChainValidatorDefaults.MaxJsonDepth + 1) * 2];
        var members = new MemberNameSet(header[..headerLength], nameScratch, names, frames);
        var status = ParseHeader(header[..headerLength], alg, kid, typ, ref members, ref fields, out detail);
        if (status != JwtValidationStatus.Valid)
        {
            return status;
        }

        algorithm = fields.AlgLength > 0 ? JwsAlgorithms.Parse(alg[..fields.AlgLength]) : JwsAlgorithm.None;
        if (algorithm == JwsAlgorithm.None || !_allowedAlgorithms[(int)algorithm])
        {
            detail = fields.AlgLength < 0 ? Details.AlgMissing : Details.AlgNotAllowed;
            return JwtValidationStatus.UnsupportedAlgorithm;
        }

        if (_validTypes.Length > 0 && !IsAcceptedType(fields.TypLength >= 0 ? typ[..fields.TypLength] : default, fields.TypLength >= 0))
        {
            return JwtValidationStatus.InvalidType;
        }

        if (fields.KidLength < 0 && _requireKeyId)
        {
            detail = Details.KidMissing;
            return JwtValidationStatus.InvalidHeader;
        }

        kidLength = fields.KidLength;
        return JwtValidationStatus.Valid;
    }

    private bool IsAcceptedType(ReadOnlySpan<byte> typ, bool present)
    {
        if (!present)
        {
            return false;
        }

        foreach (var accepted in _validTypes)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(typ, accepted))
            {
                return true;
            }
        }

        return false;
    }

    private JwtValidationStatus ParseHeader(ReadOnlySpan<byte> json, Span<byte> alg, Span<byte> kid, Span<byte> typ, ref MemberNameSet members, ref HeaderFields fields, out string? detail)
    {
        detail = null;
        fields.AlgLength = fields.KidLength = fields.TypLength = -1;
        var refused = false;
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            detail = Details.HeaderNotObject;
            return JwtValidationStatus.InvalidHeader;
        }

        var reader = new JsonScanner(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || !members.EnterObject())
        {
            detail = Details.HeaderNotObject;
            return JwtValidationStatus.InvalidHeader;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!members.TryAdd(ref reader))
            {
                detail = Details.HeaderDuplicate;
                return JwtValidationStatus.InvalidHeader;
            }

            if (reader.ValueTextEquals("alg"u8))
            {
                if (!ReadShortString(ref reader, alg, out fields.AlgLength))
                {
                    detail = Details.AlgNotAllowed;
                    return JwtValidationStatus.UnsupportedAlgorithm;
                }
            }
            else if (reader.ValueTextEquals("kid"u8))
            {
                if (!ReadShortString(ref reader, kid, out fields.KidLength))
                {
                    detail = Details.KidInvalid;
                    return JwtValidationStatus.InvalidHeader;
                }
            }
            else if (reader.ValueTextEquals("typ"u8))
            {
                if (!ReadShortString(ref reader, typ, out fields.TypLength))
                {
                    return JwtValidationStatus.InvalidType;
                }
            }
            else
            {
                refused |= reader.ValueTextEquals("crit"u8) || reader.ValueTextEquals("b64"u8) || IsRejectedHeader(ref reader);
                if (!reader.Read() || !members.SkipValue(ref reader, TokenChainValidatorDefaults.MaxJsonDepth))
                {
                    detail = Details.HeaderDuplicate;
                    return JwtValidationStatus.InvalidHeader;
                }
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || reader.IsInvalid)
        {
            detail = Details.HeaderNotObject;
            return JwtValidationStatus.InvalidHeader;
        }

        return refused ? JwtValidationStatus.UnsupportedHeader : JwtValidationStatus.Valid;
    }

    private bool IsRejectedHeader(ref JsonScanner reader)
    {
        foreach (var name in _rejectedHeaders)
        {
            if (reader.ValueTextEquals(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads a string value of at most <paramref name="destination"/>'s length; <see langword="false"/> for any other value.</summary>
    private static bool ReadShortString(ref JsonScanner reader, Span<byte> destination, out int length)
    {
        length = -1;
        if (!reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        // An unescaped value is never longer than its escaped form, so this bound makes CopyString safe.
        var raw = reader.ValueSpan;
        if (raw.Length > destination.Length)
        {
            return false;
        }

        length = reader.CopyString(destination);
        return length >= 0;
    }

    private struct HeaderFields
    {
        public int AlgLength;
        public int KidLength;
        public int TypLength;
    }

    private struct JwsParts
    {
        public int PayloadStart;
        public int PayloadLength;
        public string? Detail;
    }
}

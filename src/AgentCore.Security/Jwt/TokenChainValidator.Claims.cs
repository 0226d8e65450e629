using System.Text.Unicode;
using AgentCore.Security.Jwt.Internal;

namespace AgentCore.Security.Jwt;

/// <content>The claims layer: payload JSON, registered claims, lifetime, scope and the act chain.</content>
public sealed partial class TokenChainValidator
{
    private const int StackPayloadLimit = 2048;
    private const long MaxNumericDate = 253402300799; // 9999-12-31T23:59:59Z

    private JwtValidationResult ValidateClaims(ReadOnlySpan<byte> token, JwsParts parts, BoundKey key, VerifiedTokenCache.Entry? cached)
    {
        var payloadSegment = token.Slice(parts.PayloadStart, parts.PayloadLength);
        var decodedLength = Base64UrlStrict.DecodedLength(payloadSegment.Length);

        // One buffer: the decoded payload, then a scratch area for unescaped member names, then one for values.
        var needed = decodedLength * 3;
        byte[]? rented = null;
        var buffer = needed <= StackPayloadLimit * 3
            ? stackalloc byte[StackPayloadLimit * 3]
            : (rented = ArrayPool<byte>.Shared.Rent(needed));
        try
        {
            var payload = buffer[..decodedLength];
            if (!Base64UrlStrict.TryDecode(payloadSegment, payload, out var written))
            {
                return Fail(JwtValidationStatus.Malformed, Details.Base64);
            }

            payload = payload[..written];
            if (!Utf8.IsValid(payload))
            {
                return Fail(JwtValidationStatus.MalformedPayload, Details.InvalidUtf8);
            }

            Span<int> names = stackalloc int[512 * MemberNameSet.SlotsPerName];
            Span<int> frames = stackalloc int[(TokenChainValidatorDefaults.MaxJsonDepth + 1) * 2];
            var members = new MemberNameSet(payload, buffer.Slice(decodedLength, decodedLength), names, frames);
            Span<ActorInfo> actors = stackalloc ActorInfo[TokenChainValidatorDefaults.MaxChainDepthLimit];
            actors.Clear(); // small, and read by index up to ActorCount: never leave a slot to chance

            var claims = new ClaimsScan(payload, buffer.Slice(decodedLength * 2, decodedLength), actors);
            var status = ScanPayload(payload, key.Issuer.IssuerUtf8, ref members, ref claims);
            if (status != JwtValidationStatus.Valid)
            {
                return Fail(status, claims.Detail);
            }

            status = CheckClaims(ref claims, key.Issuer.IssuerUtf8);
            if (status != JwtValidationStatus.Valid)
            {
                return Fail(status, claims.Detail);
            }

            var chain = cached?.Chain;
            if (chain is null && _cache is not null && _cache.TryGet(token, out var entry))
            {
                chain = entry.Chain;
            }

            if (chain is null)
            {
                chain = ChainMaterializer.Create(token, payload, key.Issuer.Issuer);
                _cache?.Add(new VerifiedTokenCache.Entry(token.ToArray(), chain, key, claims.Exp, claims.Nbf, claims.Iat), claims.Now);
            }

            return JwtValidationResult.Success(chain);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }
    }

    private JwtValidationStatus ScanPayload(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> issuer, ref MemberNameSet members, ref ClaimsScan claims)
    {
        var reader = new JsonScanner(payload);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || !members.EnterObject())
        {
            claims.Detail = Details.PayloadNotObject;
            return JwtValidationStatus.MalformedPayload;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!members.TryAdd(ref reader, out var name))
            {
                claims.Detail = Details.PayloadDuplicate;
                return JwtValidationStatus.MalformedPayload;
            }

            var status = ReadClaim(ref reader, name, issuer, ref members, ref claims);
            if (status != JwtValidationStatus.Valid)
            {
                return status;
            }
        }

        // The root object must end, with nothing but whitespace after it; a fault anywhere ends up here too.
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || reader.IsInvalid)
        {
            claims.Detail = Details.PayloadNotObject;
            return JwtValidationStatus.MalformedPayload;
        }

        return JwtValidationStatus.Valid;
    }

    /// <summary>Which registered claim an (unescaped) member name is: by length and first byte, then one compare.</summary>
    private static RequiredClaim Classify(ReadOnlySpan<byte> name) => name.Length switch
    {
        3 => name[0] switch
        {
            (byte)'i' => name.SequenceEqual("iss"u8) ? RequiredClaim.Iss : name.SequenceEqual("iat"u8) ? RequiredClaim.Iat : RequiredClaim.None,
            (byte)'s' => name.SequenceEqual("sub"u8) ? RequiredClaim.Sub : RequiredClaim.None,
            (byte)'a' => name.SequenceEqual("aud"u8) ? RequiredClaim.Aud : name.SequenceEqual("act"u8) ? RequiredClaim.Act : name.SequenceEqual("azp"u8) ? RequiredClaim.Azp : RequiredClaim.None,
            (byte)'e' => name.SequenceEqual("exp"u8) ? RequiredClaim.Exp : RequiredClaim.None,
            (byte)'n' => name.SequenceEqual("nbf"u8) ? RequiredClaim.Nbf : RequiredClaim.None,
            (byte)'j' => name.SequenceEqual("jti"u8) ? RequiredClaim.Jti : RequiredClaim.None,
            _ => RequiredClaim.None,
        },
        5 => name.SequenceEqual("scope"u8) ? RequiredClaim.Scope : RequiredClaim.None,
        7 => name.SequenceEqual("may_act"u8) ? RequiredClaim.MayAct : RequiredClaim.None,
        9 => name.SequenceEqual("client_id"u8) ? RequiredClaim.ClientId : RequiredClaim.None,
        _ => RequiredClaim.None,
    };

    private JwtValidationStatus ReadClaim(ref JsonScanner reader, ReadOnlySpan<byte> name, ReadOnlySpan<byte> issuer, ref MemberNameSet members, ref ClaimsScan claims)
    {
        var claim = Classify(name);
        if (claim == RequiredClaim.None)
        {
            for (var i = 0; i < _otherRequiredClaims.Length && i < 32; i++)
            {
                if (name.SequenceEqual(_otherRequiredClaims[i]))
                {
                    claims.OtherPresent |= 1u << i;
                }
            }
        }

        if (!reader.Read())
        {
            claims.Detail = Details.PayloadNotObject;
            return JwtValidationStatus.MalformedPayload;
        }

        claims.Present |= claim;
        switch (claim)
        {
            case RequiredClaim.Iss:
                if (reader.TokenType != JsonTokenType.String)
                {
                    return claims.WrongType(Details.IssType);
                }

                if (!claims.StoreString(ref reader, out var iss))
                {
                    return claims.WrongType(Details.IssType);
                }

                claims.IssuerMatches = claims.Get(iss).SequenceEqual(issuer);
                return claims.PlainIdentifier(iss, Details.IssControl);

            case RequiredClaim.Sub:
                return claims.StoreString(ref reader, out claims.Subject) && claims.Subject.Length > 0 ? claims.PlainIdentifier(claims.Subject, Details.SubControl) : claims.WrongType(Details.SubType);

            case RequiredClaim.Jti:
                return claims.StoreString(ref reader, out var jti) ? claims.PlainIdentifier(jti, Details.JtiControl) : claims.WrongType(Details.JtiType);

            case RequiredClaim.ClientId:
                return claims.StoreString(ref reader, out claims.ClientId) ? claims.PlainIdentifier(claims.ClientId, Details.ClientIdControl) : claims.WrongType(Details.ClientIdType);

            case RequiredClaim.Azp:
                return claims.StoreString(ref reader, out claims.Azp) ? claims.PlainIdentifier(claims.Azp, Details.AzpControl) : claims.WrongType(Details.AzpType);

            case RequiredClaim.MayAct:
                return ReadMayAct(ref reader, ref members, ref claims);

            case RequiredClaim.Scope:
                return claims.StoreString(ref reader, out claims.Scope) ? JwtValidationStatus.Valid : claims.WrongType(Details.ScopeType);

            case RequiredClaim.Aud:
                return ReadAudience(ref reader, ref claims);

            case RequiredClaim.Exp:
                return ReadNumericDate(ref reader, out claims.Exp) ? JwtValidationStatus.Valid : claims.WrongType(Details.ExpType);

            case RequiredClaim.Nbf:
                return ReadNumericDate(ref reader, out claims.Nbf) ? JwtValidationStatus.Valid : claims.WrongType(Details.NbfType);

            case RequiredClaim.Iat:
                return ReadNumericDate(ref reader, out claims.Iat) ? JwtValidationStatus.Valid : claims.WrongType(Details.IatType);

            case RequiredClaim.Act:
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    claims.ChainStatus = JwtValidationStatus.InvalidChain;
                    claims.ChainDetail = Details.ActNotObject;
                    return members.SkipValue(ref reader, TokenChainValidatorDefaults.MaxJsonDepth) ? JwtValidationStatus.Valid : claims.Malformed(Details.PayloadDuplicate);
                }

                return ReadActor(ref reader, ref members, ref claims, 0);

            default:
                return members.SkipValue(ref reader, TokenChainValidatorDefaults.MaxJsonDepth) ? JwtValidationStatus.Valid : claims.Malformed(Details.PayloadDuplicate);
        }
    }

    private JwtValidationStatus ReadAudience(ref JsonScanner reader, ref ClaimsScan claims)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return ReadAudienceValue(ref reader, ref claims);
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return claims.WrongType(Details.AudType);
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return claims.WrongType(Details.AudType);
            }

            var status = ReadAudienceValue(ref reader, ref claims);
            if (status != JwtValidationStatus.Valid)
            {
                return status;
            }
        }

        return JwtValidationStatus.Valid;
    }

    private JwtValidationStatus ReadAudienceValue(ref JsonScanner reader, ref ClaimsScan claims)
    {
        if (!claims.StoreString(ref reader, out var audience))
        {
            return claims.WrongType(Details.AudType);
        }

        claims.AudienceMatches |= claims.Get(audience).SequenceEqual(_audience);
        return claims.PlainIdentifier(audience, Details.AudControl);
    }

    private static bool ReadNumericDate(ref JsonScanner reader, out long seconds)
    {
        seconds = long.MinValue;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return false;
        }

        // Whole seconds are the common case: read them as an integer before falling back to a double.
        if (reader.TryGetInt64(out var whole))
        {
            if (whole < 0 || whole > MaxNumericDate)
            {
                return false;
            }

            seconds = whole;
            return true;
        }

        if (!reader.TryGetDouble(out var value) || !double.IsFinite(value) || value < 0 || value > MaxNumericDate)
        {
            return false;
        }

        seconds = (long)Math.Floor(value);
        return true;
    }

    private JwtValidationStatus CheckClaims(ref ClaimsScan claims, ReadOnlySpan<byte> issuer)
    {
        // azp (OpenID Connect, Keycloak) names the client as client_id does (RFC 9068): either one satisfies a required client_id.
        var present = (claims.Present & RequiredClaim.Azp) != 0 ? claims.Present | RequiredClaim.ClientId : claims.Present;
        if ((present & _requiredClaims) != _requiredClaims || !AllOtherClaimsPresent(claims.OtherPresent))
        {
            claims.Detail = Details.MissingClaim((int)(_requiredClaims & ~present));
            return JwtValidationStatus.MissingClaim;
        }

        if (!claims.IssuerMatches)
        {
            return JwtValidationStatus.InvalidIssuer;
        }

        if (!claims.AudienceMatches)
        {
            return JwtValidationStatus.InvalidAudience;
        }

        claims.Now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var lifetime = CheckLifetime(claims.Now, claims.Exp, claims.Nbf, claims.Iat);
        if (lifetime != JwtValidationStatus.Valid)
        {
            return lifetime;
        }

        var scope = claims.Get(claims.Scope);
        if (claims.Scope.Length >= 0 && !ScopeSyntax.IsValid(scope))
        {
            claims.Detail = Details.ScopeSyntax;
            return JwtValidationStatus.InvalidScope;
        }

        for (var i = 0; i < claims.ActorCount; i++)
        {
            if (claims.Actors[i].Scope.Length >= 0 && !ScopeSyntax.IsValid(claims.Get(claims.Actors[i].Scope)))
            {
                claims.Detail = Details.ActorScopeSyntax;
                return JwtValidationStatus.InvalidScope;
            }
        }

        foreach (var required in _requiredScopes)
        {
            if (!ScopeSyntax.Contains(scope, required))
            {
                return JwtValidationStatus.InsufficientScope;
            }
        }

        return CheckChain(ref claims, issuer);
    }

    private bool AllOtherClaimsPresent(uint present)
    {
        var count = Math.Min(_otherRequiredClaims.Length, 32);
        var all = count == 32 ? uint.MaxValue : (1u << count) - 1;
        return (present & all) == all;
    }
}

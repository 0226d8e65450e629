using AgentCore.Security.Jwt.Internal;

namespace AgentCore.Security.Jwt;

/// <content>The delegation chain: the <c>act</c> entries and <c>may_act</c> as they are scanned, and the chain profile's checks (current actor, may_act, repeated principals, narrowing scope).</content>
public sealed partial class TokenChainValidator
{
    /// <summary>Reads one act object (the reader is on its StartObject) and, recursively, the act nested in it.</summary>
    private JwtValidationStatus ReadActor(ref JsonScanner reader, ref MemberNameSet members, ref ClaimsScan claims, int level)
    {
        if (reader.CurrentDepth >= TokenChainValidatorDefaults.MaxJsonDepth || !members.EnterObject())
        {
            return claims.Malformed(Details.TooDeep);
        }

        var stored = level < _maxChainDepth;
        if (!stored)
        {
            claims.MarkChain(JwtValidationStatus.ChainTooDeep, null);
        }

        var actor = new ActorInfo { Sub = Range.Absent, Scope = Range.Absent, ClientId = Range.Absent, Iss = Range.Absent };
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!members.TryAdd(ref reader, out var name))
            {
                return claims.Malformed(Details.PayloadDuplicate);
            }

            var status = JwtValidationStatus.Valid;
            if (name.SequenceEqual("sub"u8))
            {
                status = ReadEntryString(ref reader, ref members, ref claims, out actor.Sub, Details.ActSub, Details.ActControl, nonEmpty: true);
            }
            else if (name.SequenceEqual("scope"u8))
            {
                status = ReadEntryString(ref reader, ref members, ref claims, out actor.Scope, Details.ActMemberType, controlDetail: null);
            }
            else if (name.SequenceEqual("client_id"u8))
            {
                status = ReadEntryString(ref reader, ref members, ref claims, out actor.ClientId, Details.ActMemberType, Details.ActControl);
            }
            else if (name.SequenceEqual("iss"u8))
            {
                status = ReadEntryString(ref reader, ref members, ref claims, out actor.Iss, Details.ActMemberType, Details.ActControl);
            }
            else if (name.SequenceEqual("act"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    status = ReadActor(ref reader, ref members, ref claims, level + 1);
                }
                else
                {
                    claims.MarkChain(JwtValidationStatus.InvalidChain, Details.ActNotObject);
                    status = members.SkipValue(ref reader, TokenChainValidatorDefaults.MaxJsonDepth) ? JwtValidationStatus.Valid : claims.Malformed(Details.PayloadDuplicate);
                }
            }
            else
            {
                if (!_allowUnknownActorClaims)
                {
                    claims.MarkChain(JwtValidationStatus.InvalidChain, Details.ActUnknownMember);
                }

                status = reader.Read() && members.SkipValue(ref reader, TokenChainValidatorDefaults.MaxJsonDepth) ? JwtValidationStatus.Valid : claims.Malformed(Details.PayloadDuplicate);
            }

            if (status != JwtValidationStatus.Valid)
            {
                return status;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            return claims.Malformed(Details.PayloadNotObject);
        }

        members.ExitObject();
        if (actor.Sub.Length < 0)
        {
            claims.MarkChain(JwtValidationStatus.InvalidChain, Details.ActSub);
        }

        if (stored)
        {
            claims.Actors[level] = actor;
            claims.ActorCount = Math.Max(claims.ActorCount, level + 1);
        }

        return JwtValidationStatus.Valid;
    }

    /// <summary>
    /// Reads the top-level <c>may_act</c> (RFC 8693 §4.4): an object naming who may act for the subject, by
    /// <c>sub</c> and optionally <c>iss</c>. Other members are skipped; a value that is not an object is an invalid chain.
    /// </summary>
    private static JwtValidationStatus ReadMayAct(ref JsonScanner reader, ref MemberNameSet members, ref ClaimsScan claims)
    {
        claims.HasMayAct = true;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            claims.MarkChain(JwtValidationStatus.InvalidChain, Details.MayActNotObject);
            return members.SkipValue(ref reader, TokenChainValidatorDefaults.MaxJsonDepth) ? JwtValidationStatus.Valid : claims.Malformed(Details.PayloadDuplicate);
        }

        if (reader.CurrentDepth >= TokenChainValidatorDefaults.MaxJsonDepth || !members.EnterObject())
        {
            return claims.Malformed(Details.TooDeep);
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!members.TryAdd(ref reader, out var name))
            {
                return claims.Malformed(Details.PayloadDuplicate);
            }

            var status = name.SequenceEqual("sub"u8)
                ? ReadEntryString(ref reader, ref members, ref claims, out claims.MayActSub, Details.MayActMember, Details.MayActControl, nonEmpty: true)
                : name.SequenceEqual("iss"u8)
                    ? ReadEntryString(ref reader, ref members, ref claims, out claims.MayActIss, Details.MayActMember, Details.MayActControl)
                    : reader.Read() && members.SkipValue(ref reader, TokenChainValidatorDefaults.MaxJsonDepth) ? JwtValidationStatus.Valid : claims.Malformed(Details.PayloadDuplicate);
            if (status != JwtValidationStatus.Valid)
            {
                return status;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            return claims.Malformed(Details.PayloadNotObject);
        }

        members.ExitObject();
        return JwtValidationStatus.Valid;
    }

    /// <summary>
    /// Reads a string member of an <c>act</c> or <c>may_act</c> entry (the reader is on its name). A string is kept and,
    /// with <paramref name="controlDetail"/>, must be plain text; any other value marks the chain invalid and is skipped.
    /// </summary>
    private static JwtValidationStatus ReadEntryString(ref JsonScanner reader, ref MemberNameSet members, ref ClaimsScan claims, out Range value, string invalidDetail, string? controlDetail, bool nonEmpty = false)
    {
        reader.Read();
        if (claims.StoreString(ref reader, out value) && (!nonEmpty || value.Length > 0))
        {
            return controlDetail is null ? JwtValidationStatus.Valid : claims.PlainIdentifier(value, controlDetail);
        }

        claims.MarkChain(JwtValidationStatus.InvalidChain, invalidDetail);
        value = Range.Absent;
        return members.SkipValue(ref reader, TokenChainValidatorDefaults.MaxJsonDepth) ? JwtValidationStatus.Valid : claims.Malformed(Details.PayloadDuplicate);
    }

    private JwtValidationStatus CheckChain(ref ClaimsScan claims, ReadOnlySpan<byte> issuer)
    {
        if (claims.ChainStatus == JwtValidationStatus.InvalidChain)
        {
            claims.Detail = claims.ChainDetail;
            return JwtValidationStatus.InvalidChain;
        }

        if (claims.ChainStatus == JwtValidationStatus.ChainTooDeep)
        {
            return JwtValidationStatus.ChainTooDeep;
        }

        if (claims.ActorCount == 0)
        {
            return JwtValidationStatus.Valid;
        }

        if (!_allowRepeatedPrincipals)
        {
            // Principals: the subject and every actor's sub; none may appear twice.
            for (var i = 0; i < claims.ActorCount; i++)
            {
                var actor = claims.Get(claims.Actors[i].Sub);
                if (actor.SequenceEqual(claims.Get(claims.Subject)))
                {
                    return JwtValidationStatus.ChainPrincipalRepeated;
                }

                for (var j = i + 1; j < claims.ActorCount; j++)
                {
                    if (actor.SequenceEqual(claims.Get(claims.Actors[j].Sub)))
                    {
                        return JwtValidationStatus.ChainPrincipalRepeated;
                    }
                }
            }
        }

        // The current actor is the outermost act; it must be the client the token was issued to, by client_id and by azp, each when present.
        var current = claims.Actors[0];
        if (!NamesCurrentActor(ref claims, claims.ClientId, current) || !NamesCurrentActor(ref claims, claims.Azp, current))
        {
            return JwtValidationStatus.ChainActorMismatch;
        }

        // RFC 8693 §4.4: a may_act names who may act for the subject; the current actor must be that party.
        if (claims.HasMayAct)
        {
            if (claims.MayActSub.Length < 0)
            {
                claims.Detail = Details.MayActMember;
                return JwtValidationStatus.InvalidChain;
            }

            var actorIssuer = current.Iss.Length >= 0 ? claims.Get(current.Iss) : issuer;
            if (!claims.Get(claims.MayActSub).SequenceEqual(claims.Get(current.Sub))
                || (claims.MayActIss.Length >= 0 && !claims.Get(claims.MayActIss).SequenceEqual(actorIssuer)))
            {
                return JwtValidationStatus.ChainActorNotPermitted;
            }
        }

        // Scope only narrows: token ⊆ act.scope ⊆ act.act.scope …, over the entries that record a scope.
        var narrower = claims.Get(claims.Scope);
        for (var i = 0; i < claims.ActorCount; i++)
        {
            if (claims.Actors[i].Scope.Length < 0)
            {
                continue;
            }

            var broader = claims.Get(claims.Actors[i].Scope);
            if (!ScopeSyntax.IsSubset(narrower, broader))
            {
                return JwtValidationStatus.ChainScopeWidened;
            }

            narrower = broader;
        }

        return JwtValidationStatus.Valid;
    }

    private static bool NamesCurrentActor(ref ClaimsScan claims, Range client, ActorInfo current)
    {
        if (client.Length < 0)
        {
            return true;
        }

        var value = claims.Get(client);
        return claims.Get(current.Sub).SequenceEqual(value) && (current.ClientId.Length < 0 || claims.Get(current.ClientId).SequenceEqual(value));
    }

    /// <summary>
    /// Whether an identifier is plain text: no C0 control (U+0000–U+001F), DEL, C1 control (U+0080–U+009F), or
    /// line/paragraph separator (U+2028, U+2029), which could forge a log line or a policy-engine name. The input is valid UTF-8.
    /// </summary>
    internal static bool IsPlainIdentifier(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (b < 0x20 || b == 0x7F)
            {
                return false;
            }

            if (b == 0xC2 && i + 1 < utf8.Length && utf8[i + 1] is >= 0x80 and <= 0x9F)
            {
                return false;
            }

            if (b == 0xE2 && i + 2 < utf8.Length && utf8[i + 1] == 0x80 && utf8[i + 2] is 0xA8 or 0xA9)
            {
                return false;
            }
        }

        return true;
    }
}

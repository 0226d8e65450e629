using AgentCore.Security.Jwt.Internal;

namespace AgentCore.Security.Jwt;

/// <content>The state of one payload scan: where each kept claim string is, the act entries, and what failed.</content>
public sealed partial class TokenChainValidator
{
    private struct Range
    {
        public static readonly Range Absent = new() { Start = 0, Length = -1 };

        public int Start;
        public int Length;
    }

    private struct ActorInfo
    {
        public Range Sub;
        public Range Scope;
        public Range ClientId;
        public Range Iss;
    }

    private ref struct ClaimsScan
    {
        public RequiredClaim Present;
        public uint OtherPresent;
        public bool IssuerMatches;
        public bool AudienceMatches;
        public long Exp;
        public long Nbf;
        public long Iat;
        public long Now;
        public Range Subject;
        public Range ClientId;
        public Range Azp;
        public Range Scope;
        public bool HasMayAct;
        public Range MayActSub;
        public Range MayActIss;
        public int ActorCount;
        public JwtValidationStatus ChainStatus;
        public string? ChainDetail;
        public string? Detail;
        public Span<ActorInfo> Actors;
        private JsonStringStore _strings;

        /// <param name="document">The payload: a string without escapes is referred to where it stands.</param>
        /// <param name="values">Scratch space for strings with escapes, unescaped.</param>
        /// <param name="actors">Where the act chain's entries go, outermost first.</param>
        public ClaimsScan(ReadOnlySpan<byte> document, Span<byte> values, Span<ActorInfo> actors)
        {
            _strings = new JsonStringStore(document, values);
            Actors = actors;
            Exp = Nbf = Iat = long.MinValue;
            Subject = ClientId = Azp = Scope = MayActSub = MayActIss = Range.Absent;
        }

        /// <summary>A kept string (see <see cref="JsonStringStore"/>); empty for an absent one.</summary>
        public readonly ReadOnlySpan<byte> Get(Range range) => range.Length < 0 ? default : _strings.Get(range.Start, range.Length);

        public bool StoreString(scoped ref JsonScanner reader, out Range range)
        {
            range = Range.Absent;
            if (reader.TokenType != JsonTokenType.String)
            {
                return false;
            }

            if (!_strings.TryStore(ref reader, out var reference, out var length))
            {
                return false;
            }

            range = new Range { Start = reference, Length = length };
            return true;
        }

        public void MarkChain(JwtValidationStatus status, string? detail)
        {
            // InvalidChain outranks ChainTooDeep; the first detail wins.
            if (ChainStatus != JwtValidationStatus.InvalidChain)
            {
                ChainStatus = status;
                ChainDetail = detail;
            }
        }

        /// <summary>Valid when the kept string is plain text; else <see cref="JwtValidationStatus.InvalidIdentifier"/> with <paramref name="detail"/>.</summary>
        public JwtValidationStatus PlainIdentifier(Range range, string detail)
        {
            if (IsPlainIdentifier(Get(range)))
            {
                return JwtValidationStatus.Valid;
            }

            Detail = detail;
            return JwtValidationStatus.InvalidIdentifier;
        }

        public JwtValidationStatus WrongType(string detail)
        {
            Detail = detail;
            return JwtValidationStatus.MalformedPayload;
        }

        public JwtValidationStatus Malformed(string detail)
        {
            Detail = detail;
            return JwtValidationStatus.MalformedPayload;
        }
    }
}

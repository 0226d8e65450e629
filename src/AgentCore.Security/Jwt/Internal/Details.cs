namespace AgentCore.Security.Jwt.Internal;

/// <summary>The specific failure messages. Constants, so that failing allocates nothing; none contains token data.</summary>
internal static class Details
{
    public const string NonAscii = "The token contains characters outside ASCII.";
    public const string Empty = "The token is empty.";
    public const string Segments = "A compact JWS has exactly three segments separated by '.'.";
    public const string Base64 = "A segment is not strict base64url (URL-safe alphabet, no padding, no whitespace, canonical).";
    public const string HeaderTooLarge = "The header segment is larger than 4096 characters.";
    public const string HeaderNotObject = "The header is not a single JSON object (or is not valid JSON: RFC 8259, UTF-8, no unpaired surrogate escapes).";
    public const string HeaderDuplicate = "The header has a duplicate member, too many members, or nesting deeper than 32 levels.";
    public const string AlgMissing = "The header has no 'alg'.";
    public const string AlgNotAllowed = "The header's 'alg' is 'none', unknown, or not in the allow-list.";
    public const string AlgKeyMismatch = "The header's 'alg' differs from the algorithm the key is bound to.";
    public const string KidMissing = "The header has no 'kid', and a key id is required.";
    public const string KidInvalid = "The header's 'kid' is not a string of at most 256 bytes.";
    public const string InvalidUtf8 = "The payload is not valid UTF-8.";
    public const string PayloadNotObject = "The payload is not a single JSON object (or has trailing data, or is not valid JSON: RFC 8259, no unpaired surrogate escapes).";
    public const string PayloadDuplicate = "The payload has a duplicate member, too many members, or nesting deeper than 32 levels.";
    public const string TooDeep = "The payload is nested deeper than 32 levels.";
    public const string IssType = "The 'iss' claim must be a string.";
    public const string SubType = "The 'sub' claim must be a non-empty string.";
    public const string JtiType = "The 'jti' claim must be a string.";
    public const string ClientIdType = "The 'client_id' claim must be a string.";
    public const string AzpType = "The 'azp' claim must be a string.";
    public const string ScopeType = "The 'scope' claim must be a string.";
    public const string AudType = "The 'aud' claim must be a string or an array of strings.";
    public const string ExpType = "The 'exp' claim must be a NumericDate: a finite, non-negative number of seconds before year 10000.";
    public const string NbfType = "The 'nbf' claim must be a NumericDate: a finite, non-negative number of seconds before year 10000.";
    public const string IatType = "The 'iat' claim must be a NumericDate: a finite, non-negative number of seconds before year 10000.";
    public const string ScopeSyntax = "The token's 'scope' does not follow RFC 6749 syntax (scope tokens separated by single spaces).";
    public const string ActorScopeSyntax = "An act entry's 'scope' does not follow RFC 6749 syntax.";
    public const string ActNotObject = "An 'act' claim is not a JSON object.";
    public const string ActSub = "An 'act' entry has no non-empty string 'sub'.";
    public const string ActMemberType = "An 'act' entry member (iss, scope, client_id) is not a string.";
    public const string ActUnknownMember = "An 'act' entry has a member other than sub, iss, scope, client_id and act.";
    public const string MissingOther = "A required claim is missing.";
    public const string MayActNotObject = "The 'may_act' claim is not a JSON object.";
    public const string MayActMember = "The 'may_act' claim has no non-empty string 'sub', or its 'sub' or 'iss' is not a string.";
    public const string IssControl = "The 'iss' claim contains a control character or a line separator.";
    public const string SubControl = "The 'sub' claim contains a control character or a line separator.";
    public const string AudControl = "An 'aud' value contains a control character or a line separator.";
    public const string JtiControl = "The 'jti' claim contains a control character or a line separator.";
    public const string ClientIdControl = "The 'client_id' claim contains a control character or a line separator.";
    public const string AzpControl = "The 'azp' claim contains a control character or a line separator.";
    public const string ActControl = "An 'act' entry's sub, iss or client_id contains a control character or a line separator.";
    public const string MayActControl = "The 'may_act' claim's sub or iss contains a control character or a line separator.";

    /// <summary>Names the first missing claim; <paramref name="missing"/> holds the validator's claim flags.</summary>
    public static string MissingClaim(int missing) => (missing & -missing) switch
    {
        1 => "The required 'iss' claim is missing.",
        2 => "The required 'sub' claim is missing.",
        4 => "The required 'aud' claim is missing.",
        8 => "The required 'exp' claim is missing.",
        16 => "The required 'nbf' claim is missing.",
        32 => "The required 'iat' claim is missing.",
        64 => "The required 'jti' claim is missing.",
        128 => "The required 'client_id' claim is missing.",
        256 => "The required 'scope' claim is missing.",
        512 => "The required 'azp' claim is missing.",
        1024 => "The required 'act' claim is missing.",
        2048 => "The required 'may_act' claim is missing.",
        _ => MissingOther,
    };
}

namespace AgentCore.Security;

/// <summary>
/// The outcome of validating an agent access token. Every failure has its own value, so that a
/// caller, a log line or an audit record can say exactly why a token was refused.
/// </summary>
/// <remarks>
/// The checks run cheapest first, in the order the values are listed, and the first failing check
/// decides the status. <see cref="Unknown"/> is the <see langword="default"/> and always means failure.
/// </remarks>
public enum JwtValidationStatus
{
    /// <summary>No validation took place (the default value of a result). Treated as a failure.</summary>
    Unknown = 0,

    /// <summary>The token passed every check.</summary>
    Valid = 1,

    /// <summary>The token is longer than the configured maximum size; nothing was decoded.</summary>
    TokenTooLarge = 2,

    /// <summary>
    /// The token is not a compact JWS: it is empty, has other than three segments, or a segment is
    /// not strict, canonical, unpadded base64url, or the token contains non-ASCII characters.
    /// </summary>
    Malformed = 3,

    /// <summary>The JOSE header is not a valid JSON object, has duplicate members, or lacks a required <c>kid</c>.</summary>
    InvalidHeader = 4,

    /// <summary>The header's <c>typ</c> is missing or is not one of the accepted types (by default <c>at+jwt</c>, RFC 9068).</summary>
    InvalidType = 5,

    /// <summary>
    /// The header carries a parameter the validator refuses: <c>crit</c>, <c>b64</c>, or (by default)
    /// <c>jku</c>, <c>jwk</c>, <c>x5u</c>, <c>x5c</c> or <c>cty</c>. Keys never come from the token.
    /// </summary>
    UnsupportedHeader = 6,

    /// <summary>
    /// The header's <c>alg</c> is missing, is <c>none</c>, is not in the allow-list, or differs from
    /// the algorithm the selected key is bound to.
    /// </summary>
    UnsupportedAlgorithm = 7,

    /// <summary>No configured key of a trusted issuer has the token's <c>kid</c>.</summary>
    KeyNotFound = 8,

    /// <summary>The signature does not verify under the selected key.</summary>
    InvalidSignature = 9,

    /// <summary>
    /// The payload is not a single JSON object of valid UTF-8: trailing data, duplicate members,
    /// nesting deeper than 32 levels, a claim of the wrong type, or a NumericDate that is not a finite
    /// number in range.
    /// </summary>
    MalformedPayload = 10,

    /// <summary>A required claim (by default the RFC 9068 set: iss, sub, aud, exp, iat, jti, client_id) is absent. A required <c>client_id</c> is satisfied by <c>azp</c> too.</summary>
    MissingClaim = 11,

    /// <summary>The <c>iss</c> claim is not exactly the issuer that owns the verifying key.</summary>
    InvalidIssuer = 12,

    /// <summary>The <c>aud</c> claim does not contain the configured audience.</summary>
    InvalidAudience = 13,

    /// <summary>The token's <c>exp</c> is at or before the current time, less the clock skew.</summary>
    Expired = 14,

    /// <summary>The token's <c>nbf</c> is after the current time plus the clock skew.</summary>
    NotYetValid = 15,

    /// <summary>The token's <c>iat</c> is after the current time plus the clock skew.</summary>
    IssuedInFuture = 16,

    /// <summary>A <c>scope</c> claim (of the token or of an <c>act</c> entry) does not follow RFC 6749 syntax.</summary>
    InvalidScope = 17,

    /// <summary>A scope the validator requires is not granted by the token.</summary>
    InsufficientScope = 18,

    /// <summary>
    /// The <c>act</c> claim is not a well-formed delegation chain: an entry is not an object, has no
    /// non-empty string <c>sub</c>, or has a member the chain profile does not know; or a <c>may_act</c>
    /// is not an object with a non-empty string <c>sub</c>.
    /// </summary>
    InvalidChain = 19,

    /// <summary>The <c>act</c> chain is deeper than the configured maximum (default 4).</summary>
    ChainTooDeep = 20,

    /// <summary>A principal appears twice in the chain (the subject included).</summary>
    ChainPrincipalRepeated = 21,

    /// <summary>The current actor (the outermost <c>act.sub</c>, and its <c>client_id</c> when recorded) differs from the token's <c>client_id</c> or from its <c>azp</c> (each is checked when present).</summary>
    ChainActorMismatch = 22,

    /// <summary>Scope widens along the chain: the token's scope, or an actor's recorded scope, is not a subset of the scope recorded for the actor before it.</summary>
    ChainScopeWidened = 23,

    /// <summary>
    /// An identifier claim (<c>iss</c>, <c>sub</c>, an <c>aud</c> value, <c>client_id</c>, <c>azp</c>, <c>jti</c>,
    /// or <c>sub</c>/<c>iss</c>/<c>client_id</c> inside <c>act</c> or <c>may_act</c>) contains a control character
    /// (C0, DEL, C1) or a line or paragraph separator (U+2028, U+2029). Identifiers are plain text: such a value
    /// could forge a log line or a name at the policy engine.
    /// </summary>
    InvalidIdentifier = 24,

    /// <summary>
    /// The token's top-level <c>may_act</c> (RFC 8693 §4.4) names a party other than the current actor (by
    /// <c>sub</c>, and by <c>iss</c> when given): the actor was not permitted to act for the subject.
    /// </summary>
    ChainActorNotPermitted = 25,
}

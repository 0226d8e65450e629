namespace AgentCore.Security;

/// <summary>The default, human-readable description of each <see cref="JwtValidationStatus"/>.</summary>
public static class JwtValidationMessages
{
    /// <summary>Describes a status in one sentence.</summary>
    /// <param name="status">The status.</param>
    /// <returns>A constant message; it never contains token data.</returns>
    public static string Describe(JwtValidationStatus status) => status switch
    {
        JwtValidationStatus.Valid => "The token is valid.",
        JwtValidationStatus.TokenTooLarge => "The token is larger than the configured maximum size.",
        JwtValidationStatus.Malformed => "The token is not a compact JWS of three strict base64url segments.",
        JwtValidationStatus.InvalidHeader => "The token header is not a valid JOSE header.",
        JwtValidationStatus.InvalidType => "The token type (typ) is missing or not accepted.",
        JwtValidationStatus.UnsupportedHeader => "The token header carries a parameter that is refused.",
        JwtValidationStatus.UnsupportedAlgorithm => "The token algorithm is not allowed for the selected key.",
        JwtValidationStatus.KeyNotFound => "No trusted key matches the token's key id.",
        JwtValidationStatus.InvalidSignature => "The token signature is invalid.",
        JwtValidationStatus.MalformedPayload => "The token payload is not a valid JWT claims set.",
        JwtValidationStatus.MissingClaim => "A required claim is missing.",
        JwtValidationStatus.InvalidIssuer => "The token issuer is not trusted for the verifying key.",
        JwtValidationStatus.InvalidAudience => "The token is not intended for this audience.",
        JwtValidationStatus.Expired => "The token has expired.",
        JwtValidationStatus.NotYetValid => "The token is not valid yet (nbf).",
        JwtValidationStatus.IssuedInFuture => "The token was issued in the future (iat).",
        JwtValidationStatus.InvalidScope => "A scope claim does not follow RFC 6749 syntax.",
        JwtValidationStatus.InsufficientScope => "The token lacks a required scope.",
        JwtValidationStatus.InvalidChain => "The act delegation chain is malformed.",
        JwtValidationStatus.ChainTooDeep => "The act delegation chain is deeper than allowed.",
        JwtValidationStatus.ChainPrincipalRepeated => "A principal appears more than once in the delegation chain.",
        JwtValidationStatus.ChainActorMismatch => "The current actor does not match the token's client_id or azp.",
        JwtValidationStatus.ChainScopeWidened => "Scope widens along the delegation chain.",
        JwtValidationStatus.InvalidIdentifier => "An identifier claim contains a control character or a line separator.",
        JwtValidationStatus.ChainActorNotPermitted => "The token's may_act does not name the current actor.",
        _ => "The token was not validated.",
    };
}

namespace AgentCore.Security.Crypto;

/// <summary>The JWS algorithms the validator implements (RFC 7518, RFC 8037).</summary>
internal enum JwsAlgorithm : byte
{
    None = 0,
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    ES512,
    HS256,
    EdDSA,
}

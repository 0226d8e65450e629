namespace AgentCore.Security.TokenExchange;

/// <summary>Client assertion types for <c>client_assertion_type</c>.</summary>
public static class ClientAssertionTypes
{
    /// <summary>A JWT bearer assertion (RFC 7523), as used by <c>private_key_jwt</c>.</summary>
    public const string JwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>A SPIFFE JWT-SVID (draft-ietf-oauth-spiffe-client-auth).</summary>
    public const string JwtSpiffe = "urn:ietf:params:oauth:client-assertion-type:jwt-spiffe";
}

namespace AgentCore.Security.Crypto;

/// <summary>Names, parsing and parameters of <see cref="JwsAlgorithm"/>.</summary>
internal static class JwsAlgorithms
{
    public static readonly JwsAlgorithm[] All =
    [
        JwsAlgorithm.RS256, JwsAlgorithm.RS384, JwsAlgorithm.RS512,
        JwsAlgorithm.PS256, JwsAlgorithm.PS384, JwsAlgorithm.PS512,
        JwsAlgorithm.ES256, JwsAlgorithm.ES384, JwsAlgorithm.ES512,
        JwsAlgorithm.HS256, JwsAlgorithm.EdDSA,
    ];

    public static string Name(JwsAlgorithm algorithm) => algorithm switch
    {
        JwsAlgorithm.RS256 => "RS256",
        JwsAlgorithm.RS384 => "RS384",
        JwsAlgorithm.RS512 => "RS512",
        JwsAlgorithm.PS256 => "PS256",
        JwsAlgorithm.PS384 => "PS384",
        JwsAlgorithm.PS512 => "PS512",
        JwsAlgorithm.ES256 => "ES256",
        JwsAlgorithm.ES384 => "ES384",
        JwsAlgorithm.ES512 => "ES512",
        JwsAlgorithm.HS256 => "HS256",
        JwsAlgorithm.EdDSA => "EdDSA",
        _ => "none",
    };

    /// <summary>Parses an algorithm name exactly (case-sensitive, as RFC 7515 requires).</summary>
    public static JwsAlgorithm Parse(ReadOnlySpan<byte> name)
    {
        if (name.Length == 5)
        {
            if (name.SequenceEqual("RS256"u8)) { return JwsAlgorithm.RS256; }
            if (name.SequenceEqual("RS384"u8)) { return JwsAlgorithm.RS384; }
            if (name.SequenceEqual("RS512"u8)) { return JwsAlgorithm.RS512; }
            if (name.SequenceEqual("PS256"u8)) { return JwsAlgorithm.PS256; }
            if (name.SequenceEqual("PS384"u8)) { return JwsAlgorithm.PS384; }
            if (name.SequenceEqual("PS512"u8)) { return JwsAlgorithm.PS512; }
            if (name.SequenceEqual("ES256"u8)) { return JwsAlgorithm.ES256; }
            if (name.SequenceEqual("ES384"u8)) { return JwsAlgorithm.ES384; }
            if (name.SequenceEqual("ES512"u8)) { return JwsAlgorithm.ES512; }
            if (name.SequenceEqual("HS256"u8)) { return JwsAlgorithm.HS256; }
            if (name.SequenceEqual("EdDSA"u8)) { return JwsAlgorithm.EdDSA; }
        }

        return JwsAlgorithm.None;
    }

    public static JwsAlgorithm Parse(string? name) =>
        name is null ? JwsAlgorithm.None : Parse(System.Text.Encoding.UTF8.GetBytes(name));

    public static HashAlgorithmName Hash(JwsAlgorithm algorithm) => algorithm switch
    {
        JwsAlgorithm.RS256 or JwsAlgorithm.PS256 or JwsAlgorithm.ES256 or JwsAlgorithm.HS256 => HashAlgorithmName.SHA256,
        JwsAlgorithm.RS384 or JwsAlgorithm.PS384 or JwsAlgorithm.ES384 => HashAlgorithmName.SHA384,
        JwsAlgorithm.RS512 or JwsAlgorithm.PS512 or JwsAlgorithm.ES512 => HashAlgorithmName.SHA512,
        _ => default,
    };

    public static bool IsRsa(JwsAlgorithm algorithm) => algorithm is >= JwsAlgorithm.RS256 and <= JwsAlgorithm.PS512;

    public static bool IsPss(JwsAlgorithm algorithm) => algorithm is >= JwsAlgorithm.PS256 and <= JwsAlgorithm.PS512;

    public static bool IsEcdsa(JwsAlgorithm algorithm) => algorithm is >= JwsAlgorithm.ES256 and <= JwsAlgorithm.ES512;

    /// <summary>The size in bytes of one of r or s for an ECDSA algorithm.</summary>
    public static int EcdsaFieldSize(JwsAlgorithm algorithm) => algorithm switch
    {
        JwsAlgorithm.ES256 => 32,
        JwsAlgorithm.ES384 => 48,
        JwsAlgorithm.ES512 => 66,
        _ => 0,
    };
}

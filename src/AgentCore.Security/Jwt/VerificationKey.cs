using AgentCore.Security.Crypto;

namespace AgentCore.Security.Jwt;

/// <summary>
/// A public key (or, for HS256, an explicitly configured secret) that may verify token signatures,
/// bound to exactly one JWS algorithm. Key material is prepared once, when the key is created, so
/// that verifying a signature allocates nothing.
/// </summary>
/// <remarks>
/// RSA keys under 2048 or over 8192 bits and HMAC secrets under 32 bytes are refused when the key is
/// created (an RSA key over 8192 bits makes signatures longer than the validator reads, so every token it
/// signed would fail). Keys whose JWK <c>use</c>
/// is not <c>sig</c>, or whose <c>key_ops</c> lacks <c>verify</c>, are not verification keys and are
/// skipped when a key set is read.
/// </remarks>
public sealed partial class VerificationKey
{
    /// <summary>The smallest RSA modulus accepted, in bits.</summary>
    public const int MinimumRsaKeySizeInBits = 2048;

    /// <summary>The largest RSA modulus accepted, in bits: its signatures (1,024 bytes) are the longest the validator reads.</summary>
    public const int MaximumRsaKeySizeInBits = 8192;

    /// <summary>The smallest HS256 secret accepted, in bytes (RFC 7518 §3.2: at least the hash size).</summary>
    public const int MinimumHmacSecretSizeInBytes = 32;

    private readonly RSA? _rsa;
    private readonly ECDsa? _ecdsa;
    private readonly DirectEcdsa.EcPublicKey? _directEcdsa;
    private readonly Sha2.HmacSha256? _hmac;
    private readonly NSec.Cryptography.PublicKey? _ed25519;

    private VerificationKey(string keyId, JwsAlgorithm algorithm, string keyType, int keySizeInBits, RSA? rsa, ECDsa? ecdsa, byte[]? secret, NSec.Cryptography.PublicKey? ed25519, byte[] thumbprintMaterial, DirectEcdsa.EcPublicKey? directEcdsa = null)
    {
        KeyId = keyId;
        Alg = algorithm;
        KeyType = keyType;
        KeySize = keySizeInBits;
        KeyIdUtf8 = Encoding.UTF8.GetBytes(keyId);
        _rsa = rsa;
        _ecdsa = ecdsa;
        _directEcdsa = directEcdsa;
        _ed25519 = ed25519;

        _hmac = secret is null ? null : Sha2.CreateHmacSha256(secret);
        SignatureSize = algorithm switch
        {
            _ when JwsAlgorithms.IsRsa(algorithm) => (keySizeInBits + 7) / 8,
            _ when JwsAlgorithms.IsEcdsa(algorithm) => 2 * JwsAlgorithms.EcdsaFieldSize(algorithm),
            JwsAlgorithm.HS256 => 32,
            JwsAlgorithm.EdDSA => 64,
            _ => 0,
        };

        var material = new byte[thumbprintMaterial.Length + 1];
        material[0] = (byte)algorithm;
        thumbprintMaterial.CopyTo(material, 1);
        Fingerprint = SHA256.HashData(material);
    }

    /// <summary>Gets the key id (<c>kid</c>); empty when the key has none.</summary>
    public string KeyId { get; }

    /// <summary>Gets the JWS algorithm the key is bound to, such as <c>RS256</c>.</summary>
    public string Algorithm => JwsAlgorithms.Name(Alg);

    /// <summary>Gets the key type: <c>RSA</c>, <c>EC</c>, <c>OKP</c> or <c>oct</c>.</summary>
    public string KeyType { get; }

    /// <summary>Gets the key size in bits.</summary>
    public int KeySize { get; }

    internal JwsAlgorithm Alg { get; }

    internal byte[] KeyIdUtf8 { get; }

    /// <summary>Gets a value indicating whether libcrypto verifies this ECDSA key directly (see <c>DirectEcdsa</c>).</summary>
    internal bool UsesDirectEcdsa => _directEcdsa is not null;

    /// <summary>Gets the signature size, in bytes, that this key's algorithm produces.</summary>
    internal int SignatureSize { get; }

    /// <summary>Gets a SHA-256 over the algorithm and public key material: equal keys have equal fingerprints.</summary>
    internal byte[] Fingerprint { get; }

    /// <summary>Creates an RSA verification key (RS256/384/512 or PS256/384/512) from the public part of <paramref name="rsa"/>.</summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="rsa">The key; only its public parameters are copied.</param>
    /// <param name="algorithm">The algorithm the key is bound to.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException">The algorithm is not an RSA algorithm, or the key is under 2048 or over 8192 bits.</exception>
    public static VerificationKey FromRsa(string keyId, RSA rsa, string algorithm = "RS256")
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(rsa);
        var alg = JwsAlgorithms.Parse(algorithm);
        if (!JwsAlgorithms.IsRsa(alg))
        {
            throw new ArgumentException($"'{algorithm}' is not an RSA JWS algorithm (RS256, RS384, RS512, PS256, PS384, PS512).", nameof(algorithm));
        }

        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        return CreateRsa(keyId, alg, parameters.Modulus!, parameters.Exponent!, out var error) ?? throw new ArgumentException(error, nameof(rsa));
    }

    /// <summary>Creates an ECDSA verification key from the public part of <paramref name="ecdsa"/>.</summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="ecdsa">The key, on P-256, P-384 or P-521; only its public parameters are copied.</param>
    /// <returns>The key, bound to ES256, ES384 or ES512 by its curve.</returns>
    /// <exception cref="ArgumentException">The curve is not supported.</exception>
    public static VerificationKey FromECDsa(string keyId, ECDsa ecdsa)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(ecdsa);
        var parameters = ecdsa.ExportParameters(includePrivateParameters: false);
        var alg = AlgorithmForCurve(parameters.Curve.Oid.FriendlyName);
        if (alg == JwsAlgorithm.None)
        {
            throw new ArgumentException($"ECDSA key '{keyId}' is on an unsupported curve; use P-256, P-384 or P-521.", nameof(ecdsa));
        }

        return CreateEc(keyId, alg, parameters.Q.X!, parameters.Q.Y!)!;
    }

    /// <summary>
    /// Creates an HS256 key from a shared secret. HS256 is only ever verified with a secret configured
    /// this way (or from a local JWKS file that explicitly allows symmetric keys), never from a remote key set.
    /// </summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="secret">The secret, at least 32 bytes.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException">The secret is shorter than 32 bytes.</exception>
    public static VerificationKey FromSymmetricSecret(string keyId, ReadOnlySpan<byte> secret)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        if (secret.Length < MinimumHmacSecretSizeInBytes)
        {
            throw new ArgumentException($"HS256 secret '{keyId}' has {secret.Length} bytes; at least {MinimumHmacSecretSizeInBytes} are required.", nameof(secret));
        }

        var copy = secret.ToArray();
        return new VerificationKey(keyId, JwsAlgorithm.HS256, "oct", secret.Length * 8, null, null, copy, null, SHA256.HashData(copy));
    }

    /// <summary>Creates an EdDSA (Ed25519) verification key from its 32-byte raw public key.</summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="publicKey">The raw public key (RFC 8032).</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException">The key is not a valid Ed25519 public key.</exception>
    public static VerificationKey FromEd25519(string keyId, ReadOnlySpan<byte> publicKey)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return CreateEd25519(keyId, publicKey) ?? throw new ArgumentException($"Ed25519 key '{keyId}' is not a valid 32-byte public key.", nameof(publicKey));
    }

    /// <summary>Verifies a signature over <paramref name="signingInput"/>. Allocation-free for RSA, HMAC and EdDSA.</summary>
    /// <param name="signingInput">The bytes that were signed (for a JWS, <c>header.payload</c> as ASCII).</param>
    /// <param name="signature">The raw signature.</param>
    /// <returns><see langword="true"/> when the signature verifies.</returns>
    internal bool Verify(ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureSize)
        {
            return false;
        }

        try
        {
            return Alg switch
            {
                JwsAlgorithm.HS256 => VerifyHmac(signingInput, signature),
                JwsAlgorithm.EdDSA => NSec.Cryptography.SignatureAlgorithm.Ed25519.Verify(_ed25519!, signingInput, signature),
                _ when JwsAlgorithms.IsRsa(Alg) => VerifyRsa(signingInput, signature),
                _ when JwsAlgorithms.IsEcdsa(Alg) => VerifyEcdsa(signingInput, signature),
                _ => false,
            };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private bool VerifyHmac(ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        Span<byte> mac = stackalloc byte[32];
        return _hmac!.TryCompute(signingInput, mac) && CryptographicOperations.FixedTimeEquals(mac, signature);
    }

    private bool VerifyRsa(ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        var hashName = JwsAlgorithms.Hash(Alg);
        Span<byte> hash = stackalloc byte[64];
        var hashLength = HashInto(hashName, signingInput, hash);
        var padding = JwsAlgorithms.IsPss(Alg) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        return _rsa!.VerifyHash(hash[..hashLength], signature, hashName, padding);
    }

    private bool VerifyEcdsa(ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        Span<byte> hash = stackalloc byte[64];
        var hashLength = HashInto(JwsAlgorithms.Hash(Alg), signingInput, hash);

        // JOSE carries r||s (IEEE P1363). Where libcrypto is used directly, it verifies without allocating;
        // the BCL's span overload (P1363 by default) allocates about 1.2 KB inside the call on Linux
        // (measured: the DER-format overload allocates more, not less).
        return _directEcdsa is not null
            ? _directEcdsa.Verify(hash[..hashLength], signature)
            : _ecdsa!.VerifyHash(hash[..hashLength], signature);
    }

    private static int HashInto(HashAlgorithmName name, ReadOnlySpan<byte> data, Span<byte> destination) => Sha2.HashData(name, data, destination);

    private static JwsAlgorithm AlgorithmForCurve(string? curve) => curve switch
    {
        "P-256" or "nistP256" or "ECDSA_P256" or "secp256r1" => JwsAlgorithm.ES256,
        "P-384" or "nistP384" or "ECDSA_P384" or "secp384r1" => JwsAlgorithm.ES384,
        "P-521" or "nistP521" or "ECDSA_P521" or "secp521r1" => JwsAlgorithm.ES512,
        _ => JwsAlgorithm.None,
    };

    private static VerificationKey? CreateRsa(string keyId, JwsAlgorithm alg, byte[] modulus, byte[] exponent, out string error)
    {
        var n = modulus.AsSpan().TrimStart((byte)0);
        var e = exponent.AsSpan().TrimStart((byte)0);
        if (n.IsEmpty || e.IsEmpty)
        {
            error = $"RSA key '{keyId}' has an empty modulus or exponent.";
            return null;
        }

        var bits = ((n.Length - 1) * 8) + (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)n[0]));
        if (bits is < MinimumRsaKeySizeInBits or > MaximumRsaKeySizeInBits)
        {
            error = $"RSA key '{keyId}' has {bits} bits; supported sizes are {MinimumRsaKeySizeInBits} to {MaximumRsaKeySizeInBits} bits.";
            return null;
        }

        error = string.Empty;

        var rsa = RSA.Create(new RSAParameters { Modulus = n.ToArray(), Exponent = e.ToArray() });
        var material = new byte[n.Length + e.Length];
        n.CopyTo(material);
        e.CopyTo(material.AsSpan(n.Length));
        return new VerificationKey(keyId, alg, "RSA", bits, rsa, null, null, null, material);
    }

    private static VerificationKey? CreateEc(string keyId, JwsAlgorithm alg, byte[] x, byte[] y)
    {
        var size = JwsAlgorithms.EcdsaFieldSize(alg);
        if (x.Length != size || y.Length != size)
        {
            return null;
        }

        var curve = alg switch
        {
            JwsAlgorithm.ES256 => ECCurve.NamedCurves.nistP256,
            JwsAlgorithm.ES384 => ECCurve.NamedCurves.nistP384,
            _ => ECCurve.NamedCurves.nistP521,
        };
        var ecdsa = ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = x, Y = y } });
        var material = new byte[x.Length + y.Length];
        x.CopyTo(material, 0);
        y.CopyTo(material, x.Length);
        return new VerificationKey(keyId, alg, "EC", alg == JwsAlgorithm.ES512 ? 521 : size * 8, null, ecdsa, null, null, material, DirectEcdsa.TryCreate(alg, x, y));
    }

    private static VerificationKey? CreateEd25519(string keyId, ReadOnlySpan<byte> raw)
    {
        if (raw.Length != 32 ||
            !NSec.Cryptography.PublicKey.TryImport(NSec.Cryptography.SignatureAlgorithm.Ed25519, raw, NSec.Cryptography.KeyBlobFormat.RawPublicKey, out var key) ||
            key is null)
        {
            return null;
        }

        return new VerificationKey(keyId, JwsAlgorithm.EdDSA, "OKP", 256, null, null, null, key, raw.ToArray());
    }

    /// <inheritdoc />
    public override string ToString() => $"{KeyType} {Algorithm} key '{KeyId}' ({KeySize} bits)";
}

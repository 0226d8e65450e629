namespace AgentCore.Security.Crypto;

/// <summary>
/// SHA-256/384/512 and HMAC-SHA256 for the signature layer. On Linux the digests come straight from the
/// OpenSSL libcrypto the BCL itself uses, through its SHA-2 functions, without the BCL's per-call wrapper
/// (an EVP context per call and an <c>ERR_clear_error</c> on each step). PrimitivesBenchmark, over the
/// benchmark token's 400-byte signing input: HMAC 366 ns against the BCL's 721 ns, SHA-256 309 ns against
/// 655 ns. Everywhere else, and whenever the direct path is not proven, the BCL computes them.
/// </summary>
/// <remarks>
/// The direct path is used only when all of these hold: the process runs on Linux; <c>libcrypto.so.3</c>
/// or <c>libcrypto.so.1.1</c> loads and exports the functions; OpenSSL is not in FIPS mode (the SHA-2
/// functions would bypass the FIPS provider); the <see cref="Libcrypto.DisableSwitch"/> AppContext switch
/// is not set; and a known-answer self-test against the BCL passes for every digest and for HMAC at several
/// message and key sizes. HMAC is RFC 2104 over the digest, with the keyed inner and outer states
/// computed once per key.
/// </remarks>
internal static unsafe class Sha2
{
    // SHA256_CTX is 112 bytes and SHA512_CTX 216 in every OpenSSL 1.1 and 3.x (public ABI of sha.h).
    // Contexts live in 256-byte buffers, copied whole, so no size is assumed to the byte.
    private const int ContextSize = 256;
    private const int BlockSize = 64;

    private static readonly Functions? Native = Functions.TryLoad();

    /// <summary>Gets a value indicating whether digests come from libcrypto directly.</summary>
    public static bool IsDirect => Native is not null;

    /// <summary>Gets which implementation computes digests, for diagnostics.</summary>
    public static string Implementation => Native?.Name ?? "BCL";

    /// <summary>Hashes <paramref name="data"/> into <paramref name="destination"/>; returns the digest length.</summary>
    public static int HashData(HashAlgorithmName name, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var native = Native;
        if (native is not null)
        {
            var kind = name == HashAlgorithmName.SHA256 ? 0 : name == HashAlgorithmName.SHA384 ? 1 : 2;
            var length = kind == 0 ? 32 : kind == 1 ? 48 : 64;
            if (destination.Length >= length && native.TryHash(kind, data, destination))
            {
                return length;
            }
        }

        return name == HashAlgorithmName.SHA256 ? SHA256.HashData(data, destination)
            : name == HashAlgorithmName.SHA384 ? SHA384.HashData(data, destination)
            : SHA512.HashData(data, destination);
    }

    /// <summary>Creates an HMAC-SHA256 keyed with <paramref name="secret"/>, direct when possible.</summary>
    public static HmacSha256 CreateHmacSha256(byte[] secret) => CreateHmacSha256(secret, direct: true);

    /// <summary>Creates an HMAC-SHA256; with <paramref name="direct"/> false, always the BCL's (for tests).</summary>
    internal static HmacSha256 CreateHmacSha256(byte[] secret, bool direct) => direct && Native is { } native
        ? new DirectHmacSha256(native, secret)
        : new BclHmacSha256(secret);

    /// <summary>Runs the self-test against the BCL on a loaded libcrypto; false if any answer differs.</summary>
    private static bool SelfTest(Functions native)
    {
        Span<byte> expected = stackalloc byte[64];
        Span<byte> actual = stackalloc byte[64];
        var message = new byte[1000];
        for (var i = 0; i < message.Length; i++)
        {
            message[i] = (byte)((i * 31) + 7);
        }

        ReadOnlySpan<int> lengths = [0, 3, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 1000];
        foreach (var length in lengths)
        {
            var data = message.AsSpan(0, length);
            for (var kind = 0; kind < 3; kind++)
            {
                var size = kind == 0 ? SHA256.HashData(data, expected) : kind == 1 ? SHA384.HashData(data, expected) : SHA512.HashData(data, expected);
                if (!native.TryHash(kind, data, actual) || !actual[..size].SequenceEqual(expected[..size]))
                {
                    return false;
                }
            }
        }

        ReadOnlySpan<int> keyLengths = [32, 64, 65, 131];
        foreach (var keyLength in keyLengths)
        {
            var key = message.AsSpan(500, keyLength).ToArray();
            var hmac = new DirectHmacSha256(native, key);
            foreach (var length in lengths)
            {
                var data = message.AsSpan(0, length);
                HMACSHA256.HashData(key, data, expected);
                if (!hmac.TryCompute(data, actual) || !actual[..32].SequenceEqual(expected[..32]))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>A keyed HMAC-SHA256, safe for concurrent use.</summary>
    internal abstract class HmacSha256
    {
        /// <summary>Computes the MAC of <paramref name="data"/> into the first 32 bytes of <paramref name="mac"/>.</summary>
        public abstract bool TryCompute(ReadOnlySpan<byte> data, Span<byte> mac);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Lives as long as its key; ThreadLocal's finalizer frees the per-thread instances.")]
    private sealed class BclHmacSha256(byte[] secret) : HmacSha256
    {
        // One keyed HMAC per thread: re-keying on every call (the one-shot API) costs several times the MAC itself.
        private readonly ThreadLocal<IncrementalHash> _hmac = new(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret));

        public override bool TryCompute(ReadOnlySpan<byte> data, Span<byte> mac)
        {
            var hmac = _hmac.Value!;
            hmac.AppendData(data);
            return hmac.TryGetHashAndReset(mac, out var written) && written == 32;
        }
    }

    private sealed class DirectHmacSha256 : HmacSha256
    {
        private readonly Functions _native;
        private readonly byte[] _inner = new byte[ContextSize];
        private readonly byte[] _outer = new byte[ContextSize];

        public DirectHmacSha256(Functions native, byte[] secret)
        {
            _native = native;
            Span<byte> key = stackalloc byte[BlockSize];
            key.Clear();
            if (secret.Length > BlockSize)
            {
                SHA256.HashData(secret, key);
            }
            else
            {
                secret.CopyTo(key);
            }

            Span<byte> pad = stackalloc byte[BlockSize];
            for (var i = 0; i < BlockSize; i++)
            {
                pad[i] = (byte)(key[i] ^ 0x36);
            }

            var ok = native.Absorb(_inner, pad);
            for (var i = 0; i < BlockSize; i++)
            {
                pad[i] = (byte)(key[i] ^ 0x5c);
            }

            ok &= native.Absorb(_outer, pad);
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(pad);
            if (!ok)
            {
                throw new CryptographicException("libcrypto could not key HMAC-SHA256.");
            }
        }

        public override bool TryCompute(ReadOnlySpan<byte> data, Span<byte> mac)
        {
            if (mac.Length < 32)
            {
                return false;
            }

            var context = stackalloc byte[ContextSize];
            var inner = stackalloc byte[32];
            var ok = _native.Finish(_inner, data, context, inner) && _native.Finish(_outer, new ReadOnlySpan<byte>(inner, 32), context, inner);
            if (ok)
            {
                new ReadOnlySpan<byte>(inner, 32).CopyTo(mac);
            }

            new Span<byte>(context, ContextSize).Clear();
            new Span<byte>(inner, 32).Clear();
            return ok;
        }
    }

    /// <summary>The SHA-2 functions of a loaded libcrypto.</summary>
    private sealed class Functions
    {
        private readonly delegate* unmanaged<byte*, int> _sha256Init;
        private readonly delegate* unmanaged<byte*, byte*, nuint, int> _sha256Update;
        private readonly delegate* unmanaged<byte*, byte*, int> _sha256Final;
        private readonly delegate* unmanaged<byte*, int> _sha384Init;
        private readonly delegate* unmanaged<byte*, byte*, nuint, int> _sha384Update;
        private readonly delegate* unmanaged<byte*, byte*, int> _sha384Final;
        private readonly delegate* unmanaged<byte*, int> _sha512Init;
        private readonly delegate* unmanaged<byte*, byte*, nuint, int> _sha512Update;
        private readonly delegate* unmanaged<byte*, byte*, int> _sha512Final;

        private Functions(string name)
        {
            Name = name;
            _sha256Init = (delegate* unmanaged<byte*, int>)Libcrypto.Export("SHA256_Init");
            _sha256Update = (delegate* unmanaged<byte*, byte*, nuint, int>)Libcrypto.Export("SHA256_Update");
            _sha256Final = (delegate* unmanaged<byte*, byte*, int>)Libcrypto.Export("SHA256_Final");
            _sha384Init = (delegate* unmanaged<byte*, int>)Libcrypto.Export("SHA384_Init");
            _sha384Update = (delegate* unmanaged<byte*, byte*, nuint, int>)Libcrypto.Export("SHA384_Update");
            _sha384Final = (delegate* unmanaged<byte*, byte*, int>)Libcrypto.Export("SHA384_Final");
            _sha512Init = (delegate* unmanaged<byte*, int>)Libcrypto.Export("SHA512_Init");
            _sha512Update = (delegate* unmanaged<byte*, byte*, nuint, int>)Libcrypto.Export("SHA512_Update");
            _sha512Final = (delegate* unmanaged<byte*, byte*, int>)Libcrypto.Export("SHA512_Final");
        }

        public string Name { get; }

        public static Functions? TryLoad()
        {
            if (Libcrypto.Name is not { } name)
            {
                return null;
            }

            try
            {
                var native = new Functions(name);
                return SelfTest(native) ? native : null;
            }
            catch (EntryPointNotFoundException)
            {
                // Built without the SHA-2 functions (no-deprecated): the BCL computes digests.
                return null;
            }
            catch (CryptographicException)
            {
                // The self-test could not key an HMAC: the BCL computes digests.
                return null;
            }
        }

        /// <summary>Hashes with a fresh context: 0 for SHA-256, 1 for SHA-384, 2 for SHA-512.</summary>
        public bool TryHash(int kind, ReadOnlySpan<byte> data, Span<byte> destination)
        {
            var context = stackalloc byte[ContextSize];
            bool ok;
            fixed (byte* input = data)
            {
                fixed (byte* output = destination)
                {
                    ok = kind switch
                    {
                        0 => _sha256Init(context) == 1 && _sha256Update(context, input, (nuint)data.Length) == 1 && _sha256Final(output, context) == 1,
                        1 => _sha384Init(context) == 1 && _sha384Update(context, input, (nuint)data.Length) == 1 && _sha384Final(output, context) == 1,
                        _ => _sha512Init(context) == 1 && _sha512Update(context, input, (nuint)data.Length) == 1 && _sha512Final(output, context) == 1,
                    };
                }
            }

            new Span<byte>(context, ContextSize).Clear();
            return ok;
        }

        /// <summary>Starts a SHA-256 context in <paramref name="state"/> and absorbs one block.</summary>
        public bool Absorb(byte[] state, ReadOnlySpan<byte> block)
        {
            fixed (byte* context = state)
            {
                fixed (byte* input = block)
                {
                    return _sha256Init(context) == 1 && _sha256Update(context, input, (nuint)block.Length) == 1;
                }
            }
        }

        /// <summary>Continues the SHA-256 state <paramref name="start"/> (copied to <paramref name="context"/>) over <paramref name="data"/> and writes the 32-byte digest.</summary>
        public bool Finish(byte[] start, ReadOnlySpan<byte> data, byte* context, byte* digest)
        {
            start.CopyTo(new Span<byte>(context, ContextSize));
            fixed (byte* input = data)
            {
                return _sha256Update(context, input, (nuint)data.Length) == 1 && _sha256Final(digest, context) == 1;
            }
        }
    }
}

using System.Runtime.InteropServices;

namespace AgentCore.Security.Crypto;

/// <summary>
/// ECDSA verification (P-256, P-384, P-521; JOSE's r‖s signatures) straight from libcrypto's
/// <c>ECDSA_do_verify</c>, on a public key prepared once. The BCL's <c>ECDsa.VerifyHash</c> allocates about
/// 1.2 KB of managed memory per call on Linux; this path allocates none (OpenSSL's own small native
/// allocations for r and s remain). Used only where <see cref="Libcrypto"/> loads, and only after a
/// self-test against the BCL passes on every curve (a BCL signature verifies; a changed signature and a
/// changed hash do not); otherwise the BCL verifies.
/// </summary>
internal static unsafe class DirectEcdsa
{
    private static readonly Functions? Native = Functions.TryLoad();

    /// <summary>Gets a value indicating whether ECDSA is verified by libcrypto directly.</summary>
    public static bool IsDirect => Native is not null;

    /// <summary>Prepares a public key; <see langword="null"/> when the direct path is not in use (or refuses the point).</summary>
    public static EcPublicKey? TryCreate(JwsAlgorithm algorithm, byte[] x, byte[] y) => Native?.CreateKey(algorithm, x, y);

    private static ReadOnlySpan<byte> CurveName(JwsAlgorithm algorithm) => algorithm switch
    {
        JwsAlgorithm.ES256 => "P-256\0"u8,
        JwsAlgorithm.ES384 => "P-384\0"u8,
        _ => "P-521\0"u8,
    };

    private static bool SelfTest(Functions native)
    {
        foreach (var (algorithm, curve, hash) in new[]
        {
            (JwsAlgorithm.ES256, ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256),
            (JwsAlgorithm.ES384, ECCurve.NamedCurves.nistP384, HashAlgorithmName.SHA384),
            (JwsAlgorithm.ES512, ECCurve.NamedCurves.nistP521, HashAlgorithmName.SHA512),
        })
        {
            using var signer = ECDsa.Create(curve);
            var q = signer.ExportParameters(includePrivateParameters: false).Q;
            using var key = native.CreateKey(algorithm, q.X!, q.Y!);
            if (key is null)
            {
                return false;
            }

            var digest = hash == HashAlgorithmName.SHA256 ? SHA256.HashData("self-test"u8)
                : hash == HashAlgorithmName.SHA384 ? SHA384.HashData("self-test"u8)
                : SHA512.HashData("self-test"u8);
            var signature = signer.SignHash(digest);
            var changedSignature = (byte[])signature.Clone();
            changedSignature[^1] ^= 1;
            var changedDigest = (byte[])digest.Clone();
            changedDigest[0] ^= 1;
            if (!key.Verify(digest, signature) || key.Verify(digest, changedSignature) || key.Verify(changedDigest, signature))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An EC public key held by libcrypto; freed when disposed or finalized.</summary>
    internal sealed class EcPublicKey : SafeHandle
    {
        private readonly Functions _native;
        private readonly int _fieldSize;

        internal EcPublicKey(Functions native, nint ecKey, int fieldSize)
            : base(0, ownsHandle: true)
        {
            _native = native;
            _fieldSize = fieldSize;
            SetHandle(ecKey);
        }

        public override bool IsInvalid => handle == 0;

        /// <summary>Verifies an r‖s signature over a digest; <see langword="false"/> for a wrong size, a bad signature or any error.</summary>
        public bool Verify(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
        {
            if (signature.Length != 2 * _fieldSize)
            {
                return false;
            }

            var added = false;
            try
            {
                DangerousAddRef(ref added);
                return _native.Verify(handle, digest, signature[.._fieldSize], signature[_fieldSize..]);
            }
            finally
            {
                if (added)
                {
                    DangerousRelease();
                }
            }
        }

        protected override bool ReleaseHandle()
        {
            _native.FreeKey(handle);
            return true;
        }
    }

    /// <summary>The EC functions of the loaded libcrypto.</summary>
    internal sealed class Functions
    {
        private readonly delegate* unmanaged<byte*, int> _curveNid;
        private readonly delegate* unmanaged<int, nint> _keyByCurve;
        private readonly delegate* unmanaged<nint, nint, nint, int> _setPublicKey;
        private readonly delegate* unmanaged<nint, void> _freeKey;
        private readonly delegate* unmanaged<byte*, int, nint, nint> _bytesToNumber;
        private readonly delegate* unmanaged<nint, void> _freeNumber;
        private readonly delegate* unmanaged<nint> _newSignature;
        private readonly delegate* unmanaged<nint, nint, nint, int> _setSignature;
        private readonly delegate* unmanaged<nint, void> _freeSignature;
        private readonly delegate* unmanaged<byte*, int, nint, nint, int> _verify;
        private readonly delegate* unmanaged<void> _clearErrors;

        private Functions()
        {
            _curveNid = (delegate* unmanaged<byte*, int>)Libcrypto.Export("EC_curve_nist2nid");
            _keyByCurve = (delegate* unmanaged<int, nint>)Libcrypto.Export("EC_KEY_new_by_curve_name");
            _setPublicKey = (delegate* unmanaged<nint, nint, nint, int>)Libcrypto.Export("EC_KEY_set_public_key_affine_coordinates");
            _freeKey = (delegate* unmanaged<nint, void>)Libcrypto.Export("EC_KEY_free");
            _bytesToNumber = (delegate* unmanaged<byte*, int, nint, nint>)Libcrypto.Export("BN_bin2bn");
            _freeNumber = (delegate* unmanaged<nint, void>)Libcrypto.Export("BN_free");
            _newSignature = (delegate* unmanaged<nint>)Libcrypto.Export("ECDSA_SIG_new");
            _setSignature = (delegate* unmanaged<nint, nint, nint, int>)Libcrypto.Export("ECDSA_SIG_set0");
            _freeSignature = (delegate* unmanaged<nint, void>)Libcrypto.Export("ECDSA_SIG_free");
            _verify = (delegate* unmanaged<byte*, int, nint, nint, int>)Libcrypto.Export("ECDSA_do_verify");
            _clearErrors = (delegate* unmanaged<void>)Libcrypto.Export("ERR_clear_error");
        }

        public static Functions? TryLoad()
        {
            if (Libcrypto.Name is null)
            {
                return null;
            }

            try
            {
                var native = new Functions();
                return SelfTest(native) ? native : null;
            }
            catch (EntryPointNotFoundException)
            {
                return null; // built without the EC_KEY functions: the BCL verifies
            }
            catch (CryptographicException)
            {
                return null;
            }
        }

        public EcPublicKey? CreateKey(JwsAlgorithm algorithm, byte[] x, byte[] y)
        {
            var size = JwsAlgorithms.EcdsaFieldSize(algorithm);
            if (x.Length != size || y.Length != size)
            {
                return null;
            }

            int nid;
            fixed (byte* name = CurveName(algorithm))
            {
                nid = _curveNid(name);
            }

            var key = nid == 0 ? 0 : _keyByCurve(nid);
            if (key == 0)
            {
                _clearErrors();
                return null;
            }

            nint bx = 0, by = 0;
            try
            {
                fixed (byte* px = x)
                {
                    fixed (byte* py = y)
                    {
                        bx = _bytesToNumber(px, x.Length, 0);
                        by = _bytesToNumber(py, y.Length, 0);
                    }
                }

                // Checks that the point is on the curve (EC_KEY_check_key), as the BCL's import does.
                if (bx == 0 || by == 0 || _setPublicKey(key, bx, by) != 1)
                {
                    _clearErrors();
                    _freeKey(key);
                    return null;
                }

                return new EcPublicKey(this, key, size);
            }
            finally
            {
                if (bx != 0)
                {
                    _freeNumber(bx);
                }

                if (by != 0)
                {
                    _freeNumber(by);
                }
            }
        }

        public void FreeKey(nint key) => _freeKey(key);

        public bool Verify(nint key, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> r, ReadOnlySpan<byte> s)
        {
            var signature = _newSignature();
            if (signature == 0)
            {
                _clearErrors();
                return false;
            }

            nint br, bs;
            fixed (byte* pr = r)
            {
                fixed (byte* ps = s)
                {
                    br = _bytesToNumber(pr, r.Length, 0);
                    bs = _bytesToNumber(ps, s.Length, 0);
                }
            }

            int result;
            if (br == 0 || bs == 0 || _setSignature(signature, br, bs) != 1)
            {
                // Not owned by the signature: free them here.
                if (br != 0)
                {
                    _freeNumber(br);
                }

                if (bs != 0)
                {
                    _freeNumber(bs);
                }

                result = -1;
            }
            else
            {
                fixed (byte* pd = digest)
                {
                    result = _verify(pd, digest.Length, signature, key);
                }
            }

            _freeSignature(signature);
            if (result != 1)
            {
                _clearErrors(); // a refused signature leaves an entry on this thread's OpenSSL error queue
            }

            return result == 1;
        }
    }
}

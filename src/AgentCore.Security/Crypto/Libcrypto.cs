using System.Runtime.InteropServices;

namespace AgentCore.Security.Crypto;

/// <summary>
/// The platform's OpenSSL libcrypto, for the signature layer's direct calls (<see cref="Sha2"/>,
/// <see cref="DirectEcdsa"/>): loaded only on Linux, only when OpenSSL is not in FIPS mode (the functions
/// used would bypass the FIPS provider), and only when the <see cref="DisableSwitch"/> AppContext switch
/// is not set. Each user binds its own functions and runs its own self-test against the BCL before use.
/// </summary>
internal static unsafe class Libcrypto
{
    /// <summary>The AppContext switch that turns every direct libcrypto path off.</summary>
    public const string DisableSwitch = "AgentCore.Security.DisableDirectLibcrypto";

    private static readonly (nint Handle, string? Name) Loaded = Load();

    /// <summary>Gets the loaded library's file name, or <see langword="null"/> when none is used.</summary>
    public static string? Name => Loaded.Name;

    /// <summary>Gets an exported function; throws <see cref="EntryPointNotFoundException"/> when it is missing.</summary>
    public static nint Export(string name) => NativeLibrary.GetExport(Loaded.Handle, name);

    private static (nint Handle, string? Name) Load()
    {
        if (!OperatingSystem.IsLinux() || (AppContext.TryGetSwitch(DisableSwitch, out var disabled) && disabled))
        {
            return (0, null);
        }

        foreach (var candidate in (ReadOnlySpan<string>)["libcrypto.so.3", "libcrypto.so.1.1"])
        {
            if (NativeLibrary.TryLoad(candidate, out var library))
            {
                return IsFipsMode(library) ? (0, null) : (library, candidate);
            }
        }

        return (0, null);
    }

    private static bool IsFipsMode(nint library)
    {
        // OpenSSL 3: the default library context's properties; OpenSSL 1.1: FIPS_mode().
        if (NativeLibrary.TryGetExport(library, "EVP_default_properties_is_fips_enabled", out var fips3))
        {
            return ((delegate* unmanaged<nint, int>)fips3)(0) != 0;
        }

        return NativeLibrary.TryGetExport(library, "FIPS_mode", out var fips11) && ((delegate* unmanaged<int>)fips11)() != 0;
    }
}

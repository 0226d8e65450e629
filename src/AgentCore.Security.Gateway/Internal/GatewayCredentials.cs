using System.Security.Cryptography;
using AgentCore.Security.TokenExchange;
using Microsoft.IdentityModel.Tokens;

namespace AgentCore.Security.Gateway.Internal;

/// <summary>Turns a configured credential into the exchanger's client authentication; files are read relative to the configuration.</summary>
internal static class GatewayCredentials
{
    public static void Apply(GatewayClientCredentialOptions credential, string baseDirectory, TokenExchangeOptions options)
    {
        options.ClientId = credential.ClientId;
        if (!string.IsNullOrEmpty(credential.PrivateKeyFile))
        {
            options.ClientAuthentication = ClientAuthenticationMethod.PrivateKeyJwt;
            options.ClientAssertionSigningCredentials = SigningKey(File.ReadAllText(Path.GetFullPath(credential.PrivateKeyFile, baseDirectory)), credential.PrivateKeyId!);
        }
        else if (!string.IsNullOrEmpty(credential.ClientAssertionFile))
        {
            options.ClientAuthentication = ClientAuthenticationMethod.ClientAssertion;
            options.ClientAssertionSource = new WorkloadJwtFileAssertionSource(Path.GetFullPath(credential.ClientAssertionFile, baseDirectory), credential.ClientAssertionType);
        }
        else
        {
            options.ClientSecret = credential.ClientSecret ?? File.ReadAllText(Path.GetFullPath(credential.ClientSecretFile!, baseDirectory)).Trim();
        }
    }

    // An RSA key signs RS256; an EC key the ES algorithm of its curve.
    private static SigningCredentials SigningKey(string pem, string keyId)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = keyId }, SecurityAlgorithms.RsaSha256);
        }
        catch (Exception outer) when (outer is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            var ecdsa = ECDsa.Create();
            try
            {
                ecdsa.ImportFromPem(pem);
            }
            catch (Exception inner) when (inner is ArgumentException or CryptographicException)
            {
                ecdsa.Dispose();
                throw new ArgumentException("PrivateKeyFile holds no RSA or EC private key in PEM.", inner);
            }

            var algorithm = ecdsa.KeySize switch
            {
                256 => SecurityAlgorithms.EcdsaSha256,
                384 => SecurityAlgorithms.EcdsaSha384,
                521 => SecurityAlgorithms.EcdsaSha512,
                var size => throw new ArgumentException($"PrivateKeyFile holds an EC key of {size} bits; P-256, P-384 or P-521 are supported."),
            };
            return new SigningCredentials(new ECDsaSecurityKey(ecdsa) { KeyId = keyId }, algorithm);
        }
    }
}

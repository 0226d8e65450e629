using System.Security.Cryptography;
using AgentCore.Security.DevTokenService;
using AgentCore.Security.Jwt;
using Microsoft.IdentityModel.Tokens;

namespace AgentCore.Security.IntegrationTests.Infrastructure;

/// <summary>One development token service (a real OpenIddict server on loopback) shared by a test class.</summary>
public sealed class TokenServiceFixture : IAsyncLifetime
{
    public ECDsa KeyAgentKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public DevTokenServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var publicKey = new ECDsaSecurityKey(ECDsa.Create(KeyAgentKey.ExportParameters(false))) { KeyId = "key-agent-1" };
        var jwks = new JsonWebKeySet();
        jwks.Keys.Add(JsonWebKeyConverter.ConvertFromECDsaSecurityKey(publicKey));
        Server = await DevTokenServer.StartAsync(Fleet.Options(keyAgentKeys: jwks));

        // One token before any test: the first request compiles the server's whole pipeline, which on a
        // loaded CI machine can outlast a client's attempt timeout.
        await TokenServiceClient.UserTokenAsync(Server, "alice", "coordinator", "triage read:alerts");
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        KeyAgentKey.Dispose();
    }

    /// <summary>A validator for tokens issued to <paramref name="audience"/>, with the keys from discovery.</summary>
    public TokenChainValidator Validator(string audience) => new(new TokenChainValidatorOptions
    {
        Audience = audience,
        RequireHttpsMetadata = false,
        Issuers = { new TrustedIssuer(Server.Issuer) { MetadataAddress = Server.MetadataAddress } },
    });
}

using AgentCore.Security.IntegrationTests.Infrastructure;
using AgentCore.Security.TokenExchange;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace AgentCore.Security.IntegrationTests.TokenExchange;

/// <summary>
/// An agent with no secret of its own: its client assertion is a workload JWT that another process writes to a file and
/// rotates (a SPIFFE JWT-SVID, say), sent to the real OpenIddict token service as an RFC 7523 client assertion.
/// </summary>
public sealed class WorkloadJwtFileTests(TokenServiceFixture tokenService) : IClassFixture<TokenServiceFixture>, IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"workload-{Guid.NewGuid():N}.jwt");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => File.Delete(_file);

    [Fact]
    public async Task ClientCredentials_WithTheWorkloadJwtFromAFile_AreGranted_AndARotatedFileIsReadAgain()
    {
        var exchanger = Exchanger();
        await WriteWorkloadJwtAsync(TimeProvider.System);
        var first = await exchanger.ExchangeAsync(new TokenExchangeRequest { Audiences = ["alerts-api"], Scopes = ["read:alerts"] }, Cancel);

        await WriteWorkloadJwtAsync(TimeProvider.System); // the rotator writes a new one
        var second = await exchanger.ExchangeAsync(new TokenExchangeRequest { Audiences = ["alerts-api"], Scopes = ["read:alerts"] }, Cancel);

        first.Status.ShouldBe(TokenExchangeStatus.Success, first.Message);
        second.Status.ShouldBe(TokenExchangeStatus.Success, second.Message);
        using var validator = tokenService.Validator("alerts-api");
        (await validator.ValidateAsync(second.Token!.AccessToken, Cancel)).Chain!.Subject.ShouldBe("key-agent");
    }

    [Fact]
    public async Task AnExpiredWorkloadJwt_IsRefusedBeforeTheTokenServiceIsAsked_NamingTheFile()
    {
        var exchanger = Exchanger();
        await WriteWorkloadJwtAsync(new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2)));

        var result = await exchanger.ExchangeAsync(new TokenExchangeRequest { Audiences = ["alerts-api"] }, Cancel);

        result.Status.ShouldBe(TokenExchangeStatus.ClientAssertionFailed);
        result.Message.ShouldContain("expired");
        result.Message.ShouldContain(_file);
    }

    [Fact]
    public async Task AMissingWorkloadJwtFile_IsRefused_NamingTheFile()
    {
        var result = await Exchanger().ExchangeAsync(new TokenExchangeRequest { Audiences = ["alerts-api"] }, Cancel);

        result.Status.ShouldBe(TokenExchangeStatus.ClientAssertionFailed);
        result.Message.ShouldContain("does not exist");
    }

    private TokenExchanger Exchanger() => new(new HttpClient(), new TokenExchangeOptions
    {
        TokenEndpoint = tokenService.Server.TokenEndpoint,
        RequireHttps = false,
        ClientId = "key-agent",
        ClientAuthentication = ClientAuthenticationMethod.ClientAssertion,
        ClientAssertionSource = new WorkloadJwtFileAssertionSource(_file),
        EnableCaching = false,
    });

    // What the workload identity process does: mint a short JWT for this agent and write it where the agent reads it.
    private async Task WriteWorkloadJwtAsync(TimeProvider clock)
    {
        var key = new ECDsaSecurityKey(tokenService.KeyAgentKey) { KeyId = "key-agent-1" };
        var minter = new PrivateKeyJwtAssertionSource(new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256), TimeSpan.FromMinutes(5), clock);
        var jwt = await minter.GetAssertionAsync(new ClientAssertionContext("key-agent", tokenService.Server.Issuer, tokenService.Server.TokenEndpoint), Cancel);
        await File.WriteAllTextAsync(_file, jwt.Value + "\n", Cancel);
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Text;
using AgentCore.Security.TokenExchange;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentCore.Security.Tests.TokenExchange;

/// <summary>What goes on the wire for each client authentication method (an in-memory token endpoint records the form).</summary>
public sealed class ClientAuthenticationTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ClientAssertionSource_SpiffeSvid_IsSentAsJwtSpiffe()
    {
        var endpoint = new RecordingEndpoint();
        var exchanger = Exchanger(endpoint, o =>
        {
            o.ClientAuthentication = ClientAuthenticationMethod.ClientAssertion;
            o.ClientAssertionSource = new FixedAssertion(new ClientAssertion(ClientAssertionTypes.JwtSpiffe, "svid.jwt.value"));
        });

        var result = await exchanger.ExchangeAsync(new TokenExchangeRequest { SubjectToken = "inbound", Audiences = ["alerts-api"], Scopes = ["read:alerts"] }, Cancel);

        result.IsSuccess.ShouldBeTrue(result.Message);
        var form = endpoint.Forms.ShouldHaveSingleItem();
        form["client_assertion_type"].ShouldBe("urn:ietf:params:oauth:client-assertion-type:jwt-spiffe");
        form["client_assertion"].ShouldBe("svid.jwt.value");
        form["client_id"].ShouldBe("security-agent");
        form["grant_type"].ShouldBe("urn:ietf:params:oauth:grant-type:token-exchange");
        form["subject_token"].ShouldBe("inbound");
        form["subject_token_type"].ShouldBe(TokenTypeIdentifiers.AccessToken);
        form["audience"].ShouldBe("alerts-api");
        form["scope"].ShouldBe("read:alerts");
        form.ContainsKey("client_secret").ShouldBeFalse();
        endpoint.Authorization.ShouldAllBe(a => a == null);
    }

    [Fact]
    public async Task ClientSecretBasic_FormEncodesIdAndSecret()
    {
        var endpoint = new RecordingEndpoint();
        var exchanger = Exchanger(endpoint, o => o.ClientSecret = "s3cr:t +");

        await exchanger.ExchangeAsync(new TokenExchangeRequest { Resources = ["https://alerts.example"] }, Cancel);

        var basic = endpoint.Authorization.ShouldHaveSingleItem()!;
        Encoding.UTF8.GetString(Convert.FromBase64String(basic)).ShouldBe("security-agent:s3cr%3At+%2B");
        var form = endpoint.Forms.Single();
        form["grant_type"].ShouldBe("client_credentials");
        form["resource"].ShouldBe("https://alerts.example");
    }

    [Fact]
    public async Task PrivateKeyJwt_EachAssertionHasAFreshJtiAndNamesTheAudience()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var source = new PrivateKeyJwtAssertionSource(new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = "k1" }, SecurityAlgorithms.EcdsaSha256), timeProvider: clock);
        var context = new ClientAssertionContext("security-agent", "https://idp.example/", new Uri("https://idp.example/token"));

        var first = new JsonWebToken((await source.GetAssertionAsync(context, Cancel)).Value);
        var second = new JsonWebToken((await source.GetAssertionAsync(context, Cancel)).Value);

        first.Issuer.ShouldBe("security-agent");
        first.Subject.ShouldBe("security-agent");
        first.Audiences.ShouldBe(["https://idp.example/"]);
        first.Typ.ShouldBe("client-authentication+jwt");
        first.Id.ShouldNotBe(second.Id);
        first.ValidTo.ShouldBe(clock.GetUtcNow().UtcDateTime.AddMinutes(1));
    }

    [Fact]
    public async Task ClientAssertionSource_Throwing_FailsWithoutARequest()
    {
        var endpoint = new RecordingEndpoint();
        var exchanger = Exchanger(endpoint, o =>
        {
            o.ClientAuthentication = ClientAuthenticationMethod.ClientAssertion;
            o.ClientAssertionSource = new ThrowingAssertion();
        });

        var result = await exchanger.ExchangeAsync(new TokenExchangeRequest { Audiences = ["x"] }, Cancel);

        result.Status.ShouldBe(TokenExchangeStatus.ClientAssertionFailed);
        endpoint.Forms.ShouldBeEmpty();
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var error = Should.Throw<ArgumentException>(() => new TokenExchanger(new HttpClient(), new TokenExchangeOptions { ClientAuthentication = ClientAuthenticationMethod.PrivateKeyJwt, RefreshMargin = TimeSpan.FromHours(2) }));

        error.Message.ShouldContain("ClientId is required");
        error.Message.ShouldContain("Set AgentTokenChain:TokenExchange:TokenEndpoint");
        error.Message.ShouldContain("ClientAssertionSigningCredentials");
        error.Message.ShouldContain("RefreshMargin must be between");
    }

    private static TokenExchanger Exchanger(RecordingEndpoint endpoint, Action<TokenExchangeOptions> configure)
    {
        var options = new TokenExchangeOptions
        {
            TokenEndpoint = new Uri("https://idp.example/connect/token"),
            ClientId = "security-agent",
            ClientSecret = "secret",
            EnableCaching = false,
        };
        configure(options);
        return new TokenExchanger(new HttpClient(endpoint), options);
    }

    private sealed class FixedAssertion(ClientAssertion assertion) : IClientAssertionSource
    {
        public ValueTask<ClientAssertion> GetAssertionAsync(ClientAssertionContext context, CancellationToken cancellationToken) => ValueTask.FromResult(assertion);
    }

    private sealed class ThrowingAssertion : IClientAssertionSource
    {
        public ValueTask<ClientAssertion> GetAssertionAsync(ClientAssertionContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("workload API unreachable");
    }

    /// <summary>An in-memory token endpoint: records each form and answers with a token.</summary>
    private sealed class RecordingEndpoint : HttpMessageHandler
    {
        public List<Dictionary<string, string>> Forms { get; } = [];

        public List<string?> Authorization { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            Forms.Add(body.Split('&').Select(p => p.Split('=')).ToDictionary(p => WebUtility.UrlDecode(p[0]), p => WebUtility.UrlDecode(p[1])));
            Authorization.Add(request.Headers.Authorization?.Parameter);
            var issuedType = Forms[^1]["grant_type"] == "client_credentials" ? string.Empty : "\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\",";
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent($$"""{"access_token":"issued",{{issuedType}}"token_type":"Bearer","expires_in":300}""", Encoding.UTF8, "application/json") };
        }
    }
}

using System.Text;
using AgentCore.Security.TokenExchange.Internal;

namespace AgentCore.Security.Tests.TokenExchange;

public sealed class TokenResponseReaderTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly TokenExchangeRequest Exchange = new() { SubjectToken = "subject", Audiences = ["alerts-api"], Scopes = ["read:alerts"] };

    public static TheoryData<string, string> InvalidResponses => new()
    {
        { "not json", "not JSON" },
        { "[1]", "not a JSON object" },
        { """{"token_type":"Bearer","issued_token_type":"urn:ietf:params:oauth:token-type:access_token"}""", "no access_token" },
        { """{"access_token":"t","token_type":"Bearer"}""", "no issued_token_type" },
        { """{"access_token":"t","token_type":"Bearer","issued_token_type":"urn:ietf:params:oauth:token-type:id_token"}""", "not an access token" },
        { """{"access_token":"t","token_type":"MAC","issued_token_type":"urn:ietf:params:oauth:token-type:access_token"}""", "not Bearer" },
        { """{"access_token":"t","token_type":"Bearer","issued_token_type":"urn:ietf:params:oauth:token-type:access_token","expires_in":-5}""", "expires_in" },
        { """{"access_token":"t","token_type":"Bearer","issued_token_type":"urn:ietf:params:oauth:token-type:access_token","expires_in":"300"}""", "expires_in" },
        { """{"access_token":"t","token_type":"Bearer","issued_token_type":"urn:ietf:params:oauth:token-type:access_token","scope":"bad\"scope"}""", "not a valid scope string" },
        { """{"access_token":"t","token_type":"Bearer","issued_token_type":"urn:ietf:params:oauth:token-type:access_token",}""", "not JSON" },
        { """{"access_token":"t\ud800","token_type":"Bearer","issued_token_type":"urn:ietf:params:oauth:token-type:access_token"}""", "unpaired surrogate" },
        { """{"access_token":"t","token_type":"Bearer","issued_token_type":"urn:ietf:params:oauth:token-type:access_token","scope":"\udc00"}""", "unpaired surrogate" },
    };

    [Fact]
    public void ReadError_UnpairedSurrogateInTheDescription_IsInvalidResponse_NotAnException()
    {
        var result = TokenResponseReader.ReadError(Encoding.UTF8.GetBytes("""{"error":"invalid_grant","error_description":"\ud800"}"""), 400);

        result.Status.ShouldBe(TokenExchangeStatus.InvalidResponse);
        result.Message.ShouldContain("unpaired surrogate");
    }

    [Theory]
    [MemberData(nameof(InvalidResponses))]
    public void ReadToken_UnusableResponse_IsInvalidResponseWithReason(string body, string reason)
    {
        var result = TokenResponseReader.ReadToken(Encoding.UTF8.GetBytes(body), Exchange, Exchange.Scopes, null, Now);

        result.Status.ShouldBe(TokenExchangeStatus.InvalidResponse);
        result.Message.ShouldContain(reason);
        result.Token.ShouldBeNull();
    }

    [Fact]
    public void ReadToken_GrantWiderThanRequested_IsScopeWidened()
    {
        var body = """{"access_token":"t","token_type":"Bearer","issued_token_type":"urn:ietf:params:oauth:token-type:access_token","scope":"read:alerts write:network"}"""u8.ToArray();

        var result = TokenResponseReader.ReadToken(body, Exchange, Exchange.Scopes, null, Now);

        result.Status.ShouldBe(TokenExchangeStatus.ScopeWidened);
        result.Message.ShouldContain("not requested (write:network)");
    }

    // Defect 15: with no scope requested (an origin-targeted call), the grant was never checked.
    [Fact]
    public void ReadToken_NothingRequested_GrantWiderThanTheInboundToken_IsScopeWidened()
    {
        var request = new TokenExchangeRequest { SubjectToken = "subject", Resources = ["https://alerts.example"] };
        var body = """{"access_token":"t","token_type":"Bearer","issued_token_type":"urn:ietf:params:oauth:token-type:access_token","scope":"read:alerts write:network"}"""u8.ToArray();

        var result = TokenResponseReader.ReadToken(body, request, [], ["read:alerts"], Now);

        result.Status.ShouldBe(TokenExchangeStatus.ScopeWidened);
        result.Message.ShouldContain("inbound token does not hold (write:network)");
    }

    [Fact]
    public void ReadToken_NothingRequested_IssuedJwtCarriesAWiderScope_IsScopeWidened()
    {
        var request = new TokenExchangeRequest { SubjectToken = "subject", Resources = ["https://alerts.example"] };
        var jwt = Jwt(exp: Now.AddSeconds(120).ToUnixTimeSeconds(), scope: "read:alerts admin");

        var result = TokenResponseReader.ReadToken(Body(jwt, expiresIn: 60), request, [], ["read:alerts"], Now);

        result.Status.ShouldBe(TokenExchangeStatus.ScopeWidened);
        result.Message.ShouldContain("(admin)");
    }

    [Fact]
    public void ReadToken_NothingRequested_GrantWithinTheInboundToken_Succeeds()
    {
        var request = new TokenExchangeRequest { SubjectToken = "subject", Resources = ["https://alerts.example"] };
        var body = """{"access_token":"t","token_type":"Bearer","issued_token_type":"urn:ietf:params:oauth:token-type:access_token","scope":"read:alerts"}"""u8.ToArray();

        var result = TokenResponseReader.ReadToken(body, request, [], ["read:alerts", "triage"], Now);

        result.IsSuccess.ShouldBeTrue();
        result.Token!.Scopes.ShouldBe(["read:alerts"]);
    }

    [Fact]
    public void ReadToken_OpaqueInboundToken_NothingRequested_AnyGrantIsRefused()
    {
        var request = new TokenExchangeRequest { SubjectToken = "opaque-subject", Resources = ["https://alerts.example"] };
        var body = """{"access_token":"t","token_type":"Bearer","issued_token_type":"urn:ietf:params:oauth:token-type:access_token","scope":"read:alerts"}"""u8.ToArray();

        var result = TokenResponseReader.ReadToken(body, request, [], subjectScopes: null, Now);

        result.Status.ShouldBe(TokenExchangeStatus.ScopeWidened);
    }

    [Fact]
    public void TryReadPayload_ReadsScopeOfAJwt_AndAJwtWithoutScopeHasNone()
    {
        TokenResponseReader.TryReadPayload(Jwt(exp: 1_900_000_000, scope: "a b"), out var exp, out var scopes).ShouldBeTrue();
        exp.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(1_900_000_000));
        scopes.ShouldBe(["a", "b"]);

        TokenResponseReader.TryReadPayload(Jwt(exp: 1_900_000_000), out _, out var none).ShouldBeTrue();
        none.ShouldBeEmpty();

        TokenResponseReader.TryReadPayload("opaque", out _, out var unknown).ShouldBeFalse();
        unknown.ShouldBeNull();
    }

    [Fact]
    public void ReadToken_LifetimeIsTheEarlierOfExpiresInAndExp()
    {
        var jwt = Jwt(exp: Now.AddSeconds(120).ToUnixTimeSeconds());
        var longer = TokenResponseReader.ReadToken(Body(jwt, expiresIn: 300), Exchange, Exchange.Scopes, null, Now);
        var shorter = TokenResponseReader.ReadToken(Body(jwt, expiresIn: 60), Exchange, Exchange.Scopes, null, Now);

        longer.Token!.ExpiresAt.ShouldBe(Now.AddSeconds(120));
        shorter.Token!.ExpiresAt.ShouldBe(Now.AddSeconds(60));
    }

    [Theory]
    [InlineData(-3600)]
    [InlineData(0)]
    public void ReadToken_AJwtThatHasExpiredOnArrival_IsInvalidResponse(int expOffset)
    {
        // Found by fuzzing: it was a success, then cached, dropped as too old and asked for again.
        var jwt = Jwt(exp: Now.AddSeconds(expOffset).ToUnixTimeSeconds());

        var result = TokenResponseReader.ReadToken(Body(jwt, expiresIn: 300), Exchange, Exchange.Scopes, null, Now);

        result.Status.ShouldBe(TokenExchangeStatus.InvalidResponse);
        result.Message.ShouldContain("expired");
    }

    [Fact]
    public void ReadToken_NoScopeInResponse_MeansTheRequestedScopes()
    {
        var result = TokenResponseReader.ReadToken(Body("opaque", expiresIn: 300), Exchange, Exchange.Scopes, null, Now);

        result.IsSuccess.ShouldBeTrue();
        result.Token!.Scopes.ShouldBe(["read:alerts"]);
        result.Token.IssuedTokenType.ShouldBe(TokenTypeIdentifiers.AccessToken);
        result.ToString().ShouldNotContain("opaque");
        result.Token.ToString().ShouldNotContain("opaque");
    }

    [Fact]
    public void ReadToken_ClientCredentials_NeedsNoIssuedTokenType()
    {
        var request = new TokenExchangeRequest { Audiences = ["alerts-api"] };
        var result = TokenResponseReader.ReadToken("""{"access_token":"t","token_type":"bearer","expires_in":60}"""u8.ToArray(), request, [], null, Now);

        result.IsSuccess.ShouldBeTrue();
        result.Token!.ExpiresAt.ShouldBe(Now.AddSeconds(60));
    }

    [Theory]
    [InlineData("""{"error":"invalid_scope","error_description":"too wide"}""", 400, "invalid_scope", "too wide")]
    [InlineData("""{"error":"invalid_client"}""", 401, "invalid_client", null)]
    [InlineData("""{"error":"invalid_target"}""", 400, "invalid_target", null)]
    public void ReadError_OAuthError_CarriesCodeAndDescription(string body, int status, string error, string? description)
    {
        var result = TokenResponseReader.ReadError(Encoding.UTF8.GetBytes(body), status);

        result.Status.ShouldBe(TokenExchangeStatus.OAuthError);
        result.Error.ShouldBe(error);
        result.ErrorDescription.ShouldBe(description);
        result.Message.ShouldContain(error);
    }

    [Theory]
    [InlineData("<html>bad request</html>")]
    [InlineData("""{"message":"no"}""")]
    [InlineData("""{"error":"with\"quote"}""")]
    public void ReadError_WithoutAnOAuthErrorBody_IsInvalidResponse(string body)
    {
        var result = TokenResponseReader.ReadError(Encoding.UTF8.GetBytes(body), 400);

        result.Status.ShouldBe(TokenExchangeStatus.InvalidResponse);
        result.Message.ShouldContain("HTTP 400");
    }

    [Fact]
    public void DefaultResult_IsAFailure()
    {
        default(TokenExchangeResult).IsSuccess.ShouldBeFalse();
        default(TokenExchangeResult).Status.ShouldBe(TokenExchangeStatus.Unknown);
        Should.Throw<ArgumentException>(() => TokenExchangeResult.Failure(TokenExchangeStatus.Success, "no"));
    }

    private static byte[] Body(string token, int expiresIn) => Encoding.UTF8.GetBytes(
        $$"""{"access_token":"{{token}}","token_type":"Bearer","issued_token_type":"urn:ietf:params:oauth:token-type:access_token","expires_in":{{expiresIn}}}""");

    private static string Jwt(long exp, string? scope = null) =>
        "eyJhbGciOiJSUzI1NiJ9." + Convert.ToBase64String(Encoding.UTF8.GetBytes(scope is null ? $$"""{"sub":"alice","exp":{{exp}}}""" : $$"""{"sub":"alice","exp":{{exp}},"scope":"{{scope}}"}""")).TrimEnd('=').Replace('+', '-').Replace('/', '_') + ".c2ln";
}

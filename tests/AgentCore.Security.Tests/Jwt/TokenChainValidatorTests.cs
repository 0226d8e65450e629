using System.Text;
using System.Text.Json.Nodes;
using AgentCore.Security.Jwt;
using AgentCore.Security.Tests.Infrastructure;

namespace AgentCore.Security.Tests.Jwt;

public sealed class TokenChainValidatorTests
{
    internal static readonly TestKey SigningKey = TestKey.Create("RS256");

    private static TestKey Rs256 => SigningKey;

    [Fact]
    public void Validate_TwoActorChain_ReturnsChainOutermostFirst()
    {
        using var validator = ValidatorFactory.Create(Rs256);
        var result = validator.Validate(TestTokens.Create(Rs256));

        result.Status.ShouldBe(JwtValidationStatus.Valid, result.Message);
        var chain = result.Chain!;
        chain.Issuer.ShouldBe(TestTokens.Issuer);
        chain.Subject.ShouldBe("alice");
        chain.ClientId.ShouldBe("security-agent-client");
        chain.Audiences.ShouldBe([TestTokens.Audience]);
        chain.Scopes.ShouldBe(["read:alerts"]);
        chain.TokenId.ShouldBe("jti-1");
        chain.ExpiresAt.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(TestTokens.Now + 300));
        chain.Actors.Select(a => a.Subject).ShouldBe(["security-agent-client", "coordinator"]);
        chain.Actors[0].Scopes.ShouldBe(["read:alerts", "triage"]);
        chain.CurrentActor!.Subject.ShouldBe("security-agent-client");
        chain.GetPrincipalsInDelegationOrder().ShouldBe(["alice", "coordinator", "security-agent-client"]);
        chain.ToString().ShouldBe("alice → coordinator → security-agent-client");
        chain.TokenHash.Length.ShouldBe(12);
    }

    [Theory]
    [InlineData("RS256")]
    [InlineData("RS384")]
    [InlineData("RS512")]
    [InlineData("PS256")]
    [InlineData("PS384")]
    [InlineData("PS512")]
    [InlineData("ES256")]
    [InlineData("ES384")]
    [InlineData("ES512")]
    [InlineData("HS256")]
    [InlineData("EdDSA")]
    public void Validate_EachAlgorithm_AcceptsValidAndRejectsTampered(string alg)
    {
        var key = TestKey.Create(alg);
        using var validator = ValidatorFactory.Create(key);
        var token = TestTokens.Create(key);
        validator.Validate(token).Status.ShouldBe(JwtValidationStatus.Valid);
        validator.Validate(Encoding.ASCII.GetBytes(token)).Status.ShouldBe(JwtValidationStatus.Valid);

        var other = TestTokens.Create(key, TestTokens.Claims().Also(c => c["jti"] = "jti-2"));
        var tampered = other[..other.LastIndexOf('.')] + token[token.LastIndexOf('.')..];
        validator.Validate(tampered).Status.ShouldBe(JwtValidationStatus.InvalidSignature);
    }

    [Fact]
    public void Validate_TokenMintedByJsonWebTokenHandler_IsAccepted()
    {
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();
        var signingKey = new Microsoft.IdentityModel.Tokens.RsaSecurityKey(Rs256.Rsa) { KeyId = Rs256.Kid };
        var token = handler.CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = TestTokens.Issuer,
            Audience = TestTokens.Audience,
            TokenType = "at+jwt",
            IssuedAt = DateTime.UnixEpoch.AddSeconds(TestTokens.Now - 5),
            NotBefore = DateTime.UnixEpoch.AddSeconds(TestTokens.Now - 5),
            Expires = DateTime.UnixEpoch.AddSeconds(TestTokens.Now + 60),
            Claims = new Dictionary<string, object> { ["sub"] = "alice", ["jti"] = "x", ["client_id"] = "coordinator", ["scope"] = "triage" },
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(signingKey, "RS256"),
        });

        using var validator = ValidatorFactory.Create(Rs256);
        validator.Validate(token).Status.ShouldBe(JwtValidationStatus.Valid);
    }

    public static TheoryData<string, JwtValidationStatus> FailureCases() => new()
    {
        { "too large", JwtValidationStatus.TokenTooLarge },
        { "two segments", JwtValidationStatus.Malformed },
        { "four segments", JwtValidationStatus.Malformed },
        { "padding", JwtValidationStatus.Malformed },
        { "whitespace", JwtValidationStatus.Malformed },
        { "non-canonical base64", JwtValidationStatus.Malformed },
        { "non-ascii", JwtValidationStatus.Malformed },
        { "empty", JwtValidationStatus.Malformed },
        { "header not json", JwtValidationStatus.InvalidHeader },
        { "header duplicate alg", JwtValidationStatus.InvalidHeader },
        { "header trailing data", JwtValidationStatus.InvalidHeader },
        { "kid missing", JwtValidationStatus.InvalidHeader },
        { "typ JWT", JwtValidationStatus.InvalidType },
        { "typ missing", JwtValidationStatus.InvalidType },
        { "crit", JwtValidationStatus.UnsupportedHeader },
        { "jku", JwtValidationStatus.UnsupportedHeader },
        { "jwk", JwtValidationStatus.UnsupportedHeader },
        { "x5c", JwtValidationStatus.UnsupportedHeader },
        { "b64", JwtValidationStatus.UnsupportedHeader },
        { "alg none", JwtValidationStatus.UnsupportedAlgorithm },
        { "alg not allowed", JwtValidationStatus.UnsupportedAlgorithm },
        { "alg differs from key", JwtValidationStatus.UnsupportedAlgorithm },
        { "HS256 with the RSA public key", JwtValidationStatus.UnsupportedAlgorithm },
        { "unknown kid", JwtValidationStatus.KeyNotFound },
        { "bad signature", JwtValidationStatus.InvalidSignature },
        { "payload duplicate member", JwtValidationStatus.MalformedPayload },
        { "payload nested duplicate", JwtValidationStatus.MalformedPayload },
        { "payload trailing data", JwtValidationStatus.MalformedPayload },
        { "payload invalid utf8", JwtValidationStatus.MalformedPayload },
        { "payload too deep", JwtValidationStatus.MalformedPayload },
        { "exp is a string", JwtValidationStatus.MalformedPayload },
        { "exp is NaN-like huge", JwtValidationStatus.MalformedPayload },
        { "exp negative", JwtValidationStatus.MalformedPayload },
        { "aud is a number", JwtValidationStatus.MalformedPayload },
        { "jti missing", JwtValidationStatus.MissingClaim },
        { "exp missing", JwtValidationStatus.MissingClaim },
        { "client_id missing", JwtValidationStatus.MissingClaim },
        { "wrong issuer", JwtValidationStatus.InvalidIssuer },
        { "wrong audience", JwtValidationStatus.InvalidAudience },
        { "audience array without us", JwtValidationStatus.InvalidAudience },
        { "expired", JwtValidationStatus.Expired },
        { "not yet valid", JwtValidationStatus.NotYetValid },
        { "issued in future", JwtValidationStatus.IssuedInFuture },
        { "scope double space", JwtValidationStatus.InvalidScope },
        { "scope with quote", JwtValidationStatus.InvalidScope },
        { "actor scope invalid", JwtValidationStatus.InvalidScope },
        { "required scope missing", JwtValidationStatus.InsufficientScope },
        { "act is a string", JwtValidationStatus.InvalidChain },
        { "act without sub", JwtValidationStatus.InvalidChain },
        { "act with empty sub", JwtValidationStatus.InvalidChain },
        { "act unknown member", JwtValidationStatus.InvalidChain },
        { "chain depth 5", JwtValidationStatus.ChainTooDeep },
        { "actor repeats subject", JwtValidationStatus.ChainPrincipalRepeated },
        { "actor repeats actor", JwtValidationStatus.ChainPrincipalRepeated },
        { "current actor is not client_id", JwtValidationStatus.ChainActorMismatch },
        { "token scope wider than actor", JwtValidationStatus.ChainScopeWidened },
        { "inner actor scope narrower than outer", JwtValidationStatus.ChainScopeWidened },
        { "azp is not the current actor while client_id is", JwtValidationStatus.ChainActorMismatch },
        { "sub forging an audit line", JwtValidationStatus.InvalidIdentifier },
        { "sub with an escaped C1 control", JwtValidationStatus.InvalidIdentifier },
        { "sub with a raw C1 control", JwtValidationStatus.InvalidIdentifier },
        { "sub with a line separator", JwtValidationStatus.InvalidIdentifier },
        { "sub with a paragraph separator", JwtValidationStatus.InvalidIdentifier },
        { "sub with DEL", JwtValidationStatus.InvalidIdentifier },
        { "iss with a control", JwtValidationStatus.InvalidIdentifier },
        { "aud value with a control", JwtValidationStatus.InvalidIdentifier },
        { "jti with a control", JwtValidationStatus.InvalidIdentifier },
        { "client_id with a control", JwtValidationStatus.InvalidIdentifier },
        { "azp with a control", JwtValidationStatus.InvalidIdentifier },
        { "act sub with a control", JwtValidationStatus.InvalidIdentifier },
        { "act iss with a control", JwtValidationStatus.InvalidIdentifier },
        { "act client_id with a control", JwtValidationStatus.InvalidIdentifier },
        { "may_act sub with a control", JwtValidationStatus.InvalidIdentifier },
        { "may_act names another actor", JwtValidationStatus.ChainActorNotPermitted },
        { "may_act names the actor at another issuer", JwtValidationStatus.ChainActorNotPermitted },
        { "may_act is a string", JwtValidationStatus.InvalidChain },
        { "may_act without sub", JwtValidationStatus.InvalidChain },
    };

    [Theory]
    [MemberData(nameof(FailureCases))]
    public void Validate_FailureCase_ReturnsItsStatus(string name, JwtValidationStatus expected)
    {
        using var validator = ValidatorFactory.Create(Rs256, configure: o => o.RequiredScopes.Add("read:alerts"));
        var token = FailureToken(name);

        var result = validator.Validate(token);

        result.Status.ShouldBe(expected, $"{name}: {result.Message}");
        result.IsValid.ShouldBeFalse();
        result.Chain.ShouldBeNull();
        result.Message.ShouldNotBeNullOrWhiteSpace();
        result.Message.ShouldNotContain("alice");
    }

    [Fact]
    public void FailureCases_CoverEveryFailureStatus()
    {
        var covered = FailureCases().Select(row => (JwtValidationStatus)row.Data.Item2).ToHashSet();
        var all = Enum.GetValues<JwtValidationStatus>().Where(s => s is not (JwtValidationStatus.Unknown or JwtValidationStatus.Valid));
        all.Where(s => !covered.Contains(s)).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_CurrentActorIsNotAzp_ReturnsChainActorMismatch()
    {
        using var validator = ValidatorFactory.Create(Rs256, configure: o => o.RequiredClaims.Remove("client_id"));
        var claims = TestTokens.Claims().Also(c => { c.Remove("client_id"); c["azp"] = "someone-else"; });
        validator.Validate(TestTokens.Create(Rs256, claims)).Status.ShouldBe(JwtValidationStatus.ChainActorMismatch);
        claims["azp"] = "security-agent-client";
        validator.Validate(TestTokens.Create(Rs256, claims)).Status.ShouldBe(JwtValidationStatus.Valid);
    }

    // Defect 8: a mismatching azp passed when client_id matched; a may_act naming another actor was ignored.
    [Fact]
    public void Validate_MayActNamingTheCurrentActor_IsAccepted_WithOrWithoutIssuer()
    {
        using var validator = ValidatorFactory.Create(Rs256);
        var claims = TestTokens.Claims().Also(c => c["may_act"] = new JsonObject { ["sub"] = "security-agent-client" });
        validator.Validate(TestTokens.Create(Rs256, claims)).Status.ShouldBe(JwtValidationStatus.Valid);

        claims["may_act"] = new JsonObject { ["sub"] = "security-agent-client", ["iss"] = TestTokens.Issuer, ["ext"] = new JsonObject { ["x"] = 1 } };
        validator.Validate(TestTokens.Create(Rs256, claims)).Status.ShouldBe(JwtValidationStatus.Valid);
    }

    [Fact]
    public void Validate_AzpInPlaceOfClientId_SatisfiesTheDefaultRequiredClaims()
    {
        // The README says azp (Keycloak) is accepted in place of client_id; the default required claims refused it.
        using var validator = ValidatorFactory.Create(Rs256);
        var claims = TestTokens.Claims().Also(c => { c.Remove("client_id"); c["azp"] = "security-agent-client"; });

        var result = validator.Validate(TestTokens.Create(Rs256, claims));

        result.Status.ShouldBe(JwtValidationStatus.Valid, result.Message);
        result.Chain!.ClientId.ShouldBe("security-agent-client");
    }

    [Fact]
    public void Validate_ForgedAuditLine_IsRefusedWithAMessageThatDoesNotRepeatIt()
    {
        using var validator = ValidatorFactory.Create(Rs256);

        var result = validator.Validate(FailureToken("sub forging an audit line"));

        result.Status.ShouldBe(JwtValidationStatus.InvalidIdentifier);
        result.Message.ShouldContain("'sub'");
        result.Message.ShouldNotContain("fake");
    }

    [Theory]
    [InlineData("{\"alg\":\"RS256\",\"kid\":\"\\ud800\",\"typ\":\"at+jwt\"}", "kid with an unpaired surrogate escape")]
    [InlineData("{\"alg\":\"RS256\",\"kid\":\"rs256-key\",\"typ\":\"at+jwt\",\"\\udc00\":1}", "member name with an unpaired surrogate escape")]
    [InlineData("{\"alg\":\"RS256\",\"kid\":\"rs256-key\",\"typ\":\"at+jwt\",\"x\":\"\\ud800\\u0041\"}", "high surrogate followed by a non-surrogate")]
    public void Validate_HeaderWithUnpairedSurrogateEscape_IsRefusedBeforeTheSignature_WithoutThrowing(string headerJson, string why)
    {
        // The header is read before any signature check: anyone can send this. It must be a status, never an exception.
        using var validator = ValidatorFactory.Create(Rs256);
        var token = TestTokens.B64(headerJson) + "." + TestTokens.B64(TestTokens.Claims().ToJsonString()) + ".c2ln";

        var result = validator.Validate(token);

        result.Status.ShouldBeOneOf([JwtValidationStatus.InvalidHeader, JwtValidationStatus.UnsupportedAlgorithm], why);
        result.Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("sub")]
    [InlineData("scope")]
    [InlineData("client_id")]
    public void Validate_SignedPayloadWithUnpairedSurrogateEscape_IsMalformedPayload(string claim)
    {
        using var validator = ValidatorFactory.Create(Rs256);
        var payload = TestTokens.Claims().ToJsonString().Replace($"\"{claim}\":\"", $"\"{claim}\":\"\\ud800", StringComparison.Ordinal);
        payload.ShouldContain("\\ud800");

        validator.Validate(TestTokens.CreateRaw(Rs256, TestTokens.Header(Rs256).ToJsonString(), payload)).Status.ShouldBe(JwtValidationStatus.MalformedPayload);
    }

    [Fact]
    public void Validate_EscapedNamesAndValues_AreReadUnescaped_AndDuplicatesSeenThroughEscapes()
    {
        using var validator = ValidatorFactory.Create(Rs256);
        var header = TestTokens.Header(Rs256).ToJsonString();
        var escaped = TestTokens.Claims().ToJsonString()
            .Replace("\"sub\":\"alice\"", "\"s\\u0075b\":\"al\\u0069ce\"", StringComparison.Ordinal);
        escaped.ShouldContain("\\u0075");

        var result = validator.Validate(TestTokens.CreateRaw(Rs256, header, escaped));
        result.Status.ShouldBe(JwtValidationStatus.Valid, result.Message);
        result.Chain!.Subject.ShouldBe("alice");

        // "sub" written once plainly and once escaped is still a duplicate.
        var duplicate = "{\"sub\":\"mallory\"," + escaped[1..];
        validator.Validate(TestTokens.CreateRaw(Rs256, header, duplicate)).Status.ShouldBe(JwtValidationStatus.MalformedPayload);
    }

    [Fact]
    public void Default_Result_IsFailure()
    {
        var result = default(JwtValidationResult);
        result.IsValid.ShouldBeFalse();
        result.Status.ShouldBe(JwtValidationStatus.Unknown);
        result.Chain.ShouldBeNull();
    }

    [Fact]
    public void Validate_WithoutKidWhenNotRequired_FindsKeyByAlgorithm()
    {
        using var validator = ValidatorFactory.Create(Rs256, configure: o => o.RequireKeyId = false);
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "at+jwt" };
        validator.Validate(TestTokens.Create(Rs256, header: header)).Status.ShouldBe(JwtValidationStatus.Valid);
    }

    [Fact]
    public void Validate_TypIsCaseInsensitive()
    {
        using var validator = ValidatorFactory.Create(Rs256);
        validator.Validate(TestTokens.Create(Rs256, header: TestTokens.Header(Rs256, "Application/AT+JWT"))).Status.ShouldBe(JwtValidationStatus.Valid);
    }

    [Fact]
    public void Validate_EscapedClaimNamesAndValues_AreUnescaped()
    {
        using var validator = ValidatorFactory.Create(Rs256);
        var payload = TestTokens.Claims().ToJsonString().Replace("\"client_id\":\"security-agent-client\"", "\"client\\u005fid\":\"security-agent\\u002dclient\"", StringComparison.Ordinal);
        var result = validator.Validate(TestTokens.CreateRaw(Rs256, TestTokens.Header(Rs256).ToJsonString(), payload));
        result.Status.ShouldBe(JwtValidationStatus.Valid, result.Message);
        result.Chain!.ClientId.ShouldBe("security-agent-client");
    }

    [Fact]
    public void Validate_DuplicateMemberWrittenWithEscape_IsDetected()
    {
        using var validator = ValidatorFactory.Create(Rs256);
        var payload = TestTokens.Claims().ToJsonString().TrimEnd('}') + ",\"s\\u0075b\":\"mallory\"}";
        validator.Validate(TestTokens.CreateRaw(Rs256, TestTokens.Header(Rs256).ToJsonString(), payload)).Status.ShouldBe(JwtValidationStatus.MalformedPayload);
    }

    [Fact]
    public void Validate_ChainDepthWithinConfiguredLimit_IsAccepted()
    {
        using var validator = ValidatorFactory.Create(Rs256, configure: o => o.MaxChainDepth = 5);
        validator.Validate(FailureToken("chain depth 5")).Status.ShouldBe(JwtValidationStatus.Valid);
    }

    [Fact]
    public void Validate_RepeatedPrincipalsWhenAllowed_IsAccepted()
    {
        using var validator = ValidatorFactory.Create(Rs256, configure: o => o.AllowRepeatedPrincipals = true);
        validator.Validate(FailureToken("actor repeats actor")).Status.ShouldBe(JwtValidationStatus.Valid);
    }

    [Fact]
    public void Validate_ActorsWithoutRecordedScope_AreSkippedInNarrowing()
    {
        using var validator = ValidatorFactory.Create(Rs256);
        var claims = TestTokens.Claims();
        claims["act"]!.AsObject().Remove("scope");
        validator.Validate(TestTokens.Create(Rs256, claims)).Status.ShouldBe(JwtValidationStatus.Valid);
        claims["scope"] = "read:alerts admin";
        validator.Validate(TestTokens.Create(Rs256, claims)).Status.ShouldBe(JwtValidationStatus.ChainScopeWidened);
    }

    [Fact]
    public void Validate_SeveralIssuers_BindIssuerToKey()
    {
        var otherKey = TestKey.Create("ES256", "other-key");
        var options = ValidatorFactory.Options(Rs256);
        options.Issuers.Add(new TrustedIssuer("https://other.test").AddKeys(otherKey.Verification));
        using var validator = new TokenChainValidator(options, ValidatorFactory.Clock());

        validator.Validate(TestTokens.Create(otherKey, TestTokens.Claims().Also(c => c["iss"] = "https://other.test"))).Status.ShouldBe(JwtValidationStatus.Valid);

        // A token claiming issuer A but signed by issuer B's key is refused.
        validator.Validate(TestTokens.Create(otherKey)).Status.ShouldBe(JwtValidationStatus.InvalidIssuer);
    }

    internal static string FailureToken(string name)
    {
        var key = Rs256;
        var header = TestTokens.Header(key).ToJsonString();
        var claims = TestTokens.Claims();
        string Sign(JsonObject c) => TestTokens.Create(key, c);
        string WithHeader(Action<JsonObject> edit) => TestTokens.Create(key, header: TestTokens.Header(key).Also(edit));
        string Raw(string h, string p) => TestTokens.CreateRaw(key, h, p);
        var valid = Sign(claims);
        var payloadJson = claims.ToJsonString();

        return name switch
        {
            "too large" => valid + new string('A', 20_000),
            "two segments" => valid[..valid.LastIndexOf('.')],
            "four segments" => valid + ".AAAA",
            "padding" => valid + "==",
            "whitespace" => valid.Insert(10, " "),
            "non-canonical base64" => NonCanonical(valid),
            "non-ascii" => valid.Insert(5, "é"),
            "empty" => string.Empty,
            "header not json" => Raw("{\"alg\":\"RS256\",", payloadJson),
            "header duplicate alg" => Raw("{\"alg\":\"RS256\",\"kid\":\"rs256-key\",\"typ\":\"at+jwt\",\"alg\":\"none\"}", payloadJson),
            "header trailing data" => Raw(header + "{}", payloadJson),
            "kid missing" => WithHeader(h => h.Remove("kid")),
            "typ JWT" => WithHeader(h => h["typ"] = "JWT"),
            "typ missing" => WithHeader(h => h.Remove("typ")),
            "crit" => WithHeader(h => h["crit"] = new JsonArray("exp")),
            "jku" => WithHeader(h => h["jku"] = "https://evil.test/jwks"),
            "jwk" => WithHeader(h => h["jwk"] = key.ToJwk()),
            "x5c" => WithHeader(h => h["x5c"] = new JsonArray("MIIB")),
            "b64" => WithHeader(h => h["b64"] = false),
            "alg none" => TestTokens.B64("{\"alg\":\"none\",\"kid\":\"rs256-key\",\"typ\":\"at+jwt\"}") + "." + TestTokens.B64(payloadJson) + ".",
            "alg not allowed" => WithHeader(h => h["alg"] = "RS1"),
            "alg differs from key" => TestTokens.CreateRaw(key, "{\"alg\":\"PS256\",\"kid\":\"rs256-key\",\"typ\":\"at+jwt\"}", payloadJson, "PS256"),
            "HS256 with the RSA public key" => HmacWithPublicKey(payloadJson),
            "unknown kid" => WithHeader(h => h["kid"] = "rotated-away"),
            "bad signature" => valid[..^4] + (valid[^4] == 'A' ? "BAAA" : "AAAA"),
            "payload duplicate member" => Raw(header, payloadJson.TrimEnd('}') + ",\"sub\":\"mallory\"}"),
            "payload nested duplicate" => Raw(header, payloadJson.TrimEnd('}') + ",\"ext\":{\"a\":1,\"a\":2}}"),
            "payload trailing data" => Raw(header, payloadJson + "[]"),
            "payload invalid utf8" => InvalidUtf8Payload(header, payloadJson),
            "payload too deep" => Raw(header, payloadJson.TrimEnd('}') + ",\"deep\":" + new string('[', 40) + new string(']', 40) + "}"),
            "exp is a string" => Sign(claims.Also(c => c["exp"] = "tomorrow")),
            "exp is NaN-like huge" => Raw(header, payloadJson.Replace($"\"exp\":{TestTokens.Now + 300}", "\"exp\":1e400", StringComparison.Ordinal)),
            "exp negative" => Sign(claims.Also(c => c["exp"] = -5)),
            "aud is a number" => Sign(claims.Also(c => c["aud"] = 42)),
            "jti missing" => Sign(claims.Also(c => c.Remove("jti"))),
            "exp missing" => Sign(claims.Also(c => c.Remove("exp"))),
            "client_id missing" => Sign(claims.Also(c => c.Remove("client_id"))),
            "wrong issuer" => Sign(claims.Also(c => c["iss"] = "https://evil.test")),
            "wrong audience" => Sign(claims.Also(c => c["aud"] = "network-agent")),
            "audience array without us" => Sign(claims.Also(c => c["aud"] = new JsonArray("a", "b"))),
            "expired" => Sign(claims.Also(c => c["exp"] = TestTokens.Now - 61)),
            "not yet valid" => Sign(claims.Also(c => c["nbf"] = TestTokens.Now + 61)),
            "issued in future" => Sign(claims.Also(c => c["iat"] = TestTokens.Now + 61)),
            "scope double space" => Sign(claims.Also(c => c["scope"] = "read:alerts  triage")),
            "scope with quote" => Sign(claims.Also(c => c["scope"] = "read:\"alerts")),
            "actor scope invalid" => Sign(claims.Also(c => c["act"]!["scope"] = " read:alerts")),
            "required scope missing" => Sign(claims.Also(c => c["scope"] = "triage")),
            "act is a string" => Sign(claims.Also(c => c["act"] = "coordinator")),
            "act without sub" => Sign(claims.Also(c => c["act"]!.AsObject().Remove("sub"))),
            "act with empty sub" => Sign(claims.Also(c => c["act"]!["sub"] = string.Empty)),
            "act unknown member" => Sign(claims.Also(c => c["act"]!["role"] = "admin")),
            "chain depth 5" => Sign(claims.Also(c => c["act"]!["act"]!["act"] = new JsonObject { ["sub"] = "a3", ["act"] = new JsonObject { ["sub"] = "a4", ["act"] = new JsonObject { ["sub"] = "a5" } } })),
            "actor repeats subject" => Sign(claims.Also(c => c["act"]!["act"]!["sub"] = "alice")),
            "actor repeats actor" => Sign(claims.Also(c => c["act"]!["act"]!["act"] = new JsonObject { ["sub"] = "coordinator" })),
            "current actor is not client_id" => Sign(claims.Also(c => c["client_id"] = "network-agent-client")),
            "token scope wider than actor" => Sign(claims.Also(c => c["scope"] = "read:alerts write:alerts")),
            "inner actor scope narrower than outer" => Sign(claims.Also(c => c["act"]!["act"]!["scope"] = "read:alerts")),
            "azp is not the current actor while client_id is" => Sign(claims.Also(c => c["azp"] = "coordinator")),
            "sub forging an audit line" => Sign(claims.Also(c => c["sub"] = "alice\nfake: SkillAllowed for admin")),
            "sub with an escaped C1 control" => Sign(claims.Also(c => c["sub"] = "ali\u0085ce")),
            "sub with a raw C1 control" => Raw(header, payloadJson.Replace("\"sub\":\"alice\"", "\"sub\":\"ali\u0085ce\"", StringComparison.Ordinal)),
            "sub with a line separator" => Sign(claims.Also(c => c["sub"] = "alice\u2028fake line")),
            "sub with a paragraph separator" => Sign(claims.Also(c => c["sub"] = "alice\u2029fake line")),
            "sub with DEL" => Sign(claims.Also(c => c["sub"] = "alice\u007f")),
            "iss with a control" => Sign(claims.Also(c => c["iss"] = TestTokens.Issuer + "\r")),
            "aud value with a control" => Sign(claims.Also(c => c["aud"] = new JsonArray(TestTokens.Audience, "x\u0000y"))),
            "jti with a control" => Sign(claims.Also(c => c["jti"] = "jti\t1")),
            "client_id with a control" => Sign(claims.Also(c => c["client_id"] = "security-agent-client\n")),
            "azp with a control" => Sign(claims.Also(c => c["azp"] = "security-agent-client\u001b[31m")),
            "act sub with a control" => Sign(claims.Also(c => c["act"]!["act"]!["sub"] = "coordi\nnator")),
            "act iss with a control" => Sign(claims.Also(c => c["act"]!["iss"] = "https://idp.test\n")),
            "act client_id with a control" => Sign(claims.Also(c => c["act"]!["client_id"] = "security-agent-client\u0085")),
            "may_act sub with a control" => Sign(claims.Also(c => c["may_act"] = new JsonObject { ["sub"] = "security-agent-client\n" })),
            "may_act names another actor" => Sign(claims.Also(c => c["may_act"] = new JsonObject { ["sub"] = "network-agent-client" })),
            "may_act names the actor at another issuer" => Sign(claims.Also(c => c["may_act"] = new JsonObject { ["sub"] = "security-agent-client", ["iss"] = "https://evil.test" })),
            "may_act is a string" => Sign(claims.Also(c => c["may_act"] = "security-agent-client")),
            "may_act without sub" => Sign(claims.Also(c => c["may_act"] = new JsonObject { ["iss"] = TestTokens.Issuer })),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }

    private static string NonCanonical(string token)
    {
        // Flip the unused low bits of the header segment's last character.
        var firstDot = token.IndexOf('.', StringComparison.Ordinal);
        var header = token[..firstDot];
        if (header.Length % 4 == 0)
        {
            header = TestTokens.B64("{\"alg\":\"RS256\",\"kid\":\"rs256-key\",\"typ\":\"at+jwt\" }");
        }

        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var last = alphabet.IndexOf(header[^1], StringComparison.Ordinal);
        header = header[..^1] + alphabet[last | 1];
        return header + token[firstDot..];
    }

    private static string InvalidUtf8Payload(string header, string payloadJson)
    {
        var bytes = Encoding.UTF8.GetBytes(payloadJson.Replace("alice", "ali\u0001e", StringComparison.Ordinal));
        bytes[Array.IndexOf(bytes, (byte)1)] = 0xC3; // a lone lead byte
        var signingInput = TestTokens.B64(header) + "." + TestTokens.B64(bytes);
        return signingInput + "." + TestTokens.B64(Rs256.Sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    private static string HmacWithPublicKey(string payloadJson)
    {
        // The classic key-confusion attack: HS256 keyed with the RSA public key.
        var publicKey = Rs256.Rsa!.ExportSubjectPublicKeyInfo();
        var signingInput = TestTokens.B64("{\"alg\":\"HS256\",\"kid\":\"rs256-key\",\"typ\":\"at+jwt\"}") + "." + TestTokens.B64(payloadJson);
        return signingInput + "." + TestTokens.B64(System.Security.Cryptography.HMACSHA256.HashData(publicKey, Encoding.ASCII.GetBytes(signingInput)));
    }
}

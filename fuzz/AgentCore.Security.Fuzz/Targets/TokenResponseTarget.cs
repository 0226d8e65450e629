using AgentCore.Security.TokenExchange.Internal;

namespace AgentCore.Security.Fuzz.Targets;

/// <summary>
/// The token-service response reader (RFC 6749 §5.1/§5.2, RFC 8693 §2.2) on arbitrary bodies. An even first
/// byte reads the rest as an error response (HTTP 400), an odd one as a token response to an exchange.
/// Properties: it never throws; a failure has a status and a message; an accepted token is not empty,
/// expires in the future (or says nothing of its expiry), and its scopes only narrow what was asked and what the subject holds.
/// </summary>
internal sealed class TokenResponseTarget : FuzzTarget
{
    private static readonly string[] Requested = ["read:alerts", "triage"];
    private static readonly string[] SubjectScopes = ["read:alerts", "triage", "openid"];

    private static readonly TokenExchangeRequest Request = new()
    {
        SubjectToken = "subject",
        Audiences = ["https://tools.fuzz/"],
        Scopes = Requested,
    };

    public override string Name => "token-response";

    public override string Description => "TokenResponseReader on error and token bodies; an accepted token only narrows scope";

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        var body = input[1..].ToArray();
        var now = FixedClock.Default.GetUtcNow();
        if ((input[0] & 1) == 0)
        {
            var error = TokenResponseReader.ReadError(body, 400);
            FuzzPropertyException.Check(!error.IsSuccess && error.Message.Length > 0, "an error body read as a success, or without a message");
            FuzzPropertyException.Check(error.ErrorDescription is null || !error.ErrorDescription.Any(char.IsControl), "error_description kept a control character (a forged log line)");
            return;
        }

        var result = TokenResponseReader.ReadToken(body, Request, Requested, SubjectScopes, now);
        FuzzPropertyException.Check(result.IsSuccess == (result.Status == TokenExchangeStatus.Success), $"IsSuccess disagrees with {result.Status}");
        FuzzPropertyException.Check(result.Message.Length > 0, $"{result.Status} has no message");
        if (result.Token is { } token)
        {
            FuzzPropertyException.Check(token.AccessToken.Length > 0, "an empty access_token was accepted");
            FuzzPropertyException.Check(token.ExpiresAt > now || token.ExpiresAt == DateTimeOffset.MinValue, $"a token that expires at {token.ExpiresAt:O} was accepted at {now:O}"); // MinValue: no expiry given
            FuzzPropertyException.Check(token.Scopes.All(s => Requested.Contains(s, StringComparer.Ordinal) && SubjectScopes.Contains(s, StringComparer.Ordinal)), $"scope widened: {string.Join(' ', token.Scopes)}");
        }
    }

    public override IEnumerable<(string Name, byte[] Data)> Seeds(string? sharedRoot)
    {
        var jwt = ValidatorTarget.Sign(Utf8("""{"alg":"HS256","typ":"at+jwt"}"""), Utf8($$"""{"exp":{{FixedClock.Now + 120}},"scope":"read:alerts"}"""));
        string[] tokens =
        [
            """{"access_token":"opaque-1","issued_token_type":"urn:ietf:params:oauth:token-type:access_token","token_type":"Bearer","expires_in":300,"scope":"read:alerts"}""",
            $$"""{"access_token":"{{jwt}}","issued_token_type":"urn:ietf:params:oauth:token-type:jwt","token_type":"bearer","expires_in":3600}""",
            """{"access_token":"x","issued_token_type":"urn:ietf:params:oauth:token-type:access_token","token_type":"Bearer","expires_in":300,"scope":"read:alerts admin"}""",
            """{"access_token":"x","token_type":"N_A","expires_in":1e3}""",
        ];
        string[] errors =
        [
            """{"error":"invalid_target","error_description":"The audience is not allowed."}""",
            """{"error":"invalid_scope","error_description":"bad\r\nforged line"}""",
            """{"error":"invalid_grant","error_uri":"https://idp.fuzz/errors"}""",
        ];
        for (var i = 0; i < tokens.Length; i++)
        {
            yield return ($"token-{i:D2}", [1, .. Utf8(tokens[i])]);
        }

        for (var i = 0; i < errors.Length; i++)
        {
            yield return ($"error-{i:D2}", [0, .. Utf8(errors[i])]);
        }
    }
}

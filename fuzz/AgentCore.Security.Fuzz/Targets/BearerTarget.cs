using AgentCore.Security.AspNetCore;
using AgentCore.Security.TokenExchange.Internal;

namespace AgentCore.Security.Fuzz.Targets;

/// <summary>
/// The RFC 6750 pieces the library writes and reads. The input is split at 0x00 into an error code (the
/// first part's length picks one of the library's codes), a description and scopes; the challenge writer gets them as a failed request would give them, and the
/// challenge reader (step-up and MCP discovery) reads what was written, and reads the raw input too.
/// Properties: nothing throws; a written challenge is one line of visible ASCII; reading it back gives every
/// value that was written (no value can end its quotes, add a parameter or be taken for another).
/// </summary>
internal sealed class BearerTarget : FuzzTarget
{
    private static readonly AgentTokenAuthenticationOptions Options = new()
    {
        IncludeErrorDetails = true,
        Resource = new Uri("https://tools.fuzz/mcp"),
    };

    private static readonly string?[] Errors = [null, "invalid_request", "invalid_token", "insufficient_scope"];

    private static readonly string[] Names = ["error", "error_description", "scope", "resource_metadata", "realm"];

    public override string Name => "bearer";

    public override string Description => "the Bearer challenge writer and reader: one line, values read back as written";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var text = Text(input);
        foreach (var name in Names)
        {
            _ = BearerChallenge.Parameter(text, name); // any server's challenge: read without throwing, whatever it holds
        }

        var parts = text.Split('\0');
        var error = Errors[parts[0].Length % Errors.Length]; // the codes are the library's own constants; the rest comes from outside
        var description = parts.Length > 1 ? parts[1] : null;
        var scopes = parts.Length > 2 ? parts[2..] : null;
        var challenge = AgentTokenAuthenticationHandler.Challenge(Options, error, description, scopes);
        FuzzPropertyException.Check(challenge.StartsWith("Bearer", StringComparison.Ordinal), "the challenge is not a Bearer challenge");
        FuzzPropertyException.Check(challenge.All(c => c is >= '\x20' and <= '\x7E'), "the challenge holds a character a header line cannot carry");
        var parameters = challenge.Length > "Bearer ".Length ? challenge["Bearer ".Length..] : string.Empty;
        FuzzPropertyException.Check(BearerChallenge.Parameter(parameters, "resource_metadata") == "https://tools.fuzz/.well-known/oauth-protected-resource/mcp", "resource_metadata did not survive the other values");
        if (description is not null)
        {
            FuzzPropertyException.Check(BearerChallenge.Parameter(parameters, "error_description") == Visible(description), "error_description did not read back as written");
        }

        if (scopes is not null && scopes.Any(s => s.Length > 0))
        {
            FuzzPropertyException.Check(BearerChallenge.Parameter(parameters, "scope") == Visible(string.Join(' ', scopes)), "scope did not read back as written");
        }
    }

    public override IEnumerable<(string Name, byte[] Data)> Seeds(string? sharedRoot)
    {
        string[] inputs =
        [
            "invalid_token\0The token expired.",
            "insufficient_scope\0\0read:alerts\0write:network",
            "\0a \"quoted\", scope=\"admin\" value\r\nX-Forged: 1",
            "error=\"invalid_token\", error_description=\"x\", scope=\"a b\", resource_metadata=\"https://tools.fuzz/.well-known/oauth-protected-resource\"",
            "realm=\"x\",scope=\"a\" , scope=\"b\"",
        ];
        for (var i = 0; i < inputs.Length; i++)
        {
            yield return ($"challenge-{i:D2}", Utf8(inputs[i]));
        }
    }

    private static string Visible(string value) => new([.. value.Where(static c => c is >= '\x20' and <= '\x7E' and not '"' and not '\\')]);
}

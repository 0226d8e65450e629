namespace AgentCore.Security.Fuzz.Targets;

/// <summary>
/// The validator's JSON scanner on arbitrary bytes. Properties: it never throws; on valid UTF-8 (its
/// precondition, checked by the validator first) it gives the same verdict and the same tokens as
/// <see cref="Utf8JsonReader"/>.
/// </summary>
internal sealed class JsonScannerTarget : FuzzTarget
{
    public override string Name => "json";

    public override string Description => "JsonScanner against Utf8JsonReader: same verdict, same tokens";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var ours = JsonDifferential.Scan(input);
        if (!System.Text.Unicode.Utf8.IsValid(input))
        {
            return;
        }

        var reference = JsonDifferential.Reference(input);
        FuzzPropertyException.Check(ours.Valid == reference.Valid, $"the scanner says {(ours.Valid ? "valid" : "invalid")}, Utf8JsonReader the opposite");
        if (ours.Valid)
        {
            FuzzPropertyException.Check(ours.Tokens.SequenceEqual(reference.Tokens, StringComparer.Ordinal), $"the tokens differ: [{string.Join(", ", ours.Tokens)}] and [{string.Join(", ", reference.Tokens)}]");
        }
    }

    public override IEnumerable<(string Name, byte[] Data)> Seeds(string? sharedRoot)
    {
        string[] texts =
        [
            """{"alg":"ES256","kid":"k1","typ":"at+jwt"}""",
            """{"iss":"https://idp.fuzz","sub":"alice","aud":["a","b"],"exp":1800000300,"scope":"read:alerts","act":{"sub":"coordinator","act":{"sub":"root"}}}""",
            """{"access_token":"x","issued_token_type":"urn:ietf:params:oauth:token-type:access_token","token_type":"Bearer","expires_in":300}""",
            """[1,-0,3.25,1e400,-12E-7,9223372036854775808,true,false,null,"\u00e9\ud83d\ude00\n\"\\\/"]""",
            """ { "a" : [ { } , [ ] ] , "b" : "\u0041" } """,
            "\"\\ud800\"",
            "{\"a\":1,}",
        ];
        for (var i = 0; i < texts.Length; i++)
        {
            yield return ($"text-{i:D2}", Utf8(texts[i]));
        }

        foreach (var (name, jwk) in JwksTarget.SharedJwks(sharedRoot))
        {
            yield return (name, Utf8(jwk));
        }
    }
}

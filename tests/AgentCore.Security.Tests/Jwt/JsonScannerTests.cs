using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using AgentCore.Security.Fuzz.Targets;
using AgentCore.Security.Jwt.Internal;

namespace AgentCore.Security.Tests.Jwt;

/// <summary>
/// The validator's JSON reader. Hand-written cases pin the grammar's corners; a differential run holds it to
/// <see cref="Utf8JsonReader"/> (the BCL's strict reader) over thousands of generated and mutated texts:
/// the same verdict, the same tokens, the same depths, the same unescaped strings and numbers. The one
/// intended difference: an escape that leaves a surrogate unpaired is a fault here, where the BCL reads it
/// and throws only when the string is unescaped.
/// </summary>
public sealed class JsonScannerTests
{
    [Theory]
    [InlineData("{}")]
    [InlineData(" \t\r\n{ \"a\" : [ 1 , -0 , 0.5 , -1.5e+3 , 2E-2 , 10 ] , \"b\" : { } , \"c\" : [ ] } \n")]
    [InlineData("{\"s\":\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00 é 😀\"}")]
    [InlineData("{\"t\":true,\"f\":false,\"n\":null}")]
    [InlineData("[1]")]
    [InlineData("\"root string\"")]
    [InlineData("12")]
    public void Valid(string json)
    {
        Scan(json).Valid.ShouldBeTrue();
        Reference(json).Valid.ShouldBeTrue();
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "whitespace only")]
    [InlineData("{", "unterminated object")]
    [InlineData("{\"a\":1,}", "trailing comma in an object")]
    [InlineData("[1,]", "trailing comma in an array")]
    [InlineData("[,1]", "leading comma")]
    [InlineData("{,}", "lone comma")]
    [InlineData("{\"a\" 1}", "missing colon")]
    [InlineData("{\"a\":1 \"b\":2}", "missing comma")]
    [InlineData("{a:1}", "unquoted name")]
    [InlineData("{'a':1}", "single quotes")]
    [InlineData("[01]", "leading zero")]
    [InlineData("[1.]", "no fraction digits")]
    [InlineData("[.5]", "no integer part")]
    [InlineData("[-]", "minus alone")]
    [InlineData("[+1]", "plus sign")]
    [InlineData("[1e]", "no exponent digits")]
    [InlineData("[1e+]", "signed exponent without digits")]
    [InlineData("[NaN]", "NaN")]
    [InlineData("[Infinity]", "Infinity")]
    [InlineData("[tru]", "truncated literal")]
    [InlineData("[truex]", "literal run-on")]
    [InlineData("[True]", "capitalised literal")]
    [InlineData("[\"a\u0001b\"]", "control character in a string")]
    [InlineData("[\"a\tb\"]", "tab in a string")]
    [InlineData("[\"abc]", "unterminated string")]
    [InlineData("[\"a\\x\"]", "unknown escape")]
    [InlineData("[\"a\\u12G4\"]", "bad hex in \\u")]
    [InlineData("[\"a\\u12\"]", "short \\u")]
    [InlineData("[\"\\", "backslash at the end")]
    [InlineData("[\"\\ud800\"]", "lone high surrogate")]
    [InlineData("[\"\\udc00\"]", "lone low surrogate")]
    [InlineData("[\"\\ud800\\u0041\"]", "high surrogate, then no low one")]
    [InlineData("[\"\\ud800x\"]", "high surrogate, then text")]
    [InlineData("{\"\\ud800\":1}", "lone surrogate in a name")]
    [InlineData("{}{}", "two roots")]
    [InlineData("{} x", "trailing data")]
    [InlineData("{}/**/", "a comment")]
    [InlineData("/**/{}", "a leading comment")]
    [InlineData("[1]]", "extra close")]
    [InlineData("[1}", "mismatched close")]
    [InlineData("{\"a\":1]", "mismatched close of an object")]
    [InlineData("\ufeff{}", "byte-order mark")]
    public void Invalid(string json, string why)
    {
        Scan(json).Valid.ShouldBeFalse(why);
    }

    [Fact]
    public void Depth_64IsRead_65IsAFault()
    {
        Scan(new string('[', 64) + new string(']', 64)).Valid.ShouldBeTrue();
        Scan(new string('[', 65) + new string(']', 65)).Valid.ShouldBeFalse();
        Reference(new string('[', 65) + new string(']', 65)).Valid.ShouldBeFalse();
    }

    [Fact]
    public void AfterAFault_ReadStaysFalse_AndTheTokenIsNone()
    {
        var scanner = new JsonScanner("[1,,2]"u8);
        scanner.Read().ShouldBeTrue();
        scanner.Read().ShouldBeTrue();
        scanner.Read().ShouldBeFalse();
        scanner.IsInvalid.ShouldBeTrue();
        scanner.TokenType.ShouldBe(JsonTokenType.None);
        scanner.Read().ShouldBeFalse();
        scanner.TokenType.ShouldBe(JsonTokenType.None);
    }

    [Fact]
    public void CopyString_TooSmallADestination_IsMinusOne()
    {
        var scanner = new JsonScanner("[\"abc\",\"a\\u00e9\"]"u8);
        scanner.Read();
        scanner.Read();
        scanner.CopyString(new byte[2]).ShouldBe(-1);
        scanner.CopyString(new byte[3]).ShouldBe(3);
        scanner.Read();
        scanner.CopyString(new byte[2]).ShouldBe(-1);
        scanner.CopyString(new byte[3]).ShouldBe(3);
        scanner.ValueTextEquals("a\u00e9"u8).ShouldBeTrue();
        scanner.ValueTextEquals("a\u00e8"u8).ShouldBeFalse();
    }

    [Fact]
    public void ValueTextEquals_LongEscapedValue_UsesAPooledBufferAndStillCompares()
    {
        var value = new string('x', 400) + "\u00e9";
        var json = Encoding.UTF8.GetBytes("[\"" + new string('x', 400) + "\\u00e9\"]");
        var scanner = new JsonScanner(json);
        scanner.Read();
        scanner.Read();
        scanner.ValueIsEscaped.ShouldBeTrue();
        scanner.ValueTextEquals(Encoding.UTF8.GetBytes(value)).ShouldBeTrue();
        scanner.ValueTextEquals(Encoding.UTF8.GetBytes(value[..^1] + "e")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("0", true, 0L)]
    [InlineData("-0", true, 0L)]
    [InlineData("1795457571", true, 1795457571L)]
    [InlineData("999999999999999999", true, 999999999999999999L)]
    [InlineData("9223372036854775807", true, long.MaxValue)]
    [InlineData("-9223372036854775808", true, long.MinValue)]
    [InlineData("9223372036854775808", false, 0L)]
    [InlineData("1.0", false, 0L)]
    [InlineData("1e3", false, 0L)]
    public void TryGetInt64_AsTheBclReadsIt(string number, bool expected, long value)
    {
        var scanner = new JsonScanner(Encoding.ASCII.GetBytes(number));
        scanner.Read().ShouldBeTrue();
        scanner.TryGetInt64(out var actual).ShouldBe(expected);
        if (expected)
        {
            actual.ShouldBe(value);
        }

        var reference = new Utf8JsonReader(Encoding.ASCII.GetBytes(number));
        reference.Read();
        reference.TryGetInt64(out var referenceValue).ShouldBe(expected);
        if (expected)
        {
            referenceValue.ShouldBe(value);
        }
    }

    [Fact]
    public void Differential_AgreesWithUtf8JsonReader_OnGeneratedAndMutatedTexts()
    {
        var random = new Random(20261123);
        var compared = 0;
        var invalid = 0;
        for (var n = 0; n < 6_000; n++)
        {
            var text = Generate(random, 0);
            foreach (var candidate in new[] { text, Mutate(random, text), Mutate(random, Mutate(random, text)) })
            {
                var bytes = Encoding.UTF8.GetBytes(candidate);
                if (!Utf8.IsValid(bytes))
                {
                    continue; // the scanner's precondition: the validator checks UTF-8 first
                }

                var ours = Scan(bytes);
                var reference = Reference(bytes);
                ours.Valid.ShouldBe(reference.Valid, $"verdict for {candidate}");
                if (ours.Valid)
                {
                    ours.Tokens.ShouldBe(reference.Tokens, $"tokens for {candidate}");
                }
                else
                {
                    invalid++;
                }

                compared++;
            }
        }

        // Enough of both kinds to mean something.
        compared.ShouldBeGreaterThan(15_000);
        invalid.ShouldBeGreaterThan(3_000);
        (compared - invalid).ShouldBeGreaterThan(6_000);
    }

    // The comparison is the fuzz target's (fuzz/…/JsonDifferential.cs): one definition of "agrees with Utf8JsonReader".
    private static (bool Valid, List<string> Tokens) Scan(string json) => JsonDifferential.Scan(Encoding.UTF8.GetBytes(json));

    private static (bool Valid, List<string> Tokens) Scan(byte[] json) => JsonDifferential.Scan(json);

    private static (bool Valid, List<string> Tokens) Reference(string json) => JsonDifferential.Reference(Encoding.UTF8.GetBytes(json));

    private static (bool Valid, List<string> Tokens) Reference(byte[] json) => JsonDifferential.Reference(json);

    private static readonly string[] Escapes = ["\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0041", "\\u00e9", "\\u20ac", "\\ud83d\\ude00", "\\ud800", "\\udfff", "\\u0000"];
    private static readonly string[] Numbers = ["0", "-0", "7", "-12", "1795457571", "3.25", "-0.5", "1e3", "2E-7", "1.5e+300", "1e400", "9223372036854775807", "9223372036854775808", "123456789012345678901234567890"];
    private static readonly string[] Whitespace = ["", "", "", " ", "\n", "\r\n", "\t", "  "];

    private static string Generate(Random random, int depth)
    {
        var ws = Whitespace[random.Next(Whitespace.Length)];
        var kind = depth == 0 ? random.Next(6) switch { < 4 => 0, 4 => 1, _ => random.Next(2, 7) } : random.Next(depth > 6 ? 2 : 0, 7);
        switch (kind)
        {
            case 0:
            {
                var members = Enumerable.Range(0, random.Next(0, 5)).Select(_ => $"{ws}{Str(random)}{ws}:{ws}{Generate(random, depth + 1)}{ws}");
                return "{" + string.Join(",", members) + "}";
            }

            case 1:
            {
                var items = Enumerable.Range(0, random.Next(0, 5)).Select(_ => ws + Generate(random, depth + 1) + ws);
                return "[" + string.Join(",", items) + "]";
            }

            case 2:
            case 3:
                return Str(random);
            case 4:
                return Numbers[random.Next(Numbers.Length)];
            default:
                return random.Next(3) switch { 0 => "true", 1 => "false", _ => "null" };
        }
    }

    private static string Str(Random random)
    {
        var builder = new StringBuilder("\"");
        for (var i = random.Next(0, 6); i > 0; i--)
        {
            builder.Append(random.Next(5) switch
            {
                0 => Escapes[random.Next(Escapes.Length)],
                1 => "é€😀"[random.Next(2)].ToString(),
                2 => "sub",
                3 => "read:alerts triage",
                _ => ((char)random.Next('a', 'z' + 1)).ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    private static string Mutate(Random random, string text)
    {
        const string Significant = "{}[],:\"\\ 0-1.eE+tfn\u0001\t/";
        if (text.Length == 0)
        {
            return Significant[random.Next(Significant.Length)].ToString();
        }

        var at = random.Next(text.Length);
        return random.Next(4) switch
        {
            0 => text.Remove(at, 1),
            1 => text.Insert(at, Significant[random.Next(Significant.Length)].ToString()),
            2 => text.Remove(at, 1).Insert(at, Significant[random.Next(Significant.Length)].ToString()),
            _ => text[..at], // truncation
        };
    }
}

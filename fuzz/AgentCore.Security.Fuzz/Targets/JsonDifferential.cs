using System.Globalization;
using AgentCore.Security.Jwt.Internal;

namespace AgentCore.Security.Fuzz.Targets;

/// <summary>
/// Reads one text with the validator's <see cref="JsonScanner"/> and with <see cref="Utf8JsonReader"/> and
/// describes every token each reads (type, depth, unescaped string, number as raw text, Int64 and double),
/// so that the two can be compared token for token. Used by the fuzz target and by the unit tests.
/// </summary>
internal static class JsonDifferential
{
    public static (bool Valid, List<string> Tokens) Scan(ReadOnlySpan<byte> json)
    {
        var tokens = new List<string>();
        var scanner = new JsonScanner(json);
        while (scanner.Read())
        {
            string? text = null;
            if (scanner.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
            {
                var buffer = new byte[scanner.ValueSpan.Length];
                text = Encoding.UTF8.GetString(buffer, 0, scanner.CopyString(buffer));
            }

            var number = scanner.TokenType == JsonTokenType.Number
                ? Number(scanner.ValueSpan, scanner.TryGetInt64(out var l), l, scanner.TryGetDouble(out var d), d)
                : null;
            tokens.Add(Describe(scanner.TokenType, scanner.CurrentDepth, text, number));
        }

        return (!scanner.IsInvalid, tokens);
    }

    public static (bool Valid, List<string> Tokens) Reference(ReadOnlySpan<byte> json)
    {
        var tokens = new List<string>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = JsonScanner.MaxDepth });
        try
        {
            while (reader.Read())
            {
                string? text = null;
                string? number = null;
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                {
                    var buffer = new byte[reader.ValueSpan.Length];
                    text = Encoding.UTF8.GetString(buffer, 0, reader.CopyString(buffer)); // throws on an unpaired surrogate
                }
                else if (reader.TokenType == JsonTokenType.Number)
                {
                    number = Number(reader.ValueSpan, reader.TryGetInt64(out var l), l, reader.TryGetDouble(out var d), d);
                }

                tokens.Add(Describe(reader.TokenType, reader.CurrentDepth, text, number));
            }

            return (true, tokens);
        }
        catch (JsonException)
        {
            return (false, tokens);
        }
        catch (InvalidOperationException)
        {
            return (false, tokens); // an unpaired surrogate: the intended difference (I-JSON), counted as a fault by both
        }
    }

    private static string Number(ReadOnlySpan<byte> raw, bool isLong, long l, bool isDouble, double d) =>
        $"{Encoding.ASCII.GetString(raw)}|{(isLong ? l.ToString(CultureInfo.InvariantCulture) : "-")}|{(isDouble ? d.ToString("R", CultureInfo.InvariantCulture) : "-")}";

    private static string Describe(JsonTokenType type, int depth, string? text, string? number) => $"{type}@{depth}:{text}{number}";
}

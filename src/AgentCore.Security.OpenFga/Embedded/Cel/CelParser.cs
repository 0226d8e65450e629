// Over 400 lines on purpose: one recursive-descent parser for OpenFGA's CEL subset; its productions call
// each other and read best in one place, in grammar order.

namespace AgentCore.Security.OpenFga.Embedded.Cel;

/// <summary>
/// Parses the part of CEL that OpenFGA conditions use: literals (int, uint, double, string, bytes-free,
/// bool, null), identifiers, <c>! -</c>, <c>* / % + -</c>, comparisons, <c>in</c>, <c>&amp;&amp; ||</c>,
/// <c>?:</c>, calls and method calls, indexing, field selection, list and map literals.
/// </summary>
internal sealed class CelParser
{
    private readonly List<Token> _tokens;
    private int _position;

    private CelParser(string text) => _tokens = Lex(text);

    public static CelNode Parse(string text)
    {
        var parser = new CelParser(text);
        if (parser._tokens.Count == 0)
        {
            throw new FormatException("the expression is empty");
        }

        var node = parser.ParseConditional();
        if (parser._position != parser._tokens.Count)
        {
            throw new FormatException($"unexpected '{parser._tokens[parser._position].Text}' in the expression");
        }

        return node;
    }

    private CelNode ParseConditional()
    {
        var condition = ParseOr();
        if (!Accept("?"))
        {
            return condition;
        }

        var whenTrue = ParseConditional();
        Expect(":");
        return new CelConditional(condition, whenTrue, ParseConditional());
    }

    private CelNode ParseOr()
    {
        var left = ParseAnd();
        while (Accept("||"))
        {
            left = new CelBinary("||", left, ParseAnd());
        }

        return left;
    }

    private CelNode ParseAnd()
    {
        var left = ParseRelation();
        while (Accept("&&"))
        {
            left = new CelBinary("&&", left, ParseRelation());
        }

        return left;
    }

    private CelNode ParseRelation()
    {
        var left = ParseAdditive();
        while (Peek() is { } op && op.Kind == Kind.Operator && op.Text is "<" or "<=" or ">" or ">=" or "==" or "!=" || IsKeyword("in"))
        {
            var text = Next().Text;
            left = new CelBinary(text, left, ParseAdditive());
        }

        return left;
    }

    private CelNode ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Peek() is { Kind: Kind.Operator, Text: "+" or "-" })
        {
            var op = Next().Text;
            left = new CelBinary(op, left, ParseMultiplicative());
        }

        return left;
    }

    private CelNode ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Peek() is { Kind: Kind.Operator, Text: "*" or "/" or "%" })
        {
            var op = Next().Text;
            left = new CelBinary(op, left, ParseUnary());
        }

        return left;
    }

    private CelNode ParseUnary()
    {
        if (Accept("!"))
        {
            return new CelUnary("!", ParseUnary());
        }

        if (Accept("-"))
        {
            // Negative literals are folded so that -9223372036854775808 parses.
            if (Peek() is { Kind: Kind.Number } number)
            {
                Next();
                return new CelLiteral(ParseNumber("-" + number.Text));
            }

            return new CelUnary("-", ParseUnary());
        }

        return ParseMember();
    }

    private CelNode ParseMember()
    {
        var node = ParsePrimary();
        while (true)
        {
            if (Accept("."))
            {
                var name = Next();
                if (name.Kind != Kind.Identifier)
                {
                    throw new FormatException($"expected a name after '.', not '{name.Text}'");
                }

                node = Accept("(") ? new CelCall(node, name.Text, ParseArguments(")")) : new CelSelect(node, name.Text);
            }
            else if (Accept("["))
            {
                var index = ParseConditional();
                Expect("]");
                node = new CelIndex(node, index);
            }
            else
            {
                return node;
            }
        }
    }

    private CelNode ParsePrimary()
    {
        var token = Next();
        switch (token.Kind)
        {
            case Kind.Number:
                return new CelLiteral(ParseNumber(token.Text));
            case Kind.String:
                return new CelLiteral(token.Text);
            case Kind.Identifier:
                switch (token.Text)
                {
                    case "true": return new CelLiteral(true);
                    case "false": return new CelLiteral(false);
                    case "null": return new CelLiteral(null);
                }

                return Accept("(") ? new CelCall(null, token.Text, ParseArguments(")")) : new CelIdentifier(token.Text);
            case Kind.Operator when token.Text == "(":
                var inner = ParseConditional();
                Expect(")");
                return inner;
            case Kind.Operator when token.Text == "[":
                return new CelList(ParseArguments("]"));
            case Kind.Operator when token.Text == "{":
                var entries = new List<(CelNode, CelNode)>();
                if (!Accept("}"))
                {
                    do
                    {
                        var key = ParseConditional();
                        Expect(":");
                        entries.Add((key, ParseConditional()));
                    }
                    while (Accept(","));
                    Expect("}");
                }

                return new CelMap(entries);
            default:
                throw new FormatException($"unexpected '{token.Text}' in the expression");
        }
    }

    private List<CelNode> ParseArguments(string close)
    {
        var arguments = new List<CelNode>();
        if (Accept(close))
        {
            return arguments;
        }

        do
        {
            arguments.Add(ParseConditional());
        }
        while (Accept(","));
        Expect(close);
        return arguments;
    }

    private static object ParseNumber(string text)
    {
        if (text.EndsWith('u') || text.EndsWith('U'))
        {
            var digits = text[..^1];
            var hex = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
            return ulong.TryParse(hex ? digits[2..] : digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var u)
                ? u
                : throw new FormatException($"'{text}' is not a uint");
        }

        if (text.Contains('.', StringComparison.Ordinal) || text.Contains('e', StringComparison.OrdinalIgnoreCase) && !text.Contains("0x", StringComparison.OrdinalIgnoreCase))
        {
            return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        var negative = text.StartsWith('-');
        var body = negative ? text[1..] : text;
        if (body.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            // Found by fuzzing: long.Parse threw OverflowException past 16 digits, and read 0x8000000000000000 and up as negative.
            var limit = negative ? (ulong)long.MaxValue + 1 : long.MaxValue;
            return ulong.TryParse(body[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var magnitude) && magnitude <= limit
                ? unchecked(negative ? (long)(0UL - magnitude) : (long)magnitude)
                : throw new FormatException($"'{text}' is out of the int range");
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : throw new FormatException($"'{text}' is out of the int range");
    }

    private Token? Peek() => _position < _tokens.Count ? _tokens[_position] : null;

    private Token Next() => _position < _tokens.Count ? _tokens[_position++] : throw new FormatException("the expression ends too early");

    private bool IsKeyword(string word) => Peek() is { Kind: Kind.Identifier } token && token.Text == word;

    private bool Accept(string text)
    {
        if (Peek() is { Kind: Kind.Operator } token && token.Text == text)
        {
            _position++;
            return true;
        }

        return false;
    }

    private void Expect(string text)
    {
        if (!Accept(text))
        {
            throw new FormatException($"expected '{text}' in the expression");
        }
    }

    private static List<Token> Lex(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                var start = i;
                if (c == '0' && i + 1 < text.Length && text[i + 1] is 'x' or 'X')
                {
                    i += 2;
                    while (i < text.Length && Uri.IsHexDigit(text[i]))
                    {
                        i++;
                    }
                }
                else
                {
                    while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.' || ((text[i] is 'e' or 'E') && i + 1 < text.Length) || ((text[i] is '+' or '-') && text[i - 1] is 'e' or 'E')))
                    {
                        i++;
                    }
                }

                if (i < text.Length && text[i] is 'u' or 'U')
                {
                    i++;
                }

                tokens.Add(new Token(Kind.Number, text[start..i]));
                continue;
            }

            if (c is '"' or '\'')
            {
                tokens.Add(new Token(Kind.String, LexString(text, ref i)));
                continue;
            }

            if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(Kind.Identifier, text[start..i]));
                continue;
            }

            var two = i + 1 < text.Length ? text.Substring(i, 2) : string.Empty;
            if (two is "&&" or "||" or "==" or "!=" or "<=" or ">=")
            {
                tokens.Add(new Token(Kind.Operator, two));
                i += 2;
                continue;
            }

            if ("!<>+-*/%()[]{}.,:?".Contains(c, StringComparison.Ordinal))
            {
                tokens.Add(new Token(Kind.Operator, c.ToString()));
                i++;
                continue;
            }

            throw new FormatException($"unexpected character '{c}' in the expression");
        }

        return tokens;
    }

    private static string LexString(string text, ref int i)
    {
        var quote = text[i];
        var triple = i + 2 < text.Length && text[i + 1] == quote && text[i + 2] == quote;
        i += triple ? 3 : 1;
        var builder = new StringBuilder();
        while (i < text.Length)
        {
            var c = text[i];
            if (triple ? c == quote && i + 2 < text.Length && text[i + 1] == quote && text[i + 2] == quote : c == quote)
            {
                i += triple ? 3 : 1;
                return builder.ToString();
            }

            if (c == '\\' && i + 1 < text.Length)
            {
                var e = text[i + 1];
                i += 2;
                switch (e)
                {
                    case 'n': builder.Append('\n'); break;
                    case 't': builder.Append('\t'); break;
                    case 'r': builder.Append('\r'); break;
                    case '\\': builder.Append('\\'); break;
                    case '"': builder.Append('"'); break;
                    case '\'': builder.Append('\''); break;
                    case 'u' when i + 4 <= text.Length:
                        // Found by fuzzing: Convert.ToInt32 threw ArgumentException on "\u-123"; four hex digits or a FormatException.
                        builder.Append(ushort.TryParse(text.AsSpan(i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                            ? (char)code
                            : throw new FormatException($"'\\u{text.Substring(i, 4)}' is not a \\u escape of four hex digits"));
                        i += 4;
                        break;
                    default: throw new FormatException($"unknown escape '\\{e}' in a string");
                }

                continue;
            }

            if (!triple && c == '\n')
            {
                break;
            }

            builder.Append(c);
            i++;
        }

        throw new FormatException("a string literal is not closed");
    }

    private enum Kind
    {
        Number,
        String,
        Identifier,
        Operator,
    }

    private sealed record Token(Kind Kind, string Text);
}

using AgentCore.Security.OpenFga.Embedded.Model;

namespace AgentCore.Security.OpenFga.Embedded.Dsl;

/// <summary>
/// Parses a relation's definition: <c>[types]</c>, <c>rel</c>, <c>rel from tupleset</c>, parentheses, and
/// chains of one operator (<c>or</c>, <c>and</c>) or <c>but not</c>. Mixing operators needs parentheses.
/// </summary>
internal sealed class RelationExpressionParser(string text)
{
    private readonly List<string> _tokens = Tokenize(text);
    private readonly List<RelationReference> _direct = [];
    private int _position;

    public (Rewrite Rewrite, IReadOnlyList<RelationReference> Direct) Parse()
    {
        var rewrite = ParseExpression();
        if (_position != _tokens.Count)
        {
            throw new FormatException($"unexpected '{_tokens[_position]}'");
        }

        return (rewrite, _direct);
    }

    private Rewrite ParseExpression()
    {
        var first = ParseOperand();
        if (Peek() is not ("or" or "and" or "but"))
        {
            return first;
        }

        var op = Peek()!;
        if (op == "but")
        {
            var result = first;
            while (Peek() == "but")
            {
                Next();
                Expect("not");
                result = new DifferenceRewrite(result, ParseOperand());
            }

            if (Peek() is "or" or "and")
            {
                throw new FormatException("mixing 'but not' with 'or'/'and' needs parentheses");
            }

            return result;
        }

        var children = new List<Rewrite> { first };
        while (Peek() == op)
        {
            Next();
            children.Add(ParseOperand());
        }

        if (Peek() is { } other && other is "or" or "and" or "but")
        {
            throw new FormatException($"mixing '{op}' with '{(other == "but" ? "but not" : other)}' needs parentheses");
        }

        return new SetRewrite(op == "or", children);
    }

    private Rewrite ParseOperand()
    {
        var token = Next() ?? throw new FormatException("an expression is missing");
        if (token == "(")
        {
            var inner = ParseExpression();
            Expect(")");
            return inner;
        }

        if (token == "[")
        {
            ParseDirectTypes();
            return ThisRewrite.Instance;
        }

        if (!DslParser.IdentifierRegex().IsMatch(token) || token is "or" or "and" or "but" or "from" or "not")
        {
            throw new FormatException($"unexpected '{token}'");
        }

        if (Peek() == "from")
        {
            Next();
            var tupleset = Next() ?? throw new FormatException("'from' needs a relation");
            if (!DslParser.IdentifierRegex().IsMatch(tupleset))
            {
                throw new FormatException($"'{tupleset}' is not a relation");
            }

            return new TupleToUsersetRewrite(tupleset, token);
        }

        return new ComputedRewrite(token);
    }

    private void ParseDirectTypes()
    {
        if (_direct.Count > 0)
        {
            throw new FormatException("a relation may have only one list of directly related types");
        }

        while (true)
        {
            var type = Next() ?? throw new FormatException("unterminated type list");
            if (!DslParser.IdentifierRegex().IsMatch(type))
            {
                throw new FormatException($"'{type}' is not a type");
            }

            string? relation = null;
            var wildcard = false;
            if (Peek() == ":")
            {
                Next();
                Expect("*");
                wildcard = true;
            }
            else if (Peek() == "#")
            {
                Next();
                relation = Next() ?? throw new FormatException("'#' needs a relation");
            }

            string? condition = null;
            if (Peek() == "with")
            {
                Next();
                condition = Next() ?? throw new FormatException("'with' needs a condition name");
            }

            _direct.Add(new RelationReference(type, relation, wildcard, condition));
            var separator = Next() ?? throw new FormatException("unterminated type list: ']' is missing");
            if (separator == "]")
            {
                return;
            }

            if (separator != ",")
            {
                throw new FormatException($"expected ',' or ']' in the type list, not '{separator}'");
            }
        }
    }

    private string? Peek() => _position < _tokens.Count ? _tokens[_position] : null;

    private string? Next() => _position < _tokens.Count ? _tokens[_position++] : null;

    private void Expect(string token)
    {
        if (Next() != token)
        {
            throw new FormatException($"expected '{token}'");
        }
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '[' or ']' or '(' or ')' or ',' or ':' or '#' or '*')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('[' or ']' or '(' or ')' or ',' or ':' or '#' or '*'))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
        }

        return tokens;
    }
}

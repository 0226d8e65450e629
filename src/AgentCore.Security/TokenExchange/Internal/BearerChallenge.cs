namespace AgentCore.Security.TokenExchange.Internal;

/// <summary>Reads an RFC 6750 <c>Bearer</c> challenge's parameters, for the exchange handler and the MCP client's discovery.</summary>
internal static class BearerChallenge
{
    /// <summary>
    /// The value of the parameter <paramref name="name"/> (matched without regard to case) in a challenge's
    /// parameters, read as RFC 9110 §11.2 lays them out: <c>name=token</c> or <c>name="quoted string"</c> with
    /// backslash escapes, separated by commas. Parameters are read one after another, so text inside one
    /// quoted value is never taken for another parameter (fuzzing found the earlier search-based reader did).
    /// </summary>
    /// <returns>The value, or <see langword="null"/> when it is absent or the parameters are malformed before it.</returns>
    public static string? Parameter(string parameters, string name)
    {
        var at = 0;
        while (true)
        {
            at = Skip(parameters, at, static c => c is ' ' or '\t' or ',');
            if (at >= parameters.Length)
            {
                return null;
            }

            var nameStart = at;
            at = Skip(parameters, at, IsTokenChar);
            var parameterName = parameters.AsSpan(nameStart, at - nameStart);
            at = Skip(parameters, at, static c => c is ' ' or '\t');
            if (parameterName.IsEmpty || at >= parameters.Length || parameters[at] != '=')
            {
                return null; // not an auth-param (or the next challenge begins): nothing further is read
            }

            at = Skip(parameters, at + 1, static c => c is ' ' or '\t');
            string? value;
            if (at < parameters.Length && parameters[at] == '"')
            {
                (value, at) = Quoted(parameters, at + 1);
                if (value is null)
                {
                    return null; // an unterminated quoted string
                }
            }
            else
            {
                var valueStart = at;
                at = Skip(parameters, at, static c => c is not (' ' or '\t' or ',' or '"')); // a token, read leniently up to its end
                value = parameters[valueStart..at];
            }

            if (parameterName.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }

            at = Skip(parameters, at, static c => c is ' ' or '\t');
            if (at < parameters.Length && parameters[at] != ',')
            {
                return null;
            }
        }
    }

    private static (string? Value, int Next) Quoted(string text, int at)
    {
        var builder = new StringBuilder();
        while (at < text.Length)
        {
            var c = text[at++];
            if (c == '"')
            {
                return (builder.ToString(), at);
            }

            if (c == '\\' && at < text.Length)
            {
                c = text[at++];
            }

            builder.Append(c);
        }

        return (null, at);
    }

    private static int Skip(string text, int at, Func<char, bool> skip)
    {
        while (at < text.Length && skip(text[at]))
        {
            at++;
        }

        return at;
    }

    // RFC 9110 §5.6.2 tchar: what a parameter's name is made of.
    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}

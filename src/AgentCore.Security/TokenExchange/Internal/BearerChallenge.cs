namespace AgentCore.Security.TokenExchange.Internal;

/// <summary>Reads an RFC 6750 <c>Bearer</c> challenge's parameters, for the exchange handler and the MCP client's discovery.</summary>
internal static class BearerChallenge
{
    /// <summary>The value of <c>name="…"</c> in a challenge's parameters (RFC 6750 values are quoted strings without escapes), or <see langword="null"/>.</summary>
    public static string? Parameter(string parameters, string name)
    {
        for (var at = parameters.IndexOf(name + "=\"", StringComparison.Ordinal); at >= 0; at = parameters.IndexOf(name + "=\"", at + name.Length, StringComparison.Ordinal))
        {
            if (at == 0 || parameters[at - 1] is ' ' or ',')
            {
                var start = at + name.Length + 2;
                var end = parameters.IndexOf('"', start);
                return end < 0 ? null : parameters[start..end];
            }
        }

        return null;
    }
}

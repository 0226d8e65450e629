using System.Text;

namespace AgentCore.Security.Gateway.Internal;

/// <summary>
/// A route's object template: <c>{tool}</c> is the MCP tool's name, <c>{0}</c>, <c>{1}</c>… the path segments after the
/// route's prefix. Every value must be a plain name (letters, digits, <c>-._~</c>, at most 128 characters), so a request
/// cannot name a userset (<c>#</c>), another type (<c>:</c>) or anything else the store would read differently.
/// </summary>
internal static class ObjectTemplate
{
    private const int MaxValueLength = 128;

    /// <summary>Checks that a template names only placeholders it can fill.</summary>
    /// <returns>The problem, or <see langword="null"/>.</returns>
    public static string? Check(string template, bool mcp)
    {
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] == '{')
            {
                var end = template.IndexOf('}', i);
                if (end < 0)
                {
                    return $"'{template}' has an unclosed '{{'";
                }

                var name = template[(i + 1)..end];
                if (!(name == "tool" && mcp) && !int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    return $"'{template}' names '{{{name}}}'; a template may use {(mcp ? "{tool} and " : string.Empty)}{{0}}, {{1}}… (path segments)";
                }

                i = end;
            }
        }

        return template.Contains(':', StringComparison.Ordinal) ? null : $"'{template}' is not an object (type:id)";
    }

    /// <summary>Fills the template; <see langword="null"/> (and the problem) when a value is missing or not a plain name.</summary>
    public static string? Fill(string template, string? tool, IReadOnlyList<string> segments, out string? problem)
    {
        problem = null;
        var builder = new StringBuilder(template.Length + 32);
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '{')
            {
                builder.Append(template[i]);
                continue;
            }

            var end = template.IndexOf('}', i);
            var name = template[(i + 1)..end];
            var value = name == "tool" ? tool
                : int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < segments.Count ? segments[index]
                : null;
            if (string.IsNullOrEmpty(value))
            {
                problem = $"the request names no value for {{{name}}}";
                return null;
            }

            if (!IsPlainName(value))
            {
                problem = $"{{{name}}} is not a plain name (letters, digits, '-', '.', '_', '~'; at most {MaxValueLength})";
                return null;
            }

            builder.Append(value);
            i = end;
        }

        return builder.ToString();
    }

    public static bool IsPlainName(string value)
    {
        if (value.Length is 0 or > MaxValueLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_' or '~'))
            {
                return false;
            }
        }

        return true;
    }
}

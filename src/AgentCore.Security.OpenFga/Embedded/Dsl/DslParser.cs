using AgentCore.Security.OpenFga.Embedded.Model;

namespace AgentCore.Security.OpenFga.Embedded.Dsl;

/// <summary>
/// Parses the OpenFGA modeling language, schema 1.1: <c>model</c>/<c>schema</c>, <c>type</c> with
/// <c>relations</c> and <c>define</c> lines, and <c>condition</c> blocks with CEL bodies. Comments start
/// with <c>#</c> at the start of a line or after whitespace.
/// </summary>
internal static partial class DslParser
{
    public static FgaModel Parse(string text, bool validate = true)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        string? schema = null;
        var types = new Dictionary<string, TypeDefinition>(StringComparer.Ordinal);
        var conditions = new Dictionary<string, ConditionDefinition>(StringComparer.Ordinal);
        string? currentType = null;
        Dictionary<string, RelationDefinition>? relations = null;
        var sawModel = false;
        var inRelations = false;

        for (var i = 0; i < lines.Length; i++)
        {
            var line = StripComment(lines[i]).TrimEnd();
            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            var number = i + 1;
            if (trimmed == "model")
            {
                sawModel = true;
                continue;
            }

            if (trimmed.StartsWith("schema ", StringComparison.Ordinal))
            {
                schema = trimmed["schema ".Length..].Trim();
                if (schema != "1.1")
                {
                    throw Error(number, $"schema {schema} is not supported; only schema 1.1 is");
                }

                continue;
            }

            if (trimmed.StartsWith("type ", StringComparison.Ordinal) && !char.IsWhiteSpace(line[0]))
            {
                Finish();
                currentType = trimmed["type ".Length..].Trim();
                if (!IdentifierRegex().IsMatch(currentType))
                {
                    throw Error(number, $"'{currentType}' is not a valid type name");
                }

                if (types.ContainsKey(currentType))
                {
                    throw Error(number, $"type '{currentType}' is defined twice");
                }

                relations = new Dictionary<string, RelationDefinition>(StringComparer.Ordinal);
                inRelations = false;
                continue;
            }

            if (trimmed == "relations" && currentType is not null)
            {
                inRelations = true;
                continue;
            }

            if (trimmed.StartsWith("define ", StringComparison.Ordinal) && currentType is not null && inRelations)
            {
                var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    throw Error(number, "a define needs 'name: expression'");
                }

                var name = trimmed["define ".Length..colon].Trim();
                if (!IdentifierRegex().IsMatch(name) || name is "this" or "self")
                {
                    throw Error(number, $"'{name}' is not a valid relation name");
                }

                if (relations!.ContainsKey(name))
                {
                    throw Error(number, $"relation '{name}' of type '{currentType}' is defined twice");
                }

                try
                {
                    var (rewrite, direct) = new RelationExpressionParser(trimmed[(colon + 1)..]).Parse();
                    relations[name] = new RelationDefinition(name, rewrite, direct);
                }
                catch (FormatException e)
                {
                    throw Error(number, e.Message);
                }

                continue;
            }

            if (trimmed.StartsWith("condition ", StringComparison.Ordinal) && !char.IsWhiteSpace(line[0]))
            {
                Finish();
                currentType = null;
                i = ParseCondition(lines, i, conditions);
                continue;
            }

            throw Error(number, $"unexpected '{trimmed}'");
        }

        Finish();
        if (!sawModel || schema is null)
        {
            throw new FgaModelException("The model must start with 'model' and 'schema 1.1'.");
        }

        var model = new FgaModel(schema, types, conditions);
        if (validate)
        {
            ModelValidator.Validate(model);
        }

        return model;

        void Finish()
        {
            if (currentType is not null)
            {
                types[currentType] = new TypeDefinition(currentType, relations!);
                currentType = null;
                relations = null;
            }
        }
    }

    internal static string StripComment(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line[..i];
            }
        }

        return line;
    }

    private static int ParseCondition(string[] lines, int start, Dictionary<string, ConditionDefinition> conditions)
    {
        // condition name(p1: type, p2: type) { body }  — the header may span lines; the body ends at the matching '}'.
        var text = new System.Text.StringBuilder();
        var i = start;
        var depth = 0;
        var opened = false;
        for (; i < lines.Length; i++)
        {
            var line = lines[i];
            foreach (var c in line)
            {
                if (c == '{')
                {
                    depth++;
                    opened = true;
                }
                else if (c == '}')
                {
                    depth--;
                }
            }

            text.Append(line).Append('\n');
            if (opened && depth == 0)
            {
                break;
            }
        }

        if (!opened || depth != 0)
        {
            throw Error(start + 1, "a condition's body must be enclosed in { }");
        }

        var all = text.ToString();
        var match = ConditionRegex().Match(all);
        if (!match.Success)
        {
            throw Error(start + 1, "a condition needs 'condition name(parameter: type, …) { expression }'");
        }

        var name = match.Groups["name"].Value;
        var parameters = new Dictionary<string, ConditionParameterType>(StringComparer.Ordinal);
        foreach (var parameter in SplitParameters(match.Groups["params"].Value))
        {
            var colon = parameter.IndexOf(':', StringComparison.Ordinal);
            var parameterName = colon < 0 ? string.Empty : parameter[..colon].Trim();
            var type = colon < 0 ? null : ConditionParameterType.Parse(parameter[(colon + 1)..]);
            if (parameterName.Length == 0 || type is null)
            {
                throw Error(start + 1, $"condition '{name}' has an invalid parameter '{parameter.Trim()}'");
            }

            parameters[parameterName] = type;
        }

        var body = match.Groups["body"].Value.Trim();
        if (conditions.ContainsKey(name))
        {
            throw Error(start + 1, $"condition '{name}' is defined twice");
        }

        try
        {
            conditions[name] = new ConditionDefinition(name, body, parameters);
        }
        catch (FormatException e)
        {
            throw Error(start + 1, $"condition '{name}': {e.Message}");
        }

        return i;
    }

    private static IEnumerable<string> SplitParameters(string text)
    {
        var depth = 0;
        var begin = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '<')
            {
                depth++;
            }
            else if (text[i] == '>')
            {
                depth--;
            }
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[begin..i];
                begin = i + 1;
            }
        }

        if (text[begin..].Trim().Length > 0)
        {
            yield return text[begin..];
        }
    }

    private static FgaModelException Error(int line, string message) => new($"Model line {line}: {message}.");

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_\-]*$")]
    internal static partial Regex IdentifierRegex();

    [GeneratedRegex(@"^\s*condition\s+(?<name>[A-Za-z0-9_][A-Za-z0-9_\-]*)\s*\((?<params>[^)]*)\)\s*\{(?<body>.*)\}\s*$", RegexOptions.Singleline)]
    private static partial Regex ConditionRegex();
}

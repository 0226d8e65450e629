using AgentCore.Security.OpenFga.Embedded.Dsl;
using AgentCore.Security.OpenFga.Embedded.Model;

namespace AgentCore.Security.OpenFga;

/// <summary>
/// An OpenFGA authorization model (schema 1.1), parsed from the DSL or from its JSON form. Immutable;
/// the same model serves the embedded evaluator and, as JSON, an OpenFGA server.
/// </summary>
public sealed class FgaModel
{
    internal FgaModel(string schemaVersion, IReadOnlyDictionary<string, TypeDefinition> types, IReadOnlyDictionary<string, ConditionDefinition> conditions)
    {
        SchemaVersion = schemaVersion;
        Types = types;
        Conditions = conditions;
    }

    /// <summary>Gets the schema version (<c>1.1</c>).</summary>
    public string SchemaVersion { get; }

    /// <summary>Gets the type names.</summary>
    public IEnumerable<string> TypeNames => Types.Keys;

    /// <summary>The relations a type defines (none for an unknown type).</summary>
    /// <param name="type">The type.</param>
    /// <returns>The relation names.</returns>
    public IEnumerable<string> RelationNames(string type) =>
        Types.TryGetValue(type, out var definition) ? definition.Relations.Keys : [];

    internal IReadOnlyDictionary<string, TypeDefinition> Types { get; }

    internal IReadOnlyDictionary<string, ConditionDefinition> Conditions { get; }

    /// <summary>Parses a model written in the OpenFGA DSL.</summary>
    /// <param name="dsl">The model text, starting with <c>model</c> and <c>schema 1.1</c>.</param>
    /// <returns>The model.</returns>
    /// <exception cref="FgaModelException">The text is not a valid model; the message names the line.</exception>
    public static FgaModel Parse(string dsl)
    {
        ArgumentNullException.ThrowIfNull(dsl);
        return DslParser.Parse(dsl);
    }

    /// <summary>Parses a model in OpenFGA's JSON form (<c>schema_version</c>, <c>type_definitions</c>, <c>conditions</c>).</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The model.</returns>
    /// <exception cref="FgaModelException">The JSON is not a valid model.</exception>
    public static FgaModel ParseJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ModelJsonReader.Read(json);
    }

    /// <summary>Parses either form: JSON when the text starts with <c>{</c>, the DSL otherwise.</summary>
    /// <param name="text">The model text, DSL or JSON.</param>
    /// <returns>The parsed model.</returns>
    public static FgaModel ParseAny(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.TrimStart().StartsWith('{') ? ParseJson(text) : Parse(text);
    }

    /// <summary>Writes the model in OpenFGA's JSON form, as <c>WriteAuthorizationModel</c> takes it.</summary>
    /// <returns>The JSON.</returns>
    public string ToJson() => ModelJsonWriter.ToJson(this);

    /// <summary>A canonical description (types, relations, rewrites, conditions), equal for equal models whatever their source form.</summary>
    /// <returns>The description.</returns>
    public string Describe()
    {
        var builder = new StringBuilder();
        builder.Append("schema ").AppendLine(SchemaVersion);
        foreach (var type in Types.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            builder.Append("type ").AppendLine(type.Name);
            foreach (var relation in type.Relations.Values.OrderBy(r => r.Name, StringComparer.Ordinal))
            {
                builder.Append("  ").Append(relation.Name).Append(": ").Append(relation.Rewrite);
                if (relation.DirectTypes.Count > 0)
                {
                    builder.Append(" [").AppendJoin(", ", relation.DirectTypes.Select(d => d.ToString()).Order(StringComparer.Ordinal)).Append(']');
                }

                builder.AppendLine();
            }
        }

        foreach (var condition in Conditions.Values.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            builder.Append("condition ").Append(condition.Name).Append('(')
                .AppendJoin(", ", condition.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ": " + p.Value))
                .Append(") ").AppendLine(string.Join(' ', condition.Expression.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)));
        }

        return builder.ToString();
    }

    internal RelationDefinition? FindRelation(string type, string relation) =>
        Types.TryGetValue(type, out var definition) && definition.Relations.TryGetValue(relation, out var found) ? found : null;
}

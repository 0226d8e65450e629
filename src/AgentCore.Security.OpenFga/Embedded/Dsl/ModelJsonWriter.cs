using AgentCore.Security.OpenFga.Embedded.Model;

namespace AgentCore.Security.OpenFga.Embedded.Dsl;

/// <summary>Writes a model in OpenFGA's JSON form (what <c>WriteAuthorizationModel</c> takes).</summary>
internal static class ModelJsonWriter
{
    public static void Write(Utf8JsonWriter writer, FgaModel model)
    {
        writer.WriteStartObject();
        writer.WriteString("schema_version", model.SchemaVersion);
        writer.WriteStartArray("type_definitions");
        foreach (var type in model.Types.Values)
        {
            writer.WriteStartObject();
            writer.WriteString("type", type.Name);
            writer.WriteStartObject("relations");
            foreach (var relation in type.Relations.Values)
            {
                writer.WritePropertyName(relation.Name);
                WriteRewrite(writer, relation.Rewrite);
            }

            writer.WriteEndObject();
            writer.WriteStartObject("metadata");
            writer.WriteStartObject("relations");
            foreach (var relation in type.Relations.Values)
            {
                writer.WriteStartObject(relation.Name);
                writer.WriteStartArray("directly_related_user_types");
                foreach (var direct in relation.DirectTypes)
                {
                    writer.WriteStartObject();
                    writer.WriteString("type", direct.Type);
                    if (direct.Relation is not null)
                    {
                        writer.WriteString("relation", direct.Relation);
                    }

                    if (direct.Wildcard)
                    {
                        writer.WriteStartObject("wildcard");
                        writer.WriteEndObject();
                    }

                    if (direct.Condition is not null)
                    {
                        writer.WriteString("condition", direct.Condition);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("conditions");
        foreach (var condition in model.Conditions.Values)
        {
            writer.WriteStartObject(condition.Name);
            writer.WriteString("name", condition.Name);
            writer.WriteString("expression", condition.Expression);
            writer.WriteStartObject("parameters");
            foreach (var (name, type) in condition.Parameters)
            {
                writer.WritePropertyName(name);
                WriteParameterType(writer, type);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static string ToJson(FgaModel model)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, model);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteParameterType(Utf8JsonWriter writer, ConditionParameterType type)
    {
        writer.WriteStartObject();
        writer.WriteString("type_name", "TYPE_NAME_" + type.Name.ToUpperInvariant());
        if (type.Element is not null)
        {
            writer.WriteStartArray("generic_types");
            WriteParameterType(writer, type.Element);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteRewrite(Utf8JsonWriter writer, Rewrite rewrite)
    {
        writer.WriteStartObject();
        switch (rewrite)
        {
            case ThisRewrite:
                writer.WriteStartObject("this");
                writer.WriteEndObject();
                break;
            case ComputedRewrite computed:
                writer.WriteStartObject("computedUserset");
                writer.WriteString("relation", computed.Relation);
                writer.WriteEndObject();
                break;
            case TupleToUsersetRewrite ttu:
                writer.WriteStartObject("tupleToUserset");
                writer.WriteStartObject("tupleset");
                writer.WriteString("relation", ttu.Tupleset);
                writer.WriteEndObject();
                writer.WriteStartObject("computedUserset");
                writer.WriteString("relation", ttu.ComputedRelation);
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case SetRewrite set:
                writer.WriteStartObject(set.IsUnion ? "union" : "intersection");
                writer.WriteStartArray("child");
                foreach (var child in set.Children)
                {
                    WriteRewrite(writer, child);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            case DifferenceRewrite difference:
                writer.WriteStartObject("difference");
                writer.WritePropertyName("base");
                WriteRewrite(writer, difference.Base);
                writer.WritePropertyName("subtract");
                WriteRewrite(writer, difference.Subtract);
                writer.WriteEndObject();
                break;
        }

        writer.WriteEndObject();
    }
}

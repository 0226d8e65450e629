using AgentCore.Security.OpenFga.Embedded.Model;

namespace AgentCore.Security.OpenFga.Embedded.Dsl;

/// <summary>Reads OpenFGA's JSON model (protobuf JSON; snake_case or camelCase member names).</summary>
internal static class ModelJsonReader
{
    public static FgaModel Read(string json, bool validate = true)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.TryGetProperty("authorization_model", out var wrapped) || root.TryGetProperty("authorizationModel", out wrapped))
            {
                root = wrapped;
            }

            var schema = Get(root, "schema_version", "schemaVersion")?.GetString() ?? throw new FgaModelException("The model has no schema_version.");
            if (schema != "1.1")
            {
                throw new FgaModelException($"schema {schema} is not supported; only schema 1.1 is.");
            }

            var conditions = new Dictionary<string, ConditionDefinition>(StringComparer.Ordinal);
            if (Get(root, "conditions") is { ValueKind: JsonValueKind.Object } conditionsElement)
            {
                foreach (var property in conditionsElement.EnumerateObject())
                {
                    var parameters = new Dictionary<string, ConditionParameterType>(StringComparer.Ordinal);
                    if (Get(property.Value, "parameters") is { ValueKind: JsonValueKind.Object } parametersElement)
                    {
                        foreach (var parameter in parametersElement.EnumerateObject())
                        {
                            parameters[parameter.Name] = ReadParameterType(parameter.Value) ?? throw new FgaModelException($"Condition '{property.Name}' parameter '{parameter.Name}' has an unknown type.");
                        }
                    }

                    var expression = Get(property.Value, "expression")?.GetString() ?? string.Empty;
                    conditions[property.Name] = new ConditionDefinition(property.Name, expression, parameters);
                }
            }

            var types = new Dictionary<string, TypeDefinition>(StringComparer.Ordinal);
            var typeDefinitions = Get(root, "type_definitions", "typeDefinitions");
            foreach (var typeElement in typeDefinitions is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : default)
            {
                var name = Get(typeElement, "type")!.Value.GetString()!;
                var metadata = Get(typeElement, "metadata") is { ValueKind: JsonValueKind.Object } m ? Get(m, "relations") : null;
                var relations = new Dictionary<string, RelationDefinition>(StringComparer.Ordinal);
                if (Get(typeElement, "relations") is { ValueKind: JsonValueKind.Object } relationsElement)
                {
                    foreach (var relation in relationsElement.EnumerateObject())
                    {
                        var direct = new List<RelationReference>();
                        if (metadata is { ValueKind: JsonValueKind.Object } meta && meta.TryGetProperty(relation.Name, out var relationMeta)
                            && Get(relationMeta, "directly_related_user_types", "directlyRelatedUserTypes") is { ValueKind: JsonValueKind.Array } directs)
                        {
                            foreach (var reference in directs.EnumerateArray())
                            {
                                var relationName = Get(reference, "relation")?.GetString();
                                var condition = Get(reference, "condition")?.GetString();
                                direct.Add(new RelationReference(
                                    Get(reference, "type")!.Value.GetString()!,
                                    string.IsNullOrEmpty(relationName) ? null : relationName,
                                    Get(reference, "wildcard") is { ValueKind: JsonValueKind.Object },
                                    string.IsNullOrEmpty(condition) ? null : condition));
                            }
                        }

                        relations[relation.Name] = new RelationDefinition(relation.Name, ReadRewrite(relation.Value), direct);
                    }
                }

                types[name] = new TypeDefinition(name, relations);
            }

            var model = new FgaModel(schema, types, conditions);
            if (validate)
            {
                ModelValidator.Validate(model);
            }

            return model;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or NullReferenceException)
        {
            throw new FgaModelException($"The JSON model is not valid: {e.Message}", e);
        }
    }

    private static ConditionParameterType? ReadParameterType(JsonElement element)
    {
        ConditionParameterType? generic = null;
        if (Get(element, "generic_types", "genericTypes") is { ValueKind: JsonValueKind.Array } generics && generics.GetArrayLength() > 0)
        {
            generic = ReadParameterType(generics[0]);
        }

        return ConditionParameterType.FromJson(Get(element, "type_name", "typeName")!.Value.GetString()!, generic);
    }

    private static Rewrite ReadRewrite(JsonElement element)
    {
        if (Get(element, "this") is not null)
        {
            return ThisRewrite.Instance;
        }

        if (Get(element, "computedUserset", "computed_userset") is { } computed)
        {
            return new ComputedRewrite(Get(computed, "relation")!.Value.GetString()!);
        }

        if (Get(element, "tupleToUserset", "tuple_to_userset") is { } ttu)
        {
            return new TupleToUsersetRewrite(
                Get(Get(ttu, "tupleset")!.Value, "relation")!.Value.GetString()!,
                Get(Get(ttu, "computedUserset", "computed_userset")!.Value, "relation")!.Value.GetString()!);
        }

        if (Get(element, "union") is { } union)
        {
            return new SetRewrite(true, Get(union, "child")!.Value.EnumerateArray().Select(ReadRewrite).ToArray());
        }

        if (Get(element, "intersection") is { } intersection)
        {
            return new SetRewrite(false, Get(intersection, "child")!.Value.EnumerateArray().Select(ReadRewrite).ToArray());
        }

        if (Get(element, "difference") is { } difference)
        {
            return new DifferenceRewrite(ReadRewrite(Get(difference, "base")!.Value), ReadRewrite(Get(difference, "subtract")!.Value));
        }

        throw new FormatException("a relation has no known rewrite");
    }

    private static JsonElement? Get(JsonElement element, params string[] names)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in names)
        {
            if (element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return value;
            }
        }

        return null;
    }
}

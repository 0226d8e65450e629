namespace AgentCore.Security.OpenFga;

/// <summary>Condition contexts from JSON, in the value shapes the evaluator expects (numbers as doubles, as OpenFGA receives them).</summary>
public static class FgaContext
{
    /// <summary>Parses a JSON object into a context.</summary>
    /// <param name="json">The JSON object.</param>
    /// <returns>The context.</returns>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    /// <exception cref="ArgumentException">The JSON is not an object.</exception>
    public static Dictionary<string, object?> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        return FromJson(document.RootElement);
    }

    /// <summary>Converts a JSON object into a context.</summary>
    /// <param name="element">The JSON object.</param>
    /// <returns>The context.</returns>
    /// <exception cref="ArgumentException">The JSON is not an object.</exception>
    public static Dictionary<string, object?> FromJson(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
            ? (Dictionary<string, object?>)ToValue(element)!
            : throw new ArgumentException("A context must be a JSON object.", nameof(element));

    private static object? ToValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => element.EnumerateArray().Select(ToValue).ToList(),
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => ToValue(p.Value), StringComparer.Ordinal),
        _ => null,
    };
}

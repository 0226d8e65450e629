namespace AgentCore.Security.OpenFga.Embedded.Model;

/// <summary>A condition parameter's declared type: <c>int</c>, <c>uint</c>, <c>double</c>, <c>bool</c>, <c>string</c>, <c>bytes</c>, <c>duration</c>, <c>timestamp</c>, <c>ipaddress</c>, <c>any</c>, <c>list&lt;T&gt;</c>, <c>map&lt;T&gt;</c>.</summary>
internal sealed record ConditionParameterType(string Name, ConditionParameterType? Element)
{
    public static readonly string[] Scalars = ["int", "uint", "double", "bool", "string", "bytes", "duration", "timestamp", "ipaddress", "any"];

    public override string ToString() => Element is null ? Name : $"{Name}<{Element}>";

    public static ConditionParameterType? Parse(string text)
    {
        text = text.Trim();
        var open = text.IndexOf('<', StringComparison.Ordinal);
        if (open < 0)
        {
            return Array.IndexOf(Scalars, text) >= 0 ? new ConditionParameterType(text, null) : null;
        }

        var name = text[..open].Trim();
        if (name is not ("list" or "map") || !text.EndsWith('>'))
        {
            return null;
        }

        var element = Parse(text[(open + 1)..^1]);
        return element is null ? null : new ConditionParameterType(name, element);
    }

    /// <summary>The protobuf-JSON form, for example <c>TYPE_NAME_INT</c>.</summary>
    public static ConditionParameterType? FromJson(string typeName, ConditionParameterType? element)
    {
        if (!typeName.StartsWith("TYPE_NAME_", StringComparison.Ordinal))
        {
            return null;
        }

        var name = typeName["TYPE_NAME_".Length..].ToLowerInvariant();
        return Array.IndexOf(Scalars, name) >= 0 || name is "list" or "map" ? new ConditionParameterType(name, element) : null;
    }
}

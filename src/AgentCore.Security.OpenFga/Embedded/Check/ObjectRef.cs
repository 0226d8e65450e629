namespace AgentCore.Security.OpenFga.Embedded.Check;

/// <summary>A parsed user or object: <c>type:id</c>, <c>type:*</c> (wildcard) or <c>type:id#relation</c> (userset).</summary>
internal readonly record struct ObjectRef(string Type, string Id, string? Relation, string Object)
{
    public bool IsWildcard => Id == "*";

    /// <summary>Gets the user as written: <c>type:id</c> or <c>type:id#relation</c>.</summary>
    public string Text => Relation is null ? Object : Object + "#" + Relation;

    public static bool TryParseUser(string text, out ObjectRef user)
    {
        user = default;
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        var main = hash < 0 ? text : text[..hash];
        var relation = hash < 0 ? null : text[(hash + 1)..];
        if (relation is { Length: 0 } || (relation is not null && (relation.Contains(':', StringComparison.Ordinal) || relation.Contains('#', StringComparison.Ordinal))))
        {
            return false;
        }

        if (!TryParseObject(main, out var obj) || (obj.IsWildcard && relation is not null))
        {
            return false;
        }

        user = obj with { Relation = relation };
        return true;
    }

    public static bool TryParseObject(string text, out ObjectRef obj)
    {
        obj = default;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        var type = text[..colon];
        var id = text[(colon + 1)..];
        if (id.Contains(':', StringComparison.Ordinal) || id.Contains('#', StringComparison.Ordinal) || type.Contains('#', StringComparison.Ordinal)
            || id.Any(char.IsWhiteSpace) || type.Any(char.IsWhiteSpace))
        {
            return false;
        }

        obj = new ObjectRef(type, id, null, text);
        return true;
    }

    public override string ToString() => Text;
}

namespace AgentCore.Security.OpenFga.Embedded.Model;

/// <summary>A type and its relations.</summary>
internal sealed class TypeDefinition(string name, IReadOnlyDictionary<string, RelationDefinition> relations)
{
    public string Name { get; } = name;

    public IReadOnlyDictionary<string, RelationDefinition> Relations { get; } = relations;
}

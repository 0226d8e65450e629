namespace AgentCore.Security.OpenFga.Embedded.Model;

/// <summary>A relation of a type: its rewrite and, when it has direct tuples, the user types allowed in them.</summary>
internal sealed class RelationDefinition(string name, Rewrite rewrite, IReadOnlyList<RelationReference> directTypes)
{
    public string Name { get; } = name;

    public Rewrite Rewrite { get; } = rewrite;

    public IReadOnlyList<RelationReference> DirectTypes { get; } = directTypes;
}

namespace AgentCore.Security.OpenFga;

/// <summary>An OpenFGA ListObjects request: the objects of <see cref="Type"/> on which <see cref="User"/> has <see cref="Relation"/>.</summary>
public sealed class FgaListObjectsRequest
{
    /// <summary>Gets the user (<c>user:alice</c>, <c>user:*</c>, <c>group:eng#member</c>).</summary>
    public required string User { get; init; }

    /// <summary>Gets the relation.</summary>
    public required string Relation { get; init; }

    /// <summary>Gets the object type.</summary>
    public required string Type { get; init; }

    /// <summary>Gets the condition context.</summary>
    public IReadOnlyDictionary<string, object?>? Context { get; init; }

    /// <summary>Gets tuples that hold for this request only.</summary>
    public IReadOnlyList<FgaTuple> ContextualTuples { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() => $"{User} {Relation} {Type}:?";
}

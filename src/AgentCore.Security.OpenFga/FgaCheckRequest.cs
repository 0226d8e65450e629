#pragma warning disable CA1720 // 'Object' is OpenFGA's own name for the tuple's object
namespace AgentCore.Security.OpenFga;

/// <summary>A Check: whether <see cref="User"/> has <see cref="Relation"/> on <see cref="Object"/>.</summary>
public sealed class FgaCheckRequest
{
    /// <summary>Gets the user: <c>type:id</c>, <c>type:*</c> or <c>type:id#relation</c>.</summary>
    public required string User { get; init; }

    /// <summary>Gets the relation.</summary>
    public required string Relation { get; init; }

    /// <summary>Gets the object: <c>type:id</c>.</summary>
    public required string Object { get; init; }

    /// <summary>Gets the request context for conditions (JSON-like values: string, double, long, bool, lists, maps).</summary>
    public IReadOnlyDictionary<string, object?>? Context { get; init; }

    /// <summary>Gets tuples that hold for this request only.</summary>
    public IReadOnlyList<FgaTuple> ContextualTuples { get; init; } = [];

    /// <summary>Shows the request.</summary>
    /// <returns><c>user relation object</c>.</returns>
    public override string ToString() => $"{User} {Relation} {Object}";
}

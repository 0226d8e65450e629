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

    /// <summary>
    /// Gets the most objects the embedded store returns, the first ones in ordinal order (OpenFGA's server has the
    /// same limit as <c>--listObjects-max-results</c>, 1000 by default there); <see langword="null"/>: all of them.
    /// A list cut short says so in <see cref="FgaListResult.Truncated"/>. An OpenFGA server applies its own limit.
    /// </summary>
    public int? MaxResults { get; init; }

    /// <summary>
    /// Gets how long the embedded store may search before it answers with what it found so far (OpenFGA's server has
    /// the same limit as <c>--listObjects-deadline</c>, 3 s by default there); <see langword="null"/>: no deadline.
    /// A list cut short says so in <see cref="FgaListResult.Truncated"/>.
    /// </summary>
    public TimeSpan? Deadline { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{User} {Relation} {Type}:?";
}

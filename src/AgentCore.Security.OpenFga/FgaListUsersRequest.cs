#pragma warning disable CA1720 // 'Object' is OpenFGA's own name for the tuple's object
namespace AgentCore.Security.OpenFga;

/// <summary>An OpenFGA ListUsers request: the users matching <see cref="UserFilters"/> that have <see cref="Relation"/> on <see cref="Object"/>.</summary>
public sealed class FgaListUsersRequest
{
    /// <summary>Gets the object.</summary>
    public required string Object { get; init; }

    /// <summary>Gets the relation.</summary>
    public required string Relation { get; init; }

    /// <summary>Gets the user filters: a type (<c>user</c>) or a type and relation (<c>group#member</c>).</summary>
    public required IReadOnlyList<string> UserFilters { get; init; }

    /// <summary>Gets the condition context.</summary>
    public IReadOnlyDictionary<string, object?>? Context { get; init; }

    /// <summary>Gets tuples that hold for this request only.</summary>
    public IReadOnlyList<FgaTuple> ContextualTuples { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() => $"[{string.Join(", ", UserFilters)}] {Relation} {Object}";
}

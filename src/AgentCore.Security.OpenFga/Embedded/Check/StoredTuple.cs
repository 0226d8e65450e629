namespace AgentCore.Security.OpenFga.Embedded.Check;

/// <summary>A tuple with its user parsed once (and, for a userset user, its object part).</summary>
internal sealed record StoredTuple(FgaTuple Tuple, ObjectRef User)
{
    /// <summary>Gets the user as an object (a userset's <c>type:id</c>), for recursion without allocating.</summary>
    public ObjectRef UserObject { get; } = User with { Relation = null };
}

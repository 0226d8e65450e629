namespace AgentCore.Security.OpenFga.Embedded.Model;

/// <summary>One allowed user type of a relation: <c>user</c>, <c>user:*</c>, <c>group#member</c>, each optionally <c>with condition</c>.</summary>
internal sealed record RelationReference(string Type, string? Relation, bool Wildcard, string? Condition)
{
    public override string ToString() =>
        (Wildcard ? Type + ":*" : Relation is null ? Type : Type + "#" + Relation) + (Condition is null ? string.Empty : " with " + Condition);
}

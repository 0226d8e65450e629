#pragma warning disable CA1720 // 'Object' is OpenFGA's own name for the tuple's object
namespace AgentCore.Security.OpenFga;

/// <summary>A relationship tuple: <c>user</c> has <c>relation</c> on <c>object</c>, optionally under a condition.</summary>
/// <param name="User">The user: <c>type:id</c>, <c>type:*</c> or a userset <c>type:id#relation</c>.</param>
/// <param name="Relation">The relation.</param>
/// <param name="Object">The object: <c>type:id</c>.</param>
/// <param name="ConditionName">The condition that must hold, or <see langword="null"/>.</param>
/// <param name="ConditionContext">Parameters bound to the tuple's condition; they win over the request context.</param>
public sealed record FgaTuple(string User, string Relation, string Object, string? ConditionName = null, IReadOnlyDictionary<string, object?>? ConditionContext = null)
{
    /// <summary>Shows the tuple as <c>user relation object</c>.</summary>
    /// <returns>The tuple.</returns>
    public override string ToString() => $"{User} {Relation} {Object}" + (ConditionName is null ? string.Empty : $" with {ConditionName}");
}

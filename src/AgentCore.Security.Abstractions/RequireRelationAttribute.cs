#pragma warning disable CA1720 // 'object' is OpenFGA's own name
namespace AgentCore.Security;

/// <summary>
/// Declares the relation every principal of the caller's chain must hold, and on which object (an OpenFGA
/// object such as <c>alerts:homelab</c>). Override <c>GetObject</c> when the object depends on the input.
/// </summary>
/// <param name="relation">The relation, for example <c>reader</c>.</param>
/// <param name="object">The object, for example <c>alerts:homelab</c>.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class RequireRelationAttribute(string relation, string? @object = null) : Attribute
{
    /// <summary>Gets the relation.</summary>
    public string Relation { get; } = relation;

    /// <summary>Gets the object, or <see langword="null"/> when the skill computes it from its input.</summary>
    public string? Object { get; } = @object;
}

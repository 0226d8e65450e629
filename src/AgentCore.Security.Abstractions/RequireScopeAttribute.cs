namespace AgentCore.Security;

/// <summary>Declares a scope a skill's callers must hold (the token's <c>scope</c>). Repeat for several.</summary>
/// <param name="scope">The scope, for example <c>read:alerts</c>.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class RequireScopeAttribute(string scope) : Attribute
{
    /// <summary>Gets the scope.</summary>
    public string Scope { get; } = scope;
}

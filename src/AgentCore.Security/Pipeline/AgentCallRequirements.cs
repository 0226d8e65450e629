#pragma warning disable CA1720 // 'object' is OpenFGA's own name for the tuple's object
using System.Collections.Concurrent;
using System.Reflection;

namespace AgentCore.Security.Pipeline;

/// <summary>
/// What an operation (a skill, and later an MCP tool or a gateway route) requires of its caller's chain:
/// the scopes the token must hold, and the relation every principal must hold on an object. Any host reads
/// them from the same attributes, <see cref="RequireScopeAttribute"/> and <see cref="RequireRelationAttribute"/>.
/// </summary>
public sealed class AgentCallRequirements
{
    private static readonly ConcurrentDictionary<Type, AgentCallRequirements> ByType = new();

    /// <summary>Initializes a new instance of the <see cref="AgentCallRequirements"/> class.</summary>
    /// <param name="name">The operation's name, for logs and telemetry.</param>
    /// <param name="requiredScopes">Every scope the caller's token must hold.</param>
    /// <param name="relation">The relation every principal must hold, or <see langword="null"/> for none.</param>
    /// <param name="object">The object of the relation when it is fixed; <see langword="null"/> when it is computed per call.</param>
    public AgentCallRequirements(string name, IEnumerable<string>? requiredScopes = null, string? relation = null, string? @object = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        RequiredScopes = [.. requiredScopes ?? []];
        Relation = relation;
        Object = @object;
    }

    /// <summary>Gets the operation's name.</summary>
    public string Name { get; }

    /// <summary>Gets every scope the caller's token must hold (all of them, in declaration order).</summary>
    public IReadOnlyList<string> RequiredScopes { get; }

    /// <summary>Gets the relation every principal of the chain must hold, or <see langword="null"/>.</summary>
    public string? Relation { get; }

    /// <summary>Gets the fixed object of <see cref="Relation"/>, or <see langword="null"/> when the operation computes it per call.</summary>
    public string? Object { get; }

    /// <summary>Reads the requirements a type declares with <see cref="RequireScopeAttribute"/> and <see cref="RequireRelationAttribute"/> (once per type).</summary>
    /// <param name="type">The skill, tool or other operation type.</param>
    /// <returns>The requirements, named after the type.</returns>
    public static AgentCallRequirements FromAttributes(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return ByType.GetOrAdd(type, static t =>
        {
            var relation = t.GetCustomAttribute<RequireRelationAttribute>(inherit: true);
            return new AgentCallRequirements(t.Name, t.GetCustomAttributes<RequireScopeAttribute>(inherit: true).Select(a => a.Scope), relation?.Relation, relation?.Object);
        });
    }

    /// <summary>Describes the requirements.</summary>
    /// <returns>The name, scopes, relation and object.</returns>
    public override string ToString() => $"{Name}: scope=[{string.Join(' ', RequiredScopes)}] {Relation} {Object}";
}

#pragma warning disable CA1720 // 'object' is OpenFGA's own name
namespace AgentCore.Security.Skills;

/// <summary>What a skill's code knows about the call: the verified chain, and the skill's declared relation and object.</summary>
/// <param name="SkillName">The skill's name.</param>
/// <param name="Chain">The caller's verified chain (the subject and the actors).</param>
/// <param name="Relation">The relation that was authorized, if any.</param>
/// <param name="Object">The object it was authorized on, if any.</param>
public sealed record SkillContext(string SkillName, ValidatedChain Chain, string? Relation, string? Object);

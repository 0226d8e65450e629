namespace AgentCore.Cli.Conformance;

/// <summary>One assertion of a conformance file (Check, ListObjects or ListUsers), run in one mode.</summary>
/// <param name="Kind">What is asserted: <c>check</c>, <c>list-objects</c> or <c>list-users</c>.</param>
/// <param name="Entry">The entry's name.</param>
/// <param name="Stage">The stage (0-based).</param>
/// <param name="Assertion">The assertion: its name, or <c>user relation object</c>.</param>
/// <param name="Contextual">Whether the stage's tuples were sent as contextual tuples instead of written.</param>
/// <param name="UsesConditions">Whether the entry has a tuple that carries a condition (the CEL tier).</param>
/// <param name="Passed">Whether the evaluator gave the expected answer.</param>
/// <param name="Detail">Expected and actual, when it failed.</param>
internal sealed record FgaConformanceCase(string Kind, string Entry, int Stage, string Assertion, bool Contextual, bool UsesConditions, bool Passed, string Detail);

namespace AgentCore.Security.OpenFga.Embedded.Check;

/// <summary>A tuple with its user parsed once.</summary>
internal sealed record StoredTuple(FgaTuple Tuple, ObjectRef User);

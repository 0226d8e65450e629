namespace AgentCore.Security.OpenFga;

/// <summary>A test of a store file: extra tuples and check blocks.</summary>
/// <param name="Name">The test's name.</param>
/// <param name="Tuples">Tuples added to the store's tuples for this test.</param>
/// <param name="Checks">The check blocks.</param>
public sealed record FgaStoreTest(string Name, IReadOnlyList<FgaTuple> Tuples, IReadOnlyList<FgaStoreCheck> Checks);

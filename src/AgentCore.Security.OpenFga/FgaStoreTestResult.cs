#pragma warning disable CA1720 // 'Object' is OpenFGA's own name for the tuple's object
namespace AgentCore.Security.OpenFga;

/// <summary>One assertion of a store file test, and what the evaluator answered.</summary>
/// <param name="Test">The test's name.</param>
/// <param name="User">The user.</param>
/// <param name="Relation">The relation.</param>
/// <param name="Object">The object.</param>
/// <param name="Expected">The expected answer.</param>
/// <param name="Actual">The evaluator's answer.</param>
public sealed record FgaStoreTestResult(string Test, string User, string Relation, string Object, bool Expected, FgaCheckResult Actual)
{
    /// <summary>Gets a value indicating whether the answer is the expected one (an error never is).</summary>
    public bool Passed => !Actual.IsError && Actual.Allowed == Expected;
}

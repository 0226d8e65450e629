namespace AgentCore.Cli.Conformance;

/// <summary>The results of one conformance file.</summary>
internal sealed class FgaConformanceReport(string file, IReadOnlyList<FgaConformanceCase> cases)
{
    /// <summary>Gets the file.</summary>
    public string File { get; } = file;

    /// <summary>Gets every assertion's result.</summary>
    public IReadOnlyList<FgaConformanceCase> Cases { get; } = cases;

    /// <summary>Gets the number of assertions that passed.</summary>
    public int Passed => Cases.Count(c => c.Passed);

    /// <summary>Gets the number of assertions that failed.</summary>
    public int Failed => Cases.Count(c => !c.Passed);
}

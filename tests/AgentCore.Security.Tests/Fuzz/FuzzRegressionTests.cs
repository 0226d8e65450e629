using AgentCore.Security.Fuzz;
using AgentCore.Security.Tests.Infrastructure;

namespace AgentCore.Security.Tests.Fuzz;

/// <summary>
/// Every input the fuzzers found a crash or hang with is kept under fuzz/regressions/&lt;target&gt;/ and replayed
/// here through the same target, with the same properties (no undocumented exception, nothing inconsistent);
/// so is each target's seed corpus. A fix that is undone fails here, without AFL++.
/// </summary>
public sealed class FuzzRegressionTests
{
    public static TheoryData<string, string> Regressions()
    {
        var data = new TheoryData<string, string>();
        var folder = Path.Combine(RepoFiles.Root, "fuzz", "regressions");
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
            data.Add(relative.Split('/')[0], relative);
        }

        return data;
    }

    public static TheoryData<string> Targets() => [.. FuzzTargets.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Regressions))]
    public void Regression_Replays_WithEveryPropertyHolding(string target, string file)
    {
        var run = FuzzTargets.Find(target).ShouldNotBeNull($"fuzz/regressions/{file} is in a folder that names no target");

        run.Run(File.ReadAllBytes(Path.Combine(RepoFiles.Root, "fuzz", "regressions", file)));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void SeedCorpus_Replays_WithEveryPropertyHolding(string target)
    {
        var run = FuzzTargets.Find(target)!;
        var seeds = run.Seeds(SharedFiles.Root).ToList();

        seeds.Count.ShouldBeGreaterThan(2, "a target needs seeds of its own, with or without ../shared");
        foreach (var (name, data) in seeds)
        {
            Should.NotThrow(() => run.Run(data), $"seed {name}");
        }
    }

    [Fact]
    public void EveryTarget_HasARegressionFolderOrNone_AndEveryFolderNamesATarget()
    {
        var folders = Directory.GetDirectories(Path.Combine(RepoFiles.Root, "fuzz", "regressions")).Select(Path.GetFileName);

        folders.ShouldAllBe(f => FuzzTargets.Find(f!) != null);
    }
}

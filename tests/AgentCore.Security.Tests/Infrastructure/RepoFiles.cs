namespace AgentCore.Security.Tests.Infrastructure;

/// <summary>Finds the checkout the tests were built from (the folder holding AgentCore.sln).</summary>
public static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AgentCore.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (AgentCore.sln) is not above the test's directory.");
    }
}

using System.Reflection;

namespace AgentCore.Security.Tests.Infrastructure;

/// <summary>Finds the read-only ../shared folder beside the checkout. Tests that need it skip, saying why, when it is absent.</summary>
public static class SharedFiles
{
    public static string? Root { get; } = Find();

    /// <summary>The path of a file or folder under ../shared; skips the test when it is absent.</summary>
    public static string PathOf(params string[] parts)
    {
        var relative = string.Join('/', parts);
        if (Root is null)
        {
            Assert.Skip("The ../shared folder (test vectors and conformance suites) is not beside the checkout; these tests need it.");
        }

        var path = System.IO.Path.Combine(Root!, relative);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            Assert.Skip($"../shared/{relative} is missing.");
        }

        return path;
    }

    /// <summary>The path under ../shared, or <see langword="null"/> when absent (for building theory data).</summary>
    public static string? TryPathOf(params string[] parts)
    {
        var path = Root is null ? null : System.IO.Path.Combine([Root, .. parts]);
        return path is not null && (File.Exists(path) || Directory.Exists(path)) ? path : null;
    }

    private static string? Find()
    {
        var fromBuild = typeof(SharedFiles).Assembly.GetCustomAttribute<SharedRootAttribute>()?.Path;
        if (fromBuild is not null && Directory.Exists(fromBuild))
        {
            return fromBuild;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(System.IO.Path.Combine(candidate, "vectors")))
            {
                return candidate;
            }
        }

        return null;
    }
}

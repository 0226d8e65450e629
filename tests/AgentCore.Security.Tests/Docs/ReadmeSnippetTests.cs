using System.Text.RegularExpressions;
using AgentCore.Security.Tests.Infrastructure;

namespace AgentCore.Security.Tests.Docs;

/// <summary>
/// Every C# block in a README is compiled code (STYLE.md §10): it is marked <c>&lt;!-- snippet: name --&gt;</c>
/// and must equal, line for line, the region <c>#region snippet: name</c> of <c>samples/Snippets</c>, which CI
/// builds with warnings as errors. Changing an API breaks the build there; changing the README alone fails here.
/// </summary>
public sealed partial class ReadmeSnippetTests
{
    private static readonly string Root = RepoFiles.Root;

    public static TheoryData<string> Readmes() =>
    [
        .. new[] { Path.Combine(Root, "README.md") }
            .Concat(Directory.GetDirectories(Path.Combine(Root, "src")).Select(d => Path.Combine(d, "README.md")))
            .Where(File.Exists)
            .Select(p => Path.GetRelativePath(Root, p)),
    ];

    [Theory]
    [MemberData(nameof(Readmes))]
    public void EveryCSharpBlock_IsACompiledSnippet(string readme)
    {
        var regions = Regions();
        var problems = new List<string>();
        foreach (Match block in CSharpBlock().Matches(File.ReadAllText(Path.Combine(Root, readme)).ReplaceLineEndings("\n")))
        {
            var name = block.Groups["name"].Value;
            var text = block.Groups["code"].Value.TrimEnd('\n');
            if (name.Length == 0)
            {
                problems.Add($"a csharp block with no snippet marker: {text.Split('\n')[0]}");
            }
            else if (!regions.TryGetValue(name, out var compiled))
            {
                problems.Add($"snippet '{name}' has no region in samples/Snippets");
            }
            else if (compiled != text)
            {
                problems.Add($"snippet '{name}' differs from samples/Snippets; copy the region into the README");
            }
        }

        problems.ShouldBeEmpty();
    }

    [Fact]
    public void TheSnippetsAreFound() => Regions().Keys.ShouldContain("readme-minimal-agent");

    private static Dictionary<string, string> Regions()
    {
        var regions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "samples", "Snippets"), "*.cs"))
        {
            foreach (Match region in Region().Matches(File.ReadAllText(file).ReplaceLineEndings("\n")))
            {
                var lines = region.Groups["code"].Value.TrimEnd('\n').Split('\n');
                var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
                regions[region.Groups["name"].Value] = string.Join('\n', lines.Select(l => l.Trim().Length == 0 ? string.Empty : l[indent..]));
            }
        }

        return regions;
    }

    [GeneratedRegex(@"(?:<!-- snippet: (?<name>[\w-]+) -->\n)?```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"^[ \t]*#region snippet: (?<name>[\w-]+)\n(?<code>.*?)^[ \t]*#endregion", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex Region();
}

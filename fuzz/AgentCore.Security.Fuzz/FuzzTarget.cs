namespace AgentCore.Security.Fuzz;

/// <summary>One fuzz target: a parser of outside input and the properties every input must keep.</summary>
internal abstract class FuzzTarget
{
    /// <summary>Gets the name used on the command line, in the corpus folder and in fuzz/regressions.</summary>
    public abstract string Name { get; }

    /// <summary>Gets what the target feeds and checks, for the README and <c>list</c>.</summary>
    public abstract string Description { get; }

    /// <summary>Runs one input. Returns normally when every property held; a documented refusal is caught here.</summary>
    /// <param name="input">The input bytes.</param>
    /// <exception cref="FuzzPropertyException">A property did not hold.</exception>
    public abstract void Run(ReadOnlySpan<byte> input);

    /// <summary>The seed corpus: shapes the tests use, and files under ../shared read at run time when it is there.</summary>
    /// <param name="sharedRoot">The ../shared folder, or <see langword="null"/>.</param>
    /// <returns>Named seeds.</returns>
    public abstract IEnumerable<(string Name, byte[] Data)> Seeds(string? sharedRoot);

    /// <summary>Splits an input at its first 0x0A into two parts (the second empty when there is none).</summary>
    protected static void SplitLine(ReadOnlySpan<byte> input, out ReadOnlySpan<byte> first, out ReadOnlySpan<byte> second)
    {
        var at = input.IndexOf((byte)'\n');
        first = at < 0 ? input : input[..at];
        second = at < 0 ? default : input[(at + 1)..];
    }

    /// <summary>Text from bytes as a reader of outside input gets it (invalid UTF-8 becomes U+FFFD).</summary>
    protected static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    protected static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Files under a ../shared folder, or none when it is absent.</summary>
    protected static IEnumerable<string> SharedFiles(string? sharedRoot, string folder, string pattern)
    {
        var path = sharedRoot is null ? null : Path.Combine(sharedRoot, folder);
        return path is not null && Directory.Exists(path)
            ? Directory.EnumerateFiles(path, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : [];
    }
}

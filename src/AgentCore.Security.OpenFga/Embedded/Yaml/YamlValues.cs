using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace AgentCore.Security.OpenFga.Embedded.Yaml;

/// <summary>
/// YAML nodes to JSON-like values, as OpenFGA's tools read them (go-yaml, then JSON): plain scalars
/// become bool, null or a number (a double) when they parse as one, and stay strings otherwise (so an
/// overflowing number stays a string); quoted scalars are strings.
/// </summary>
internal static partial class YamlValues
{
    public static object? ToValue(YamlNode? node) => node switch
    {
        null => null,
        YamlScalarNode scalar => Scalar(scalar),
        YamlSequenceNode sequence => sequence.Children.Select(ToValue).ToList(),
        YamlMappingNode mapping => mapping.Children.ToDictionary(p => String(p.Key, "a mapping key"), p => ToValue(p.Value), StringComparer.Ordinal),
        _ => null,
    };

    public static Dictionary<string, object?>? ToContext(YamlNode? node) => ToValue(node) as Dictionary<string, object?>;

    public static string? Text(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    public static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static IEnumerable<YamlNode> Items(YamlNode? node) => node is YamlSequenceNode sequence ? sequence.Children : [];

    public static FgaTuple Tuple(YamlNode node)
    {
        var condition = Child(node, "condition");
        return new FgaTuple(
            Text(node, "user") ?? string.Empty,
            Text(node, "relation") ?? string.Empty,
            Text(node, "object") ?? string.Empty,
            Text(condition, "name"),
            ToContext(Child(condition, "context")));
    }

    /// <summary>The deepest nesting of mappings and sequences read.</summary>
    public const int MaxDepth = 64;

    /// <summary>Reads the first YAML document of <paramref name="text"/> (an empty mapping when there is none).</summary>
    /// <remarks>
    /// Directives, anchors and aliases are refused, and nesting is limited to <see cref="MaxDepth"/>, before
    /// YamlDotNet reads further: fuzzing found that an alias loop overflows the stack in its node tree (ending the
    /// process, which no catch can stop), and that a 4,096-byte directive line takes its scanner 40 s. Store files
    /// and OpenFGA's suites use none of them.
    /// </remarks>
    /// <exception cref="YamlException">The text is not YAML, has a directive, uses an anchor or alias, or nests too deeply. YamlDotNet's
    /// own faults on malformed text (found by fuzzing: <see cref="ArgumentException"/>, <see cref="InvalidOperationException"/>)
    /// are reported as this too.</exception>
    public static YamlNode Load(string text)
    {
        var stream = new YamlStream();
        try
        {
            Screen(text);
            using var reader = new StringReader(text);
            stream.Load(reader);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new YamlException($"the YAML reader failed on it ({e.Message})", e);
        }

        return stream.Documents.Count == 0 ? new YamlMappingNode() : stream.Documents[0].RootNode;
    }

    // No directive line; then one pass over the parser's events (iterative, no tree): no anchor, no alias, no
    // nesting past MaxDepth.
    private static void Screen(string text)
    {
        if (text.StartsWith('%') || text.Contains("\n%", StringComparison.Ordinal))
        {
            throw new YamlException("YAML directives (%YAML, %TAG) are not allowed in this file");
        }

        using var reader = new StringReader(text);
        var parser = new Parser(reader);
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case AnchorAlias alias:
                    throw new YamlException(alias.Start, alias.End, "aliases (*name) are not allowed in this file");
                case NodeEvent { Anchor.IsEmpty: false } node:
                    throw new YamlException(node.Start, node.End, "anchors (&name) are not allowed in this file");
                case MappingStart or SequenceStart when ++depth > MaxDepth:
                    throw new YamlException(parser.Current.Start, parser.Current.End, $"mappings and lists nest deeper than {MaxDepth}");
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }
        }
    }

    /// <summary>The text of a node that must be a scalar.</summary>
    /// <exception cref="FgaModelException">The node is a sequence or a mapping.</exception>
    public static string String(YamlNode node, string what) =>
        node is YamlScalarNode scalar ? scalar.Value ?? string.Empty : throw new FgaModelException($"The store file has a {Kind(node)} where {what} (a string) was expected.");

    private static string Kind(YamlNode node) => node switch
    {
        YamlSequenceNode => "list",
        YamlMappingNode => "mapping",
        _ => "node",
    };

    private static object? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style is not (YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any))
        {
            return value;
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
        }

        if (NumberRegex().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return number;
        }

        return value;
    }

    [GeneratedRegex(@"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")]
    private static partial Regex NumberRegex();
}

using AgentCore.Security.OpenFga.Embedded.Cel;

namespace AgentCore.Security.Fuzz.Targets;

/// <summary>
/// The CEL reader of OpenFGA conditions, then the evaluator on what it accepts, with a fixed context.
/// Properties: only <see cref="FormatException"/> leaves the parser; the evaluator never throws (its
/// errors are values a condition check turns into a condition error).
/// </summary>
internal sealed class CelTarget : FuzzTarget
{
    private static readonly Dictionary<string, object?> Variables = new(StringComparer.Ordinal)
    {
        ["x"] = 3L,
        ["name"] = "alice",
        ["ratio"] = 0.5,
        ["allowed"] = new List<object?> { "alice", "bob" },
        ["flag"] = true,
    };

    public override string Name => "cel";

    public override string Description => "CelParser.Parse and CelEvaluator.Evaluate on what it accepts";

    public override void Run(ReadOnlySpan<byte> input)
    {
        CelNode node;
        try
        {
            node = CelParser.Parse(Text(input));
        }
        catch (FormatException)
        {
            return;
        }

        // Type errors, overflow and missing parameters are values (CelError, Unknown), never exceptions.
        _ = CelEvaluator.Evaluate(node, Variables);
    }

    public override IEnumerable<(string Name, byte[] Data)> Seeds(string? sharedRoot)
    {
        string[] expressions =
        [
            "x < 10 && name == \"alice\"",
            "name in allowed || !flag",
            "ratio * 2.0 >= 1.0 ? x % 2 == 1 : x / 0 == 1",
            "size(allowed) > 1 && allowed[0].startsWith(\"al\")",
            "{\"a\": [1u, -2, 3.5e2]}[\"a\"][1] == -2",
            "timestamp(\"2027-01-15T08:00:00Z\") + duration(\"1h\") > timestamp(\"2027-01-15T08:30:00Z\")",
            "ipaddress(\"10.0.0.1\").in_cidr(\"10.0.0.0/8\")",
        ];
        for (var i = 0; i < expressions.Length; i++)
        {
            yield return ($"expression-{i:D2}", Utf8(expressions[i]));
        }

        var index = 0;
        foreach (var file in SharedFiles(sharedRoot, "conformance/openfga", "*.yaml"))
        {
            foreach (var body in ConditionBodies(File.ReadAllLines(file)).Distinct(StringComparer.Ordinal).Take(40))
            {
                yield return ($"shared-{Path.GetFileNameWithoutExtension(file)}-{index++:D3}", Utf8(body));
            }
        }
    }

    // The line after each "condition name(...) {" line of the suites' models: the CEL body.
    private static IEnumerable<string> ConditionBodies(string[] lines)
    {
        for (var i = 0; i + 1 < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("condition ", StringComparison.Ordinal) && lines[i].TrimEnd().EndsWith('{'))
            {
                yield return lines[i + 1].Trim();
            }
        }
    }
}

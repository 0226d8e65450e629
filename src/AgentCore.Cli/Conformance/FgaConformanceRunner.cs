using AgentCore.Security.OpenFga;
using AgentCore.Security.OpenFga.Embedded.Yaml;
using YamlDotNet.RepresentationModel;

namespace AgentCore.Cli.Conformance;

/// <summary>
/// Runs OpenFGA's test suites (the YAML of openfga/openfga's <c>assets/tests</c>: Check, ListObjects and
/// ListUsers assertions) against the embedded evaluator, as upstream's runner does: one store per entry, stages in order (tuples are kept
/// when the model changes), and a second run of single-stage entries with the tuples sent as
/// contextual tuples (up to 100 tuples).
/// </summary>
internal static class FgaConformanceRunner
{
    private const int MaxContextualTuples = 100;

    /// <summary>The kinds of assertion, in the order they are reported.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["check", "list-objects", "list-users"];

    /// <summary>Runs one file.</summary>
    /// <param name="path">The YAML file.</param>
    /// <returns>Every assertion's result.</returns>
    public static FgaConformanceReport RunFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Run(path, File.ReadAllText(path));
    }

    /// <summary>Runs the suite in <paramref name="yaml"/>.</summary>
    /// <param name="name">A name for the report.</param>
    /// <param name="yaml">The suite.</param>
    /// <returns>Every assertion's result.</returns>
    public static FgaConformanceReport Run(string name, string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var root = YamlValues.Load(yaml);
        var cases = new List<FgaConformanceCase>();
        foreach (var entry in YamlValues.Items(YamlValues.Child(root, "tests")))
        {
            var entryName = YamlValues.Text(entry, "name") ?? "(unnamed)";
            var stages = YamlValues.Items(YamlValues.Child(entry, "stages")).ToList();
            var usesConditions = stages.Any(s =>
                YamlValues.Items(YamlValues.Child(s, "tuples")).Any(t => YamlValues.Child(t, "condition") is not null)
                || YamlValues.Items(YamlValues.Child(s, "checkAssertions")).Any(a => YamlValues.Items(YamlValues.Child(a, "contextualTuples")).Any(t => YamlValues.Child(t, "condition") is not null)));
            RunEntry(entryName, stages, usesConditions, contextual: false, cases);
            if (stages.Count == 1 && YamlValues.Items(YamlValues.Child(stages[0], "tuples")).Count() <= MaxContextualTuples)
            {
                RunEntry(entryName, stages, usesConditions, contextual: true, cases);
            }
        }

        return new FgaConformanceReport(name, cases);
    }

    private static void RunEntry(string entry, List<YamlNode> stages, bool usesConditions, bool contextual, List<FgaConformanceCase> cases)
    {
        EmbeddedFgaStore? store = null;
        for (var index = 0; index < stages.Count; index++)
        {
            var stage = stages[index];
            var assertions = YamlValues.Items(YamlValues.Child(stage, "checkAssertions")).ToList();
            var listObjects = YamlValues.Items(YamlValues.Child(stage, "listObjectsAssertions")).ToList();
            var listUsers = YamlValues.Items(YamlValues.Child(stage, "listUsersAssertions")).ToList();
            FgaModel model;
            try
            {
                model = FgaModel.Parse(YamlValues.Text(stage, "model") ?? string.Empty);
            }
            catch (FgaModelException e)
            {
                foreach (var assertion in assertions)
                {
                    cases.Add(new FgaConformanceCase("check", entry, index, Describe(assertion), contextual, usesConditions, false, "model: " + e.Message));
                }

                foreach (var (kind, list) in new[] { ("list-objects", listObjects), ("list-users", listUsers) })
                {
                    cases.AddRange(list.Select(a => new FgaConformanceCase(kind, entry, index, DescribeList(a), contextual, usesConditions, false, "model: " + e.Message)));
                }

                continue;
            }

            if (store is null)
            {
                store = new EmbeddedFgaStore(model);
            }
            else
            {
                store.Model = model;
            }

            var tuples = YamlValues.Items(YamlValues.Child(stage, "tuples")).Select(YamlValues.Tuple).ToList();
            string? writeError = null;
            if (!contextual && tuples.Count > 0)
            {
                try
                {
                    store.Write(tuples);
                }
                catch (FgaModelException e)
                {
                    writeError = e.Message;
                }
            }

            foreach (var assertion in assertions)
            {
                var tuple = YamlValues.Child(assertion, "tuple");
                var request = new FgaCheckRequest
                {
                    User = YamlValues.Text(tuple, "user") ?? string.Empty,
                    Relation = YamlValues.Text(tuple, "relation") ?? string.Empty,
                    Object = YamlValues.Text(tuple, "object") ?? string.Empty,
                    Context = YamlValues.ToContext(YamlValues.Child(assertion, "context")),
                    ContextualTuples = [.. YamlValues.Items(YamlValues.Child(assertion, "contextualTuples")).Select(YamlValues.Tuple), .. contextual ? tuples : []],
                };
                var expectedCode = int.TryParse(YamlValues.Text(assertion, "errorCode"), out var code) ? code : 0;
                var expected = string.Equals(YamlValues.Text(assertion, "expectation"), "true", StringComparison.OrdinalIgnoreCase);
                var result = store.Check(request);
                var passed = expectedCode != 0 ? (int)result.ErrorCode == expectedCode : !result.IsError && result.Allowed == expected;
                var detail = passed ? string.Empty
                    : $"expected {(expectedCode != 0 ? "error " + expectedCode : expected.ToString())}, got {result}{(writeError is null ? string.Empty : "; write failed: " + writeError)}";
                cases.Add(new FgaConformanceCase("check", entry, index, Describe(assertion), contextual, usesConditions, passed, detail));
            }

            var stageTuples = contextual ? tuples : [];
            foreach (var assertion in listObjects)
            {
                var request = YamlValues.Child(assertion, "request");
                var result = store.ListObjects(new FgaListObjectsRequest
                {
                    User = YamlValues.Text(request, "user") ?? string.Empty,
                    Relation = YamlValues.Text(request, "relation") ?? string.Empty,
                    Type = YamlValues.Text(request, "type") ?? string.Empty,
                    Context = YamlValues.ToContext(YamlValues.Child(assertion, "context")),
                    ContextualTuples = [.. ContextualTuples(assertion), .. stageTuples],
                });
                cases.Add(ListCase("list-objects", entry, index, assertion, contextual, usesConditions, result, writeError));
            }

            foreach (var assertion in listUsers)
            {
                var request = YamlValues.Child(assertion, "request");
                var result = store.ListUsers(new FgaListUsersRequest
                {
                    Object = YamlValues.Text(request, "object") ?? string.Empty,
                    Relation = YamlValues.Text(request, "relation") ?? string.Empty,
                    UserFilters = [.. YamlValues.Items(YamlValues.Child(request, "filters")).Select(f => YamlValues.String(f, "a user filter"))],
                    Context = YamlValues.ToContext(YamlValues.Child(assertion, "context")),
                    ContextualTuples = [.. ContextualTuples(assertion), .. stageTuples],
                });
                cases.Add(ListCase("list-users", entry, index, assertion, contextual, usesConditions, result, writeError));
            }
        }
    }

    private static IEnumerable<FgaTuple> ContextualTuples(YamlNode assertion) =>
        YamlValues.Items(YamlValues.Child(assertion, "contextualTuples")).Select(YamlValues.Tuple);

    private static FgaConformanceCase ListCase(string kind, string entry, int stage, YamlNode assertion, bool contextual, bool usesConditions, FgaListResult result, string? writeError)
    {
        var expectedCode = int.TryParse(YamlValues.Text(assertion, "errorCode"), out var code) ? code : 0;
        var expected = YamlValues.Items(YamlValues.Child(assertion, "expectation")).Select(e => YamlValues.String(e, "an expected item")).Order(StringComparer.Ordinal).ToList();
        var passed = expectedCode != 0 ? (int)result.ErrorCode == expectedCode : !result.IsError && result.Items.SequenceEqual(expected, StringComparer.Ordinal);
        var detail = passed ? string.Empty
            : $"expected {(expectedCode != 0 ? "error " + expectedCode : "[" + string.Join(", ", expected) + "]")}, got {result}{(writeError is null ? string.Empty : "; write failed: " + writeError)}";
        return new FgaConformanceCase(kind, entry, stage, DescribeList(assertion), contextual, usesConditions, passed, detail);
    }

    private static string DescribeList(YamlNode assertion)
    {
        var request = YamlValues.Child(assertion, "request");
        return YamlValues.Text(request, "object") is { } obj
            ? $"[{string.Join(", ", YamlValues.Items(YamlValues.Child(request, "filters")).OfType<YamlScalarNode>().Select(f => f.Value))}] {YamlValues.Text(request, "relation")} {obj}"
            : $"{YamlValues.Text(request, "user")} {YamlValues.Text(request, "relation")} {YamlValues.Text(request, "type")}:?";
    }

    private static string Describe(YamlNode assertion)
    {
        var tuple = YamlValues.Child(assertion, "tuple");
        var name = YamlValues.Text(assertion, "name");
        var text = $"{YamlValues.Text(tuple, "user")} {YamlValues.Text(tuple, "relation")} {YamlValues.Text(tuple, "object")}";
        return name is null ? text : $"{name}: {text}";
    }
}

using AgentCore.Security.OpenFga.Embedded.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AgentCore.Security.OpenFga;

/// <summary>
/// A store file in the OpenFGA CLI's <c>.fga.yaml</c> format: a model (<c>model</c> or <c>model_file</c>),
/// tuples (<c>tuples</c>, <c>tuple_file</c>, <c>tuple_files</c>; YAML, JSON or CSV) and <c>tests</c> with
/// <c>check</c> blocks, as <c>fga model test</c> runs them. List-objects and list-users tests are not run.
/// </summary>
public sealed class FgaStoreFile
{
    private FgaStoreFile(string name, FgaModel model, IReadOnlyList<FgaTuple> tuples, IReadOnlyList<FgaStoreTest> tests)
    {
        Name = name;
        Model = model;
        Tuples = tuples;
        Tests = tests;
    }

    /// <summary>Gets the store's name.</summary>
    public string Name { get; }

    /// <summary>Gets the model.</summary>
    public FgaModel Model { get; }

    /// <summary>Gets the store's tuples.</summary>
    public IReadOnlyList<FgaTuple> Tuples { get; }

    /// <summary>Gets the tests.</summary>
    public IReadOnlyList<FgaStoreTest> Tests { get; }

    /// <summary>Loads a store file; relative <c>model_file</c> and <c>tuple_file</c> paths are taken from its folder.</summary>
    /// <param name="path">The <c>.fga.yaml</c> file.</param>
    /// <returns>The store file.</returns>
    /// <exception cref="FgaModelException">The file, its model or its tuples are not valid.</exception>
    public static FgaStoreFile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        return Parse(File.ReadAllText(path), folder);
    }

    /// <summary>Parses store file text.</summary>
    /// <param name="yaml">The text.</param>
    /// <param name="baseFolder">The folder for relative file references.</param>
    /// <returns>The store file.</returns>
    public static FgaStoreFile Parse(string yaml, string baseFolder)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(baseFolder);
        YamlNode root;
        try
        {
            root = YamlValues.Load(yaml);
        }
        catch (YamlException e)
        {
            throw new FgaModelException($"The store file is not valid YAML: {e.Message}", e);
        }

        var modelText = YamlValues.Text(root, "model")
            ?? (YamlValues.Text(root, "model_file") is { } modelFile ? ReadReferenced(baseFolder, modelFile, "model_file") : null)
            ?? throw new FgaModelException("The store file has neither 'model' nor 'model_file'.");
        var model = FgaModel.ParseAny(modelText);
        var tuples = ReadTuples(root, baseFolder);
        var tests = new List<FgaStoreTest>();
        foreach (var test in YamlValues.Items(YamlValues.Child(root, "tests")))
        {
            var checks = new List<FgaStoreCheck>();
            foreach (var check in YamlValues.Items(YamlValues.Child(test, "check")))
            {
                var users = YamlValues.Text(check, "user") is { } single ? [single] : YamlValues.Items(YamlValues.Child(check, "users")).Select(u => YamlValues.String(u, "a user")).ToList();
                var objects = YamlValues.Text(check, "object") is { } one ? [one] : YamlValues.Items(YamlValues.Child(check, "objects")).Select(o => YamlValues.String(o, "an object")).ToList();
                var assertions = new Dictionary<string, bool>(StringComparer.Ordinal);
                if (YamlValues.Child(check, "assertions") is YamlMappingNode mapping)
                {
                    foreach (var (key, value) in mapping.Children)
                    {
                        assertions[YamlValues.String(key, "a relation")] = YamlValues.ToValue(value) is true;
                    }
                }

                var context = YamlValues.ToContext(YamlValues.Child(check, "context"));
                foreach (var user in users)
                {
                    foreach (var obj in objects)
                    {
                        checks.Add(new FgaStoreCheck(user, obj, context, assertions));
                    }
                }
            }

            tests.Add(new FgaStoreTest(YamlValues.Text(test, "name") ?? "(unnamed)", ReadTuples(test, baseFolder), checks));
        }

        return new FgaStoreFile(YamlValues.Text(root, "name") ?? string.Empty, model, tuples, tests);
    }

    /// <summary>Creates an embedded store with the model and tuples (and a test's own tuples).</summary>
    /// <param name="test">A test whose tuples are added, or <see langword="null"/>.</param>
    /// <returns>The store.</returns>
    public EmbeddedFgaStore CreateStore(FgaStoreTest? test = null)
    {
        var store = new EmbeddedFgaStore(Model);
        store.Write(test is null ? Tuples : [.. Tuples, .. test.Tuples]);
        return store;
    }

    /// <summary>Runs every test's check assertions, as <c>fga model test</c> does.</summary>
    /// <returns>One result per assertion.</returns>
    public IReadOnlyList<FgaStoreTestResult> RunTests()
    {
        var results = new List<FgaStoreTestResult>();
        foreach (var test in Tests)
        {
            var store = CreateStore(test);
            foreach (var check in test.Checks)
            {
                foreach (var (relation, expected) in check.Assertions)
                {
                    var actual = store.Check(new FgaCheckRequest { User = check.User, Relation = relation, Object = check.Object, Context = check.Context });
                    results.Add(new FgaStoreTestResult(test.Name, check.User, relation, check.Object, expected, actual));
                }
            }
        }

        return results;
    }

    private static List<FgaTuple> ReadTuples(YamlNode node, string baseFolder)
    {
        var tuples = YamlValues.Items(YamlValues.Child(node, "tuples")).Select(YamlValues.Tuple).ToList();
        var files = YamlValues.Items(YamlValues.Child(node, "tuple_files")).Select(f => YamlValues.String(f, "a tuple file")).ToList();
        if (YamlValues.Text(node, "tuple_file") is { } file)
        {
            files.Insert(0, file);
        }

        foreach (var relative in files)
        {
            var text = ReadReferenced(baseFolder, relative, "tuple file");
            try
            {
                tuples.AddRange(Path.GetExtension(relative).ToLowerInvariant() switch
                {
                    ".json" => JsonTuples(text),
                    ".csv" => CsvTuples(text),
                    _ => YamlValues.Items(YamlValues.Load(text)).Select(YamlValues.Tuple),
                });
            }
            catch (YamlException e)
            {
                throw new FgaModelException($"The tuple file '{relative}' is not valid YAML or JSON: {e.Message}", e);
            }
        }

        return tuples;
    }

    // A file the store file names: a missing or unreadable one is the store file's fault, said as such.
    private static string ReadReferenced(string baseFolder, string relative, string what)
    {
        try
        {
            return File.ReadAllText(Path.Combine(baseFolder, relative));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new FgaModelException($"The store file's {what} '{relative}' cannot be read: {e.Message}", e);
        }
    }

    private static IEnumerable<FgaTuple> JsonTuples(string text)
    {
        var yaml = YamlValues.Load(text); // JSON is YAML: one reader for both keeps the value rules identical
        return YamlValues.Items(yaml).Select(YamlValues.Tuple);
    }

    private static IEnumerable<FgaTuple> CsvTuples(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
        {
            yield break;
        }

        var header = lines[0].Split(',').Select(h => h.Trim()).ToList();
        int Column(string name) => header.IndexOf(name);
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            string Cell(string name) => Column(name) is var i && i >= 0 && i < cells.Length ? cells[i].Trim() : string.Empty;
            var user = Cell("user_type") + ":" + Cell("user_id") + (Cell("user_relation") is { Length: > 0 } r ? "#" + r : string.Empty);
            var condition = Cell("condition_name");
            var context = Cell("condition_context") is { Length: > 0 } json ? YamlValues.ToContext(YamlValues.Load(json)) : null;
            yield return new FgaTuple(user, Cell("relation"), Cell("object_type") + ":" + Cell("object_id"), condition.Length == 0 ? null : condition, context);
        }
    }
}

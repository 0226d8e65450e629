using System.Globalization;
using System.Text.Json;
using AgentCore.Cli.Conformance;
using AgentCore.Security.OpenFga;

namespace AgentCore.Cli;

/// <summary><c>agentcore fga check|test|conformance</c>: the embedded OpenFGA evaluator from the command line.</summary>
internal static class FgaCommands
{
    public static int Check(string[] args, TextWriter stdout, TextWriter stderr) => Check(args, stdout, stderr, explain: false);

    /// <summary><c>fga explain</c>: a check, and why, as the path through the model.</summary>
    public static int Explain(string[] args, TextWriter stdout, TextWriter stderr) => Check(args, stdout, stderr, explain: true);

    private static int Check(string[] args, TextWriter stdout, TextWriter stderr, bool explain)
    {
        string? storePath = null;
        string? contextJson = null;
        var contextual = new List<FgaTuple>();
        var positional = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--store":
                    storePath = Value(args, ref i);
                    break;
                case "--context":
                    contextJson = Value(args, ref i);
                    break;
                case "--contextual-tuple":
                    if (i + 3 >= args.Length)
                    {
                        throw new UsageException("--contextual-tuple needs USER RELATION OBJECT.");
                    }

                    contextual.Add(new FgaTuple(args[i + 1], args[i + 2], args[i + 3]));
                    i += 3;
                    break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        throw new UsageException($"Unknown option '{args[i]}'.");
                    }

                    positional.Add(args[i]);
                    break;
            }
        }

        if (storePath is null || positional.Count != 3)
        {
            throw new UsageException($"Usage: agentcore fga {(explain ? "explain" : "check")} --store FILE.fga.yaml USER RELATION OBJECT [--context JSON] [--contextual-tuple USER RELATION OBJECT]...");
        }

        var store = LoadStore(storePath, stderr);
        if (store is null)
        {
            return CliApp.Usage;
        }

        IReadOnlyDictionary<string, object?>? context = null;
        if (contextJson is not null)
        {
            try
            {
                context = FgaContext.Parse(contextJson);
            }
            catch (Exception e) when (e is JsonException or ArgumentException)
            {
                throw new UsageException($"--context is not a JSON object: {e.Message}");
            }
        }

        var request = new FgaCheckRequest { User = positional[0], Relation = positional[1], Object = positional[2], Context = context, ContextualTuples = contextual };
        FgaCheckResult result;
        if (explain)
        {
            var explanation = store.CreateStore().Explain(request);
            result = explanation.Result;
            foreach (var step in explanation.Steps)
            {
                stdout.WriteLine(step);
            }
        }
        else
        {
            result = store.CreateStore().Check(request);
        }

        stdout.WriteLine(result.IsError
            ? $"error {(int)result.ErrorCode}: {result.Message}"
            : $"{(result.Allowed ? "allowed" : "denied")}: {positional[0]} {positional[1]} {positional[2]}");
        return result.Allowed ? CliApp.Ok : CliApp.Invalid;
    }

    public static int Test(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length != 1)
        {
            throw new UsageException("Usage: agentcore fga test FILE.fga.yaml");
        }

        var store = LoadStore(args[0], stderr);
        if (store is null)
        {
            return CliApp.Usage;
        }

        var results = store.RunTests();
        foreach (var group in results.GroupBy(r => r.Test))
        {
            var failed = group.Where(r => !r.Passed).ToList();
            stdout.WriteLine($"{(failed.Count == 0 ? "PASS" : "FAIL")} {group.Key}: {group.Count() - failed.Count}/{group.Count()} checks");
            foreach (var failure in failed)
            {
                stdout.WriteLine($"  {failure.User} {failure.Relation} {failure.Object}: expected {failure.Expected.ToString().ToLowerInvariant()}, got {failure.Actual}");
            }
        }

        var passed = results.Count(r => r.Passed);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{passed} passed, {results.Count - passed} failed"));
        return passed == results.Count ? CliApp.Ok : CliApp.Invalid;
    }

    public static int Conformance(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0)
        {
            throw new UsageException("Usage: agentcore fga conformance FILE.yaml...");
        }

        int passed = 0, failed = 0, skipped = 0;
        var cases = new List<FgaConformanceCase>();
        foreach (var path in args)
        {
            if (!File.Exists(path))
            {
                stderr.WriteLine($"{path}: not found; skipped.");
                skipped++;
                continue;
            }

            FgaConformanceReport report;
            try
            {
                report = FgaConformanceRunner.RunFile(path);
            }
            catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidCastException or FgaModelException)
            {
                stderr.WriteLine($"{path}: not a conformance file ({e.Message}); skipped.");
                skipped++;
                continue;
            }

            stdout.WriteLine($"{Path.GetFileName(path)}: {report.Passed} passed, {report.Failed} failed");
            foreach (var failure in report.Cases.Where(c => !c.Passed))
            {
                stdout.WriteLine($"  FAIL {failure.Kind} {failure.Entry} stage {failure.Stage}{(failure.Contextual ? " (contextual)" : string.Empty)}: {failure.Assertion}: {failure.Detail}");
            }

            passed += report.Passed;
            failed += report.Failed;
            cases.AddRange(report.Cases);
        }

        foreach (var kind in FgaConformanceRunner.Kinds)
        {
            var ofKind = cases.Where(c => c.Kind == kind).ToList();
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind}: {ofKind.Count(c => c.Passed)} passed, {ofKind.Count(c => !c.Passed)} failed"));
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{passed} passed, {failed} failed, {skipped} skipped"));
        return failed == 0 ? CliApp.Ok : CliApp.Invalid;
    }

    internal static FgaStoreFile? LoadStore(string path, TextWriter stderr)
    {
        try
        {
            return FgaStoreFile.Load(path);
        }
        catch (Exception e) when (e is FgaModelException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{path}: {e.Message}");
            return null;
        }
    }

    internal static string Value(string[] args, ref int i) =>
        i + 1 < args.Length ? args[++i] : throw new UsageException($"{args[i]} needs a value.");
}

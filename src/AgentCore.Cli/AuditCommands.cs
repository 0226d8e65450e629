using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentCore.Security;
using AgentCore.Security.OpenFga;

namespace AgentCore.Cli;

/// <summary>
/// <c>agentcore audit reach|diff</c>: what a principal can reach on a store file, by itself and acting for a
/// subject under each authorizer mode, and what a policy change grants and revokes. Every answer is the embedded
/// evaluator's ListObjects over every relation of every type, so it means exactly what a Check means.
/// </summary>
internal static class AuditCommands
{
    private const string ReachUsage = "Usage: agentcore audit reach --store FILE.fga.yaml --actor TYPE:ID [--for TYPE:ID] [--delegation-relation R] [--json | --format table|json|mermaid|dot]";
    private const string DiffUsage = "Usage: agentcore audit diff OLD.fga.yaml NEW.fga.yaml [--json]";

    public static int ReachCommand(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? storePath = null, actor = null, subject = null, format = "table";
        var delegationRelation = new FgaAuthorizerOptions().DelegationRelation;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--store": storePath = FgaCommands.Value(args, ref i); break;
                case "--actor": actor = FgaCommands.Value(args, ref i); break;
                case "--for": subject = FgaCommands.Value(args, ref i); break;
                case "--delegation-relation": delegationRelation = FgaCommands.Value(args, ref i); break;
                case "--json": format = "json"; break;
                case "--format": format = FgaCommands.Value(args, ref i); break;
                default: throw new UsageException($"Unknown argument '{args[i]}'.\n{ReachUsage}");
            }
        }

        if (storePath is null || actor is null || format is not ("table" or "json" or "mermaid" or "dot"))
        {
            throw new UsageException(ReachUsage);
        }

        if (FgaCommands.LoadStore(storePath, stderr)?.CreateStore() is not { } store)
        {
            return CliApp.Usage;
        }

        var self = Reachable(store, actor, []);
        if (self.Error is { } error)
        {
            stderr.WriteLine($"{actor}: {error}");
            return CliApp.Invalid;
        }

        List<Reach>? every = null;
        List<Reach>? bound = null;
        string? boundError = null;
        if (subject is not null)
        {
            var ofSubject = Reachable(store, subject, []);
            if (ofSubject.Error is { } subjectError)
            {
                stderr.WriteLine($"{subject}: {subjectError}");
                return CliApp.Invalid;
            }

            // EveryPrincipal: each principal of the chain must hold the relation in its own right.
            every = [.. self.Items.Intersect(ofSubject.Items)];

            // CurrentActorForSubject: the subject must hold it, with the actor bound to it as the authorizer binds it.
            var binding = Reachable(store, subject, [new FgaTuple(subject, delegationRelation, actor)]);
            (bound, boundError) = (binding.Items, binding.Error);
        }

        var report = new ReachReport(actor, subject, self.Items, every, bound, boundError, delegationRelation);
        stdout.Write(format switch
        {
            "json" => report.ToJson(),
            "mermaid" => report.ToMermaid(),
            "dot" => report.ToDot(),
            _ => report.ToTable(),
        });
        return CliApp.Ok;
    }

    public static int Diff(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var json = args.Contains("--json");
        var files = args.Where(a => a != "--json").ToList();
        if (files.Count != 2 || files.Any(f => f.StartsWith("--", StringComparison.Ordinal)))
        {
            throw new UsageException(DiffUsage);
        }

        if (FgaCommands.LoadStore(files[0], stderr) is not { } oldFile || FgaCommands.LoadStore(files[1], stderr) is not { } newFile)
        {
            return CliApp.Usage;
        }

        var (oldStore, newStore) = (oldFile.CreateStore(), newFile.CreateStore());
        var principals = Principals(oldStore).Union(Principals(newStore)).Order(StringComparer.Ordinal).ToList();
        var changes = new List<(string Principal, List<Reach> Granted, List<Reach> Revoked)>();
        foreach (var principal in principals)
        {
            var before = Reachable(oldStore, principal, []);
            var after = Reachable(newStore, principal, []);
            var granted = after.Items.Except(before.Items).ToList();
            var revoked = before.Items.Except(after.Items).ToList();
            if (granted.Count + revoked.Count > 0)
            {
                changes.Add((principal, granted, revoked));
            }
        }

        var grants = changes.Sum(c => c.Granted.Count);
        var revokes = changes.Sum(c => c.Revoked.Count);
        if (json)
        {
            var root = new JsonObject
            {
                ["granted"] = grants,
                ["revoked"] = revokes,
                ["principals"] = new JsonArray([.. changes.Select(c => (JsonNode)new JsonObject
                {
                    ["principal"] = c.Principal,
                    ["granted"] = new JsonArray([.. c.Granted.Select(r => (JsonNode)r.ToJson())]),
                    ["revoked"] = new JsonArray([.. c.Revoked.Select(r => (JsonNode)r.ToJson())]),
                })]),
            };
            stdout.WriteLine(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        else
        {
            foreach (var (principal, granted, revoked) in changes)
            {
                stdout.WriteLine(principal);
                foreach (var reach in granted)
                {
                    stdout.WriteLine($"  + {reach.Relation} {reach.Object}");
                }

                foreach (var reach in revoked)
                {
                    stdout.WriteLine($"  - {reach.Relation} {reach.Object}");
                }
            }

            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{grants} granted, {revokes} revoked, {principals.Count} principals compared"));
        }

        // A change that grants anything new asks for a second look (CI can require one on this exit code).
        return grants > 0 ? CliApp.Invalid : CliApp.Ok;
    }

    // Every (object, relation) the user reaches: ListObjects over every relation of every type.
    private static (List<Reach> Items, string? Error) Reachable(EmbeddedFgaStore store, string user, IReadOnlyList<FgaTuple> contextual)
    {
        var found = new List<Reach>();
        foreach (var type in store.Model.TypeNames.Order(StringComparer.Ordinal))
        {
            foreach (var relation in store.Model.RelationNames(type).Order(StringComparer.Ordinal))
            {
                var result = store.ListObjects(new FgaListObjectsRequest { User = user, Relation = relation, Type = type, ContextualTuples = contextual });
                if (result.IsError)
                {
                    return ([], $"error {(int)result.ErrorCode}: {result.Message}");
                }

                found.AddRange(result.Items.Select(o => new Reach(o, relation)));
            }
        }

        return ([.. found.OrderBy(r => r.Object, StringComparer.Ordinal).ThenBy(r => r.Relation, StringComparer.Ordinal)], null);
    }

    // The principals a store names: every plain user and wildcard of its tuples.
    private static IEnumerable<string> Principals(EmbeddedFgaStore store) =>
        store.Read().Select(t => t.User).Where(u => !u.Contains('#', StringComparison.Ordinal)).Distinct(StringComparer.Ordinal);

    internal readonly record struct Reach(string Object, string Relation)
    {
        public JsonObject ToJson() => new() { ["object"] = Object, ["relation"] = Relation };
    }
}

using AgentCore.Security.OpenFga;
using BenchmarkDotNet.Attributes;

namespace AgentCore.Security.Benchmarks;

/// <summary>
/// The embedded evaluator as the store grows: the homelab model with 1k to 1M tuples spread over as many tools,
/// groups, users and agents, and a chain of 1 to 4 principals authorized uncached (EveryPrincipal: one Check per
/// principal, each through a group userset and an exclusion). The per-principal cost should not grow with the store.
/// GlobalSetup prints the store's memory per tuple.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class EmbeddedStoreScaleBenchmark
{
    private const string Model = AgentCore.Security.Tests.Infrastructure.HomelabFga.Model;

    private static readonly string[] Actors = ["coordinator", "security-agent", "triage-agent"];

    private FgaDelegationAuthorizer _authorizer = null!;
    private ValidatedChain _chain = null!;

    [Params(1_000, 10_000, 100_000, 1_000_000)]
    public int Tuples { get; set; }

    [Params(1, 2, 3, 4)]
    public int Principals { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var store = new EmbeddedFgaStore(FgaModel.Parse(Model));
        store.Write(Generate(Tuples));
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// store of {store.TupleCount:N0} tuples: {(after - before) / (double)store.TupleCount:F0} B per tuple");

        _chain = new ValidatedChain(
            "https://idp.homelab", "alice", Actors[0], ["alerts-api"], ["read:alerts"], DateTimeOffset.MaxValue, null, null, "jti",
            [.. Actors.Take(Principals - 1).Reverse().Select(a => new ChainActor(a))], "hash");
        _authorizer = new FgaDelegationAuthorizer(new EmbeddedFgaCheckClient(store), new FgaAuthorizerOptions { EnableDecisionCache = false });
        if (!Authorize())
        {
            throw new InvalidOperationException("The benchmark chain must be allowed.");
        }

        GC.KeepAlive(store);
    }

    [Benchmark]
    public bool Authorize()
    {
        var pending = _authorizer.AuthorizeAsync(_chain, "can_read", "tool:alerts");
        return pending.IsCompletedSuccessfully ? pending.Result.Allowed : throw new InvalidOperationException("The embedded authorization did not complete synchronously.");
    }

    // N tuples in fives over N/5 tools, N/50 groups and N/5 users; the chain's own grants on tool:alerts on top.
    private static List<FgaTuple> Generate(int count)
    {
        var tuples = new List<FgaTuple>(count + 8);
        for (var i = 0; tuples.Count < count; i++)
        {
            var group = $"group:g{i % Math.Max(1, count / 50)}";
            tuples.Add(new FgaTuple($"user:u{i}", "member", group));
            tuples.Add(new FgaTuple($"{group}#member", "reader", $"tool:t{i}"));
            tuples.Add(new FgaTuple($"user:u{i}", "owner", $"tool:t{i}"));
            tuples.Add(new FgaTuple($"agent:a{i % 1000}", "operator", $"tool:t{i}"));
            tuples.Add(new FgaTuple($"user:u{(i * 7) % Math.Max(1, count / 5)}", "blocked", $"tool:t{i}"));
        }

        tuples.Add(new FgaTuple("user:alice", "member", "group:secops"));
        tuples.Add(new FgaTuple("group:secops#member", "reader", "tool:alerts"));
        tuples.AddRange(Actors.Select(a => new FgaTuple($"agent:{a}", "reader", "tool:alerts")));
        return [.. tuples.DistinctBy(t => (t.User, t.Relation, t.Object))];
    }
}

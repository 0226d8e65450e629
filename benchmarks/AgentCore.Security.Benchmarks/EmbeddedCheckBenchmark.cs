using AgentCore.Security.OpenFga;
using BenchmarkDotNet.Attributes;

namespace AgentCore.Security.Benchmarks;

/// <summary>
/// The embedded evaluator on a homelab-style model (users, groups, agents, tools) with a 1,000-tuple store:
/// one principal check, a three-principal chain (alice → coordinator → security-agent) without the
/// decision cache, and the same chain through the decision cache.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class EmbeddedCheckBenchmark
{
    private const string Model = AgentCore.Security.Tests.Infrastructure.HomelabFga.Model;

    private static readonly ValidatedChain Chain = new(
        "https://idp.homelab", "alice", "security-agent", ["alerts-api"], ["read:alerts"], DateTimeOffset.MaxValue, null, null, "jti",
        [new ChainActor("security-agent"), new ChainActor("coordinator")], "hash");

    private EmbeddedFgaStore _store = null!;
    private FgaDelegationAuthorizer _uncached = null!;
    private FgaDelegationAuthorizer _cached = null!;
    private FgaCheckRequest _single = null!;

    [GlobalSetup]
    public void Setup()
    {
        _store = new EmbeddedFgaStore(FgaModel.Parse(Model));
        var tuples = new List<FgaTuple>();
        for (var i = 0; i < 200; i++)
        {
            tuples.Add(new FgaTuple($"user:u{i}", "member", $"group:g{i % 20}"));
            tuples.Add(new FgaTuple($"group:g{i % 20}#member", "reader", $"tool:t{i}"));
            tuples.Add(new FgaTuple($"user:u{i}", "owner", $"tool:t{i}"));
            tuples.Add(new FgaTuple($"agent:a{i}", "operator", $"tool:t{i % 50}"));
            tuples.Add(new FgaTuple($"user:u{(i * 7) % 200}", "blocked", $"tool:t{i}"));
        }

        tuples.Add(new FgaTuple("user:alice", "member", "group:secops"));
        tuples.Add(new FgaTuple("group:secops#member", "reader", "tool:alerts"));
        tuples.Add(new FgaTuple("agent:coordinator", "reader", "tool:alerts"));
        tuples.Add(new FgaTuple("agent:security-agent", "operator", "tool:alerts"));
        _store.Write(tuples.DistinctBy(t => (t.User, t.Relation, t.Object)));
        if (_store.TupleCount < 1000)
        {
            throw new InvalidOperationException($"The store has {_store.TupleCount} tuples, not 1,000.");
        }

        var client = new EmbeddedFgaCheckClient(_store);
        _uncached = new FgaDelegationAuthorizer(client, new FgaAuthorizerOptions { EnableDecisionCache = false });
        _cached = new FgaDelegationAuthorizer(client);
        _single = new FgaCheckRequest { User = "user:alice", Relation = "can_read", Object = "tool:alerts" };
        if (!_store.Check(_single).Allowed || !ChainOfThreeUncached() || !ChainOfThreeDecisionCacheHit())
        {
            throw new InvalidOperationException("The benchmark checks must be allowed.");
        }
    }

    [Benchmark(Baseline = true)]
    public bool OnePrincipalCheck() => _store.Check(_single).Allowed;

    [Benchmark]
    public bool ChainOfThreeUncached() => Allowed(_uncached.AuthorizeAsync(Chain, "can_read", "tool:alerts"));

    [Benchmark]
    public bool ChainOfThreeDecisionCacheHit() => Allowed(_cached.AuthorizeAsync(Chain, "can_read", "tool:alerts"));

    // The embedded client completes synchronously; anything else would be a bug worth seeing.
    private static bool Allowed(ValueTask<DelegationDecision> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result.Allowed : throw new InvalidOperationException("The embedded authorization did not complete synchronously.");
}

using AgentCore.Security.OpenFga;
using BenchmarkDotNet.Attributes;

namespace AgentCore.Security.Benchmarks;

/// <summary>
/// The embedded ListObjects by result size: alice may read 10 to 10,000 tools (through her group, minus the ones she
/// is blocked on), among the tools of a background store of 10k or 100k tuples. Every tool object is a candidate and
/// is decided by one Check, so the cost should follow the number of tool objects, with the result size adding little.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class ListObjectsBenchmark
{
    private const string Model = AgentCore.Security.Tests.Infrastructure.HomelabFga.Model;

    private EmbeddedFgaStore _store = null!;
    private FgaListObjectsRequest _request = null!;
    private int _expected;

    [Params(10_000, 100_000)]
    public int StoreTuples { get; set; }

    [Params(10, 100, 1_000, 10_000)]
    public int Results { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = new EmbeddedFgaStore(FgaModel.Parse(Model));
        var tuples = new List<FgaTuple> { new("user:alice", "member", "group:secops") };
        for (var i = 0; tuples.Count < StoreTuples; i++)
        {
            tuples.Add(new FgaTuple($"user:u{i}", "member", $"group:g{i % 500}"));
            tuples.Add(new FgaTuple($"group:g{i % 500}#member", "reader", $"tool:t{i}"));
            tuples.Add(new FgaTuple($"user:u{i}", "owner", $"tool:t{i}"));
            tuples.Add(new FgaTuple($"agent:a{i % 1000}", "operator", $"tool:t{i}"));
        }

        // alice reads Results tools through her group; one in ten of those she is also blocked on, so can_read
        // excludes them (an exclusion on every candidate).
        for (var i = 0; i < Results + (Results / 10); i++)
        {
            tuples.Add(new FgaTuple("group:secops#member", "reader", $"tool:mine{i}"));
            if (i % 11 == 10)
            {
                tuples.Add(new FgaTuple("user:alice", "blocked", $"tool:mine{i}"));
            }
        }

        _store.Write(tuples);
        _request = new FgaListObjectsRequest { User = "user:alice", Relation = "can_read", Type = "tool" };
        _expected = List();
        Console.WriteLine($"// {_store.TupleCount:N0} tuples; alice may read {_expected:N0} tools");
        if (_expected < Results)
        {
            throw new InvalidOperationException("alice must reach at least Results tools.");
        }
    }

    [Benchmark]
    public int List()
    {
        var result = _store.ListObjects(_request);
        return result.IsError ? throw new InvalidOperationException(result.Message) : result.Items.Count;
    }
}

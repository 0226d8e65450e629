using AgentCore.Security.OpenFga;

namespace AgentCore.Security.Tests.OpenFga;

/// <summary>Pins the allocation figure stated for EmbeddedCheckBenchmark: one Check through a group userset and an exclusion allocates under 1 KiB (the benchmark measures 528 B).</summary>
public sealed class EmbeddedCheckAllocationTests
{
    [Fact]
    public void Check_UsersetAndExclusion_AllocatesUnder1KiB()
    {
        var store = new EmbeddedFgaStore(FgaModel.Parse(AgentCore.Security.Tests.Infrastructure.HomelabFga.Model));
        store.Write([new("user:alice", "member", "group:secops"), new("group:secops#member", "reader", "tool:alerts"), new("user:bob", "blocked", "tool:alerts")]);
        var request = new FgaCheckRequest { User = "user:alice", Relation = "can_read", Object = "tool:alerts" };
        for (var i = 0; i < 50; i++)
        {
            store.Check(request).Allowed.ShouldBeTrue();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            store.Check(request);
        }

        var perCheck = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        perCheck.ShouldBeLessThan(1024, $"{perCheck} B per check");
    }
}

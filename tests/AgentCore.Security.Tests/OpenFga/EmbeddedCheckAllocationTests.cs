using AgentCore.Security.OpenFga;

namespace AgentCore.Security.Tests.OpenFga;

/// <summary>Pins the allocation figure stated for EmbeddedCheckBenchmark: one Check through a group userset and an exclusion allocates under 1 KiB (the benchmark measures 528 B).</summary>
public sealed class EmbeddedCheckAllocationTests
{
    [Fact]
    public void Check_UsersetAndExclusion_AllocatesUnder1KiB()
    {
        var store = new EmbeddedFgaStore(FgaModel.Parse("""
            model
              schema 1.1
            type user
            type group
              relations
                define member: [user, group#member]
            type agent
            type tool
              relations
                define owner: [user]
                define operator: [user, agent, group#member] or owner
                define reader: [user, agent, group#member] or operator
                define blocked: [user, agent]
                define can_read: reader but not blocked
            """));
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

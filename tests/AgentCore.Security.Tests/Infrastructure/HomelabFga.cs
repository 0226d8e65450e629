namespace AgentCore.Security.Tests.Infrastructure;

/// <summary>The homelab-style model of EmbeddedCheckBenchmark and its allocation test: users, groups, agents, tools.</summary>
public static class HomelabFga
{
    public const string Model = """
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
        """;
}

using AgentCore.Security.Tests.Infrastructure;

namespace AgentCore.Security.Tests.Cli;

/// <summary><c>agentcore audit reach|diff</c> and <c>agentcore fga explain</c> on the homelab fleet's store.</summary>
public sealed class AuditCommandsTests : IDisposable
{
    private static readonly string Fleet = Path.Combine(RepoFiles.Root, "samples", "Homelab", "fleet.fga.yaml");

    private readonly List<string> _written = [];

    public void Dispose()
    {
        foreach (var file in _written)
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Reach_Table_ListsWhatTheAgentReaches_ByItselfAndForASubject()
    {
        var (code, stdout, _) = await CliRunner.Run("audit", "reach", "--store", Fleet, "--actor", "agent:security-agent", "--for", "user:alice");

        code.ShouldBe(0, stdout);
        stdout.ShouldStartWith("""
            agent:security-agent, by itself:
              alerts:homelab  reader
              network:home    viewer
            agent:security-agent acting for user:alice, EveryPrincipal (each of them holds it):
              alerts:homelab  reader
              network:home    viewer
            agent:security-agent acting for user:alice, CurrentActorForSubject: not expressible in this model
            """.ReplaceLineEndings("\n"));
        stdout.ShouldContain("relation 'agent#principal' not found");
    }

    [Fact]
    public async Task Reach_ForASubjectWithLessThanTheAgent_IsTheIntersection()
    {
        // The network agent operates network:home; bob holds nothing, so under EveryPrincipal it reaches nothing for bob.
        var (code, stdout, _) = await CliRunner.Run("audit", "reach", "--store", Fleet, "--actor", "agent:network-agent", "--for", "user:bob", "--json");

        code.ShouldBe(0, stdout);
        var json = System.Text.Json.Nodes.JsonNode.Parse(stdout)!;
        json["self"]!.AsArray().Select(r => $"{r!["relation"]} {r["object"]}").ShouldBe(["operator network:home"]);
        json["everyPrincipal"]!.AsArray().ShouldBeEmpty();
        json["currentActorForSubject"]!["error"]!.GetValue<string>().ShouldContain("2027");
    }

    [Theory]
    [InlineData("mermaid", "graph LR", "-->|reader|")]
    [InlineData("dot", "digraph reach {", "[label=\"viewer\"]")]
    public async Task Reach_Pictures_DrawActorToObjectEdges(string format, string header, string edge)
    {
        var (code, stdout, _) = await CliRunner.Run("audit", "reach", "--store", Fleet, "--actor", "agent:security-agent", "--format", format);

        code.ShouldBe(0, stdout);
        stdout.ShouldStartWith(header);
        stdout.ShouldContain(edge);
        stdout.ShouldContain("agent:security-agent");
    }

    [Fact]
    public async Task Diff_AGrant_IsListedPerPrincipal_AndExits1()
    {
        var changed = WithFleet(tuples => tuples.Replace(
            "  - user: agent:coordinator\n    relation: auditor\n    object: network:home\n",
            "  - user: agent:security-agent\n    relation: operator\n    object: network:home\n",
            StringComparison.Ordinal));

        var (code, stdout, _) = await CliRunner.Run("audit", "diff", Fleet, changed);

        code.ShouldBe(1, stdout);
        stdout.ShouldBe("""
            agent:coordinator
              - auditor network:home
            agent:security-agent
              + operator network:home
            1 granted, 1 revoked, 4 principals compared

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Diff_OnlyRevocations_Exits0_AndTheSameStoreShowsNothing()
    {
        var revoked = WithFleet(tuples => tuples.Replace("  - user: agent:coordinator\n    relation: auditor\n    object: network:home\n", string.Empty, StringComparison.Ordinal));

        var (code, stdout, _) = await CliRunner.Run("audit", "diff", Fleet, revoked, "--json");
        var (same, unchanged, _) = await CliRunner.Run("audit", "diff", Fleet, Fleet);

        code.ShouldBe(0, stdout);
        var json = System.Text.Json.Nodes.JsonNode.Parse(stdout)!;
        json["granted"]!.GetValue<int>().ShouldBe(0);
        json["revoked"]!.GetValue<int>().ShouldBe(1);
        same.ShouldBe(0);
        unchanged.ShouldBe("0 granted, 0 revoked, 4 principals compared\n");
    }

    [Fact]
    public async Task Explain_ShowsThePathThroughTheModel_ForAnAllowAndADenial()
    {
        var store = Path.Combine(Path.GetTempPath(), $"explain-{Guid.NewGuid():N}.fga.yaml");
        await File.WriteAllTextAsync(store, """
            model: |
              model
                schema 1.1
              type user
              type agent
              type group
                relations
                  define member: [user, agent]
              type folder
                relations
                  define viewer: [group#member]
              type network
                relations
                  define parent: [folder]
                  define blocked: [agent]
                  define viewer: viewer from parent but not blocked
            tuples:
              - {user: group:sec#member, relation: viewer, object: folder:infra}
              - {user: agent:security-agent, relation: member, object: group:sec}
              - {user: agent:rogue, relation: member, object: group:sec}
              - {user: folder:infra, relation: parent, object: network:home}
              - {user: agent:rogue, relation: blocked, object: network:home}
            """, TestContext.Current.CancellationToken);
        try
        {
            var (allowed, why, _) = await CliRunner.Run("fga", "explain", "--store", store, "agent:security-agent", "viewer", "network:home");
            var (denied, whyNot, _) = await CliRunner.Run("fga", "explain", "--store", store, "agent:rogue", "viewer", "network:home");

            allowed.ShouldBe(0, why);
            why.ShouldContain("  viewer from parent → true");
            why.ShouldContain("tuple group:sec#member viewer folder:infra: is agent:security-agent in group:sec#member?");
            why.ShouldContain("tuple agent:security-agent member group:sec");
            why.ShouldEndWith("allowed: agent:security-agent viewer network:home\n");
            denied.ShouldBe(1, whyNot);
            whyNot.ShouldContain("network:home#blocked for agent:rogue, defined as directly assigned → true");
            whyNot.ShouldEndWith("denied: agent:rogue viewer network:home\n");
        }
        finally
        {
            File.Delete(store);
        }
    }

    private string WithFleet(Func<string, string> change)
    {
        var path = Path.Combine(Path.GetTempPath(), $"fleet-{Guid.NewGuid():N}.fga.yaml");
        var text = File.ReadAllText(Fleet).ReplaceLineEndings("\n");
        var changed = change(text);
        changed.ShouldNotBe(text, "the change must apply to the fleet's store");
        File.WriteAllText(path, changed);
        _written.Add(path);
        return path;
    }
}

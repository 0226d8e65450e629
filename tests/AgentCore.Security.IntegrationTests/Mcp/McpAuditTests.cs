using System.Collections.Concurrent;
using System.Diagnostics;
using AgentCore.Security.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AgentCore.Security.IntegrationTests.Mcp;

/// <summary>
/// What an auditor gets for each MCP tool decision: one audit line (event 400 allowed, 401 denied) and one span
/// (<c>agentcore.security.authorize</c>), each naming the tool, the chain, the relation, the object and the result.
/// </summary>
public sealed class McpAuditTests(TokenServiceFixture tokenService) : IClassFixture<TokenServiceFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EachToolDecision_HasOneAuditLine_AndOneSpan_NamingToolChainRelationObjectAndResult()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "AgentCore.Security",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == "agentcore.security.authorize" && activity.GetTagItem("agentcore.security.object") is "host:printer" or "host:router-9")
                {
                    spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var logs = new FakeLogCollector();
        using var provider = new FakeLoggerProvider(logs);
        await using var server = await McpTestServer.StartAsync(tokenService, stateless: true, Cancel, provider);
        var token = await TokenServiceClient.UserTokenAsync(tokenService.Server, "alice", Fleet.McpResource, "write:network");

        using var allowed = await McpRaw.CallToolAsync(server, token, "block_host", "printer", Cancel);
        using var denied = await McpRaw.CallToolAsync(server, token, "block_host", "router-9", Cancel);

        var audit = logs.GetSnapshot().Where(r => r.Id.Id is 400 or 401 && r.Message.Contains("block_host", StringComparison.Ordinal)).ToList();
        audit.Count.ShouldBe(2);
        audit.Single(r => r.Id.Id == 400).Message.ShouldBe($"Allowed block_host for alice via alice: operator on host:printer (jti {Jti(audit[0])}, token {Hash(audit[0])}).", customMessage: audit[0].Message);
        audit.Single(r => r.Id.Id == 401).Message.ShouldContain("Denied block_host: Forbidden (principal user:alice) for alice via alice: operator on host:router-9");
        audit.ShouldAllBe(r => !r.Message.Contains(token, StringComparison.Ordinal));

        spans.Count.ShouldBe(2);
        foreach (var span in spans)
        {
            span.GetTagItem("agentcore.security.operation").ShouldBe("block_host");
            span.GetTagItem("agentcore.security.chain").ShouldBe("alice");
            span.GetTagItem("agentcore.security.relation").ShouldBe("operator");
        }

        spans.Single(s => (string?)s.GetTagItem("agentcore.security.object") == "host:printer").GetTagItem("agentcore.security.decision").ShouldBe("allowed");
        spans.Single(s => (string?)s.GetTagItem("agentcore.security.object") == "host:router-9").GetTagItem("agentcore.security.decision").ShouldBe("denied");
    }

    private static string Jti(FakeLogRecord record) => record.GetStructuredStateValue("TokenId") ?? string.Empty;

    private static string Hash(FakeLogRecord record) => record.GetStructuredStateValue("TokenHash") ?? string.Empty;
}

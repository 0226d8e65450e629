using AgentCore.Security.Tests.Infrastructure;

namespace AgentCore.Security.Tests.TokenExchange;

public sealed class AgentCallContextTests
{
    [Fact]
    public async Task Begin_FlowsWithTheAsyncContext_AndNestedScopesRestoreTheOuterOne()
    {
        var outer = Chain("outer");
        var inner = Chain("inner");
        AgentCallContext.Current.ShouldBeNull();

        using (AgentCallContext.Begin(outer, "token-outer"))
        {
            await Task.Yield();
            AgentCallContext.Current!.Chain.ShouldBeSameAs(outer);
            using (AgentCallContext.Begin(inner, "token-inner"))
            {
                await Task.Run(() => AgentCallContext.Current!.InboundToken.ShouldBe("token-inner"), TestContext.Current.CancellationToken);
            }

            AgentCallContext.Current!.InboundToken.ShouldBe("token-outer");
            AgentCallContext.Current.ToString().ShouldNotContain("token-outer");
        }

        AgentCallContext.Current.ShouldBeNull();
    }

    private static ValidatedChain Chain(string subject) =>
        new(TestTokens.Issuer, subject, "client", ["aud"], ["scope"], DateTimeOffset.UnixEpoch, null, null, "jti", [], "abc123");
}

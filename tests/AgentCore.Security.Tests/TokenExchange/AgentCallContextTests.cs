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

    // Defect 14: work started during the call still saw the caller after the call returned.
    [Fact]
    public async Task WorkThatOutlivesTheCall_SeesNoCaller()
    {
        var release = new TaskCompletionSource();
        Task<AgentCallContext?> background;
        using (AgentCallContext.Begin(Chain("alice"), "token-alice"))
        {
            background = Task.Run(async () =>
            {
                await release.Task;
                return AgentCallContext.Current;
            });
        }

        release.SetResult();

        (await background).ShouldBeNull();
    }

    [Fact]
    public async Task AChainCarriedOnPurpose_IsOpenedAgainInsideTheBackgroundWork()
    {
        var release = new TaskCompletionSource();
        Task<string?> background;
        using (AgentCallContext.Begin(Chain("alice"), "token-alice"))
        {
            var captured = AgentCallContext.Current!;
            background = Task.Run(async () =>
            {
                await release.Task;
                using (AgentCallContext.Begin(captured.Chain, captured.InboundToken))
                {
                    return AgentCallContext.Current?.Chain.Subject;
                }
            });
            captured.HasEnded.ShouldBeFalse();
        }

        release.SetResult();

        (await background).ShouldBe("alice");
    }

    [Fact]
    public void DisposingADefaultScope_DoesNothing() => Should.NotThrow(() => default(AgentCallContext.Scope).Dispose());

    private static ValidatedChain Chain(string subject) =>
        new(TestTokens.Issuer, subject, "client", ["aud"], ["scope"], DateTimeOffset.UnixEpoch, null, null, "jti", [], "abc123");
}

using AgentCore.Security.OpenFga;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AgentCore.Security.Tests.OpenFga;

/// <summary>
/// Both modes against tested example models (the homelab: users, agents, tools), the decision cache,
/// and failing closed. The models are the ones the package README documents.
/// </summary>
public sealed class FgaDelegationAuthorizerTests
{
    /// <summary>EveryPrincipal: each principal needs the relation in its own right.</summary>
    internal const string EveryPrincipalModel = """
        model
          schema 1.1
        type user
        type agent
        type alerts
          relations
            define reader: [user, agent]
        type network
          relations
            define operator: [user, agent]
        """;

    /// <summary>CurrentActorForSubject: the user must be a reader, and the acting agent must be trusted to read for its principals.</summary>
    internal const string DelegationModel = """
        model
          schema 1.1
        type user
        type agent
          relations
            define principal: [user]
        type alerts
          relations
            define reader: [user]
            define delegate_reader: [agent#principal]
            define can_read: reader and delegate_reader
        """;

    private static readonly ValidatedChain AliceViaCoordinatorAndSecurityAgent = Chain("alice", "security-agent", "coordinator");

    [Fact]
    public async Task EveryPrincipal_AllHoldTheRelation_IsAllowedInOneBatch()
    {
        var client = Client(EveryPrincipalModel, ("user:alice", "reader", "alerts:homelab"), ("agent:coordinator", "reader", "alerts:homelab"), ("agent:security-agent", "reader", "alerts:homelab"));
        var authorizer = new FgaDelegationAuthorizer(client);

        var decision = await authorizer.AuthorizeAsync(AliceViaCoordinatorAndSecurityAgent, "reader", "alerts:homelab", TestContext.Current.CancellationToken);

        decision.Allowed.ShouldBeTrue(decision.Message);
        decision.Principals.Select(p => p.Principal).ShouldBe(["user:alice", "agent:security-agent", "agent:coordinator"]);
        client.Batches.ShouldBe(1);
    }

    [Fact]
    public async Task EveryPrincipal_OneActorLacksTheRelation_IsDeniedNamingIt()
    {
        var client = Client(EveryPrincipalModel, ("user:alice", "operator", "network:home"), ("agent:coordinator", "operator", "network:home"));
        var authorizer = new FgaDelegationAuthorizer(client);

        var decision = await authorizer.AuthorizeAsync(AliceViaCoordinatorAndSecurityAgent, "operator", "network:home", TestContext.Current.CancellationToken);

        decision.Allowed.ShouldBeFalse();
        decision.Reason.ShouldBe(DelegationDenyReason.PrincipalDenied);
        decision.DeniedPrincipal.ShouldBe("agent:security-agent");
        decision.Message.ShouldContain("agent:security-agent may not operator network:home");
    }

    [Fact]
    public async Task CurrentActorForSubject_BindsTheCurrentActorToTheSubjectFromTheChainOnly()
    {
        var client = Client(DelegationModel, ("user:alice", "reader", "alerts:homelab"), ("agent:security-agent#principal", "delegate_reader", "alerts:homelab"));
        var authorizer = new FgaDelegationAuthorizer(client, new FgaAuthorizerOptions { Mode = DelegationMode.CurrentActorForSubject });

        var viaSecurityAgent = await authorizer.AuthorizeAsync(AliceViaCoordinatorAndSecurityAgent, "can_read", "alerts:homelab", TestContext.Current.CancellationToken);
        var viaNetworkAgent = await authorizer.AuthorizeAsync(Chain("alice", "network-agent", "coordinator"), "can_read", "alerts:homelab", TestContext.Current.CancellationToken);
        var bobViaSecurityAgent = await authorizer.AuthorizeAsync(Chain("bob", "security-agent", "coordinator"), "can_read", "alerts:homelab", TestContext.Current.CancellationToken);
        var aliceDirect = await authorizer.AuthorizeAsync(Chain("alice"), "can_read", "alerts:homelab", TestContext.Current.CancellationToken);

        viaSecurityAgent.Allowed.ShouldBeTrue(viaSecurityAgent.Message);
        viaNetworkAgent.Allowed.ShouldBeFalse();
        viaNetworkAgent.Message.ShouldContain("acting through agent:network-agent");
        bobViaSecurityAgent.Allowed.ShouldBeFalse();
        aliceDirect.Allowed.ShouldBeFalse(); // the model requires an acting agent
        client.Store.TupleCount.ShouldBe(2); // the binding was contextual, never written
    }

    [Fact]
    public async Task DecisionCache_HitsWithoutAskingAgain_DenialsExpireSooner_AndCanBeTurnedOff()
    {
        var clock = new FakeTimeProvider();
        var client = Client(EveryPrincipalModel, ("user:alice", "reader", "alerts:homelab"), ("agent:coordinator", "reader", "alerts:homelab"), ("agent:security-agent", "reader", "alerts:homelab"));
        var authorizer = new FgaDelegationAuthorizer(client, timeProvider: clock);
        var cancel = TestContext.Current.CancellationToken;

        var first = await authorizer.AuthorizeAsync(AliceViaCoordinatorAndSecurityAgent, "reader", "alerts:homelab", cancel);
        (await authorizer.AuthorizeAsync(AliceViaCoordinatorAndSecurityAgent, "reader", "alerts:homelab", cancel)).ShouldBeSameAs(first);
        (await authorizer.AuthorizeAsync(Chain("alice", "security-agent", "coordinator"), "reader", "alerts:homelab", cancel)).ShouldBeSameAs(first); // same principals, other token
        client.Batches.ShouldBe(1);

        await authorizer.AuthorizeAsync(AliceViaCoordinatorAndSecurityAgent, "operator", "network:home", cancel);
        clock.Advance(TimeSpan.FromSeconds(3));
        await authorizer.AuthorizeAsync(AliceViaCoordinatorAndSecurityAgent, "reader", "alerts:homelab", cancel); // allow: still cached (10 s)
        await authorizer.AuthorizeAsync(AliceViaCoordinatorAndSecurityAgent, "operator", "network:home", cancel); // denial: gone after 2 s
        client.Batches.ShouldBe(3);

        clock.Advance(TimeSpan.FromSeconds(8));
        await authorizer.AuthorizeAsync(AliceViaCoordinatorAndSecurityAgent, "reader", "alerts:homelab", cancel);
        client.Batches.ShouldBe(4);

        var uncached = new FgaDelegationAuthorizer(client, new FgaAuthorizerOptions { EnableDecisionCache = false });
        await uncached.AuthorizeAsync(AliceViaCoordinatorAndSecurityAgent, "reader", "alerts:homelab", cancel);
        await uncached.AuthorizeAsync(AliceViaCoordinatorAndSecurityAgent, "reader", "alerts:homelab", cancel);
        client.Batches.ShouldBe(6);
    }

    [Fact]
    public async Task DecisionCacheHit_AllocatesNothing()
    {
        var client = Client(EveryPrincipalModel, ("user:alice", "reader", "alerts:homelab"), ("agent:coordinator", "reader", "alerts:homelab"), ("agent:security-agent", "reader", "alerts:homelab"));
        var authorizer = new FgaDelegationAuthorizer(client);
        await authorizer.AuthorizeAsync(AliceViaCoordinatorAndSecurityAgent, "reader", "alerts:homelab", TestContext.Current.CancellationToken);

        static bool Hit(FgaDelegationAuthorizer a)
        {
            var pending = a.AuthorizeAsync(AliceViaCoordinatorAndSecurityAgent, "reader", "alerts:homelab");
            return pending.IsCompletedSuccessfully && pending.Result.Allowed;
        }

        for (var i = 0; i < 100; i++)
        {
            Hit(authorizer).ShouldBeTrue();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Hit(authorizer);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }

    [Fact]
    public async Task PolicyEngineFailure_DeniesWithPolicyEngineUnavailable_LoggedOnce_NotCached()
    {
        var logger = new FakeLogger<FgaDelegationAuthorizer>();
        var failing = new FailingClient();
        var authorizer = new FgaDelegationAuthorizer(failing, logger: logger);

        var decision = await authorizer.AuthorizeAsync(AliceViaCoordinatorAndSecurityAgent, "reader", "alerts:homelab", TestContext.Current.CancellationToken);

        decision.Allowed.ShouldBeFalse();
        decision.Reason.ShouldBe(DelegationDenyReason.PolicyEngineUnavailable);
        logger.Collector.Count.ShouldBe(1);
        logger.LatestRecord.Id.Name.ShouldBe("PolicyEngineUnavailable");
        await authorizer.AuthorizeAsync(AliceViaCoordinatorAndSecurityAgent, "reader", "alerts:homelab", TestContext.Current.CancellationToken);
        failing.Calls.ShouldBe(2);
    }

    [Fact]
    public async Task UnknownRelation_IsAPolicyError()
    {
        var decision = await new FgaDelegationAuthorizer(Client(EveryPrincipalModel)).AuthorizeAsync(AliceViaCoordinatorAndSecurityAgent, "writer", "alerts:homelab", TestContext.Current.CancellationToken);

        decision.Reason.ShouldBe(DelegationDenyReason.PolicyError);
        decision.Message.ShouldContain("2000");
    }

    [Theory]
    [InlineData("alice#member")]
    [InlineData("group:admins")]
    [InlineData("ali ce")]
    public async Task PrincipalThatWouldInjectAUserset_IsRefused(string subject)
    {
        var client = Client(EveryPrincipalModel);
        var decision = await new FgaDelegationAuthorizer(client).AuthorizeAsync(Chain(subject, "coordinator"), "reader", "alerts:homelab", TestContext.Current.CancellationToken);

        decision.Reason.ShouldBe(DelegationDenyReason.PolicyError);
        client.Batches.ShouldBe(0);
    }

    [Fact]
    public async Task ClientCredentialsChain_IsCheckedAsTheAgent()
    {
        var client = Client(EveryPrincipalModel, ("agent:security-agent", "reader", "alerts:homelab"));
        var selfChain = new ValidatedChain("https://idp", "security-agent", "security-agent", ["alerts-api"], ["read:alerts"], DateTimeOffset.MaxValue, null, null, "j", [], "h");

        var decision = await new FgaDelegationAuthorizer(client).AuthorizeAsync(selfChain, "reader", "alerts:homelab", TestContext.Current.CancellationToken);

        decision.Allowed.ShouldBeTrue(decision.Message);
        decision.Principals.ShouldHaveSingleItem().Principal.ShouldBe("agent:security-agent");
    }

    // Defect 2: decisions were keyed by principal ids only; agent:bob's allowance served user:bob.
    [Fact]
    public async Task DecisionCache_KeysThePrincipalsType_AgentBobAllowedDoesNotAllowUserBob()
    {
        var client = Client(EveryPrincipalModel, ("agent:bob", "reader", "alerts:homelab"));
        var authorizer = new FgaDelegationAuthorizer(client);
        var bobAsAgent = new ValidatedChain("https://idp", "bob", "bob", ["aud"], ["s"], DateTimeOffset.MaxValue, null, null, "j1", [], "h1");
        var bobAsUser = new ValidatedChain("https://idp", "bob", "cli", ["aud"], ["s"], DateTimeOffset.MaxValue, null, null, "j2", [], "h2");
        var cancel = TestContext.Current.CancellationToken;

        (await authorizer.AuthorizeAsync(bobAsAgent, "reader", "alerts:homelab", cancel)).Allowed.ShouldBeTrue();
        var asUser = await authorizer.AuthorizeAsync(bobAsUser, "reader", "alerts:homelab", cancel);

        asUser.Allowed.ShouldBeFalse(asUser.Message);
        asUser.DeniedPrincipal.ShouldBe("user:bob");
        (await new FgaDelegationAuthorizer(client).AuthorizeAsync(bobAsUser, "reader", "alerts:homelab", cancel)).Allowed.ShouldBe(asUser.Allowed);
    }

    [Fact]
    public async Task DecisionCache_KeysTheIssuer()
    {
        var client = Client(EveryPrincipalModel, ("user:alice", "reader", "alerts:homelab"), ("agent:coordinator", "reader", "alerts:homelab"));
        var authorizer = new FgaDelegationAuthorizer(client);
        var cancel = TestContext.Current.CancellationToken;
        var fromIdp = new ValidatedChain("https://idp", "alice", "coordinator", ["aud"], ["s"], DateTimeOffset.MaxValue, null, null, "j", [new ChainActor("coordinator")], "h");
        var fromOther = new ValidatedChain("https://other-idp", "alice", "coordinator", ["aud"], ["s"], DateTimeOffset.MaxValue, null, null, "j", [new ChainActor("coordinator")], "h");

        await authorizer.AuthorizeAsync(fromIdp, "reader", "alerts:homelab", cancel);
        await authorizer.AuthorizeAsync(fromOther, "reader", "alerts:homelab", cancel);

        client.Batches.ShouldBe(2);
        authorizer.CachedDecisionCount.ShouldBe(2);
    }

    [Fact]
    public async Task DecisionCache_IsNotSharedBetweenAuthorizersWithDifferentTypeNames()
    {
        var client = Client(EveryPrincipalModel, ("user:alice", "reader", "alerts:homelab"), ("agent:coordinator", "reader", "alerts:homelab"));
        var chain = Chain("alice", "coordinator");
        var cancel = TestContext.Current.CancellationToken;
        (await new FgaDelegationAuthorizer(client).AuthorizeAsync(chain, "reader", "alerts:homelab", cancel)).Allowed.ShouldBeTrue();

        var renamed = await new FgaDelegationAuthorizer(client, new FgaAuthorizerOptions { SubjectType = "agent" }).AuthorizeAsync(chain, "reader", "alerts:homelab", cancel);

        renamed.Allowed.ShouldBeFalse();
        renamed.DeniedPrincipal.ShouldBe("agent:alice");
    }

    private static ValidatedChain Chain(string subject, params string[] actorsOutermostFirst) =>
        new("https://idp", subject, actorsOutermostFirst.FirstOrDefault(), ["aud"], ["s"], DateTimeOffset.MaxValue, null, null, "jti", actorsOutermostFirst.Select(a => new ChainActor(a)).ToArray(), "hash");

    private static CountingClient Client(string model, params (string User, string Relation, string Object)[] tuples)
    {
        var store = new EmbeddedFgaStore(FgaModel.Parse(model));
        store.Write(tuples.Select(t => new FgaTuple(t.User, t.Relation, t.Object)));
        return new CountingClient(store);
    }

    private sealed class CountingClient(EmbeddedFgaStore store) : IFgaCheckClient
    {
        private readonly EmbeddedFgaCheckClient _inner = new(store);

        public EmbeddedFgaStore Store => store;

        public int Batches { get; private set; }

        public string ModelId => _inner.ModelId;

        public ValueTask<IReadOnlyList<FgaCheckResult>> BatchCheckAsync(IReadOnlyList<FgaCheckRequest> checks, CancellationToken cancellationToken = default)
        {
            Batches++;
            return _inner.BatchCheckAsync(checks, cancellationToken);
        }
    }

    private sealed class FailingClient : IFgaCheckClient
    {
        public int Calls { get; private set; }

        public string ModelId => "m";

        public ValueTask<IReadOnlyList<FgaCheckResult>> BatchCheckAsync(IReadOnlyList<FgaCheckRequest> checks, CancellationToken cancellationToken = default)
        {
            Calls++;
            throw new FgaUnavailableException("connection refused");
        }
    }
}

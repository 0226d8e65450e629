using System.Net;
using System.Text;
using AgentCore.Security.TokenExchange;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace AgentCore.Security.Tests.TokenExchange;

/// <summary>
/// Defect 1: the cache-key memo was [ThreadStatic] static, shared by every exchanger on the thread, and kept by
/// reference, so a mutated request reused a stale key. These fail on that code.
/// </summary>
public sealed class TokenExchangerCacheKeyTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoExchangersSharingACache_EachGetsItsOwnToken_ForTheSameRequestObject()
    {
        using var services = new ServiceCollection().AddHybridCache().Services.BuildServiceProvider();
        var cache = services.GetRequiredService<HybridCache>();
        var endpoint = new EchoTokenEndpoint();
        var agentA = Exchanger("agent-a", endpoint, cache);
        var agentB = Exchanger("agent-b", endpoint, cache);
        var request = new TokenExchangeRequest { SubjectToken = "subject-token", Audiences = ["alerts-api"], Scopes = ["read:alerts"] };

        var a = await agentA.ExchangeAsync(request, Cancel);
        var b = await agentB.ExchangeAsync(request, Cancel);

        a.Token!.AccessToken.ShouldBe("issued-to:agent-a:read:alerts");
        b.Token!.AccessToken.ShouldBe("issued-to:agent-b:read:alerts");
        endpoint.Calls.ShouldBe(2);
    }

    [Fact]
    public async Task ListsChangedAfterTheRequestIsBuilt_ChangeNeitherTheRequestNorItsToken()
    {
        using var services = new ServiceCollection().AddHybridCache().Services.BuildServiceProvider();
        var endpoint = new EchoTokenEndpoint();
        var exchanger = Exchanger("agent-a", endpoint, services.GetRequiredService<HybridCache>());
        var scopes = new List<string> { "read:alerts", "write:network" };
        var request = new TokenExchangeRequest { SubjectToken = "subject-token", Audiences = ["network-api"], Scopes = scopes };

        var wide = await exchanger.ExchangeAsync(request, Cancel);
        scopes.Remove("write:network"); // the caller narrows its own list after first use
        var again = await exchanger.ExchangeAsync(request, Cancel);
        var narrow = await exchanger.ExchangeAsync(new TokenExchangeRequest { SubjectToken = "subject-token", Audiences = ["network-api"], Scopes = scopes }, Cancel);

        request.Scopes.ShouldBe(["read:alerts", "write:network"]);
        again.Token!.AccessToken.ShouldBe(wide.Token!.AccessToken);
        narrow.Token!.AccessToken.ShouldBe("issued-to:agent-a:read:alerts");
        endpoint.Calls.ShouldBe(2);
    }

    private static TokenExchanger Exchanger(string clientId, EchoTokenEndpoint endpoint, HybridCache cache) => new(
        new HttpClient(endpoint),
        new TokenExchangeOptions { TokenEndpoint = new Uri("https://idp.example/token"), ClientId = clientId, ClientSecret = "secret", ClientAuthentication = ClientAuthenticationMethod.ClientSecretPost },
        cache);

    /// <summary>Issues a token that names the client and the scope asked for.</summary>
    private sealed class EchoTokenEndpoint : HttpMessageHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            var form = (await request.Content!.ReadAsStringAsync(cancellationToken)).Split('&')
                .Select(p => p.Split('='))
                .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
            var token = $"issued-to:{form["client_id"]}:{form["scope"]}";
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent($$"""{"access_token":"{{token}}","issued_token_type":"urn:ietf:params:oauth:token-type:access_token","token_type":"Bearer","expires_in":3600}""", Encoding.UTF8, "application/json"),
            };
        }
    }
}

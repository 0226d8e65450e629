using System.Net;
using System.Net.Http.Json;
using AgentCore.Security.TokenExchange;

namespace AgentCore.Security.Tests.TokenExchange;

/// <summary>
/// Step-up on 403 <c>insufficient_scope</c>: one wider exchange and one resend at most, only for scopes the client
/// may add, never a loop (narrow logic: an in-memory exchanger and downstream).
/// </summary>
public sealed class TokenExchangeStepUpTests
{
    private static readonly Uri Target = new("https://tools.example/mcp");
    private static readonly ValidatedChain Chain = new("https://idp.example/", "alice", "coordinator", ["coordinator"], ["read:alerts", "write:network"], DateTimeOffset.MaxValue, null, null, "jti", [], "abc");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ADownstreamThatAlwaysAnswersInsufficientScope_GetsTwoRequests_NeverMore()
    {
        var exchanger = new Exchanger();
        var downstream = new Downstream(_ => Forbidden("write:network"));
        using var client = Client(exchanger, downstream, stepUp: "write:network");

        using (AgentCallContext.Begin(Chain, "inbound.token.sig"))
        {
            using var response = await client.PostAsJsonAsync(Target, new { method = "tools/call" }, Cancel);

            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        downstream.Requests.ShouldBe(2);
        exchanger.Requests.Select(r => string.Join(' ', r.Scopes)).ShouldBe(["read:alerts", "read:alerts write:network"]);
    }

    [Fact]
    public async Task StepUp_ResendsTheSameJsonBody_WithTheWiderToken()
    {
        var exchanger = new Exchanger();
        var downstream = new Downstream(request => request.Headers.Authorization!.Parameter!.Contains("write:network", StringComparison.Ordinal) ? new HttpResponseMessage(HttpStatusCode.OK) : Forbidden("write:network"));
        using var client = Client(exchanger, downstream, stepUp: "write:network");

        using (AgentCallContext.Begin(Chain, "inbound.token.sig"))
        {
            using var response = await client.PostAsJsonAsync(Target, new { method = "tools/call" }, Cancel);

            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        downstream.Bodies.ShouldBe(["{\"method\":\"tools/call\"}", "{\"method\":\"tools/call\"}"]);
    }

    [Fact]
    public async Task ARequiredScopeNotListedForStepUp_ReturnsThe403_WithoutASecondExchange()
    {
        var exchanger = new Exchanger();
        var downstream = new Downstream(_ => Forbidden("admin"));
        using var client = Client(exchanger, downstream, stepUp: "write:network");

        using (AgentCallContext.Begin(Chain, "inbound.token.sig"))
        {
            using var response = await client.GetAsync(Target, Cancel);

            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        downstream.Requests.ShouldBe(1);
        exchanger.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task WithoutStepUpScopes_Nothing_IsRetried()
    {
        var exchanger = new Exchanger();
        var downstream = new Downstream(_ => Forbidden("write:network"));
        using var client = Client(exchanger, downstream, stepUp: null);

        using (AgentCallContext.Begin(Chain, "inbound.token.sig"))
        {
            using var response = await client.GetAsync(Target, Cancel);

            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        downstream.Requests.ShouldBe(1);
    }

    [Theory]
    [InlineData("Bearer error=\"insufficient_scope\", scope=\"a b\"", "a b")]
    [InlineData("Bearer resource_metadata=\"https://x/.well-known/oauth-protected-resource\", error=\"insufficient_scope\", scope=\"a\"", "a")]
    [InlineData("Bearer error=\"insufficient_scope\", xscope=\"a\"", null)]
    [InlineData("Bearer error=\"invalid_token\", scope=\"a\"", null)]
    // Found by fuzzing: the search-based reader took "scope=" inside error_description's quotes for the scope parameter.
    [InlineData("Bearer error=\"insufficient_scope\", error_description=\"needs scope=\", scope=\"a\"", "a")]
    [InlineData("Bearer error=\"insufficient_scope\", error_description=\"x, scope=\\\"admin\\\"\", scope=\"a\"", "a")]
    [InlineData("Bearer error=insufficient_scope, scope=a", "a")]
    [InlineData("Bearer error=\"insufficient_scope\", scope=\"a", null)]
    public void InsufficientScope_ReadsOnlyTheScopeParameterOfThatError(string challenge, string? expected)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Forbidden);
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", challenge);

        var scopes = TokenExchangeHandler.InsufficientScope(response);

        (scopes is null ? null : string.Join(' ', scopes)).ShouldBe(expected);
    }

    private static HttpClient Client(Exchanger exchanger, Downstream downstream, string? stepUp)
    {
        var options = new TokenExchangeHandlerOptions { Target = new() { Resources = [Target.ToString()], Scopes = ["read:alerts"] } };
        if (stepUp is not null)
        {
            options.StepUpScopes.Add(stepUp);
        }

        return new HttpClient(new TokenExchangeHandler(exchanger, options) { InnerHandler = downstream });
    }

    private static HttpResponseMessage Forbidden(string scope)
    {
        var response = new HttpResponseMessage(HttpStatusCode.Forbidden);
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", $"Bearer error=\"insufficient_scope\", scope=\"{scope}\"");
        return response;
    }

    private sealed class Exchanger : ITokenExchanger
    {
        public List<TokenExchangeRequest> Requests { get; } = [];

        public ValueTask<TokenExchangeResult> ExchangeAsync(TokenExchangeRequest request, CancellationToken cancellationToken = default)
        {
            Requests.Add(request);
            var token = "token-for-" + string.Join('+', request.Scopes);
            return ValueTask.FromResult(TokenExchangeResult.Success(new IssuedToken(token, null, DateTimeOffset.MaxValue, request.Scopes)));
        }

        public ValueTask InvalidateAsync(TokenExchangeRequest request, CancellationToken cancellationToken = default) => default;
    }

    private sealed class Downstream(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public int Requests { get; private set; }

        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            if (request.Content is { } content)
            {
                Bodies.Add(await content.ReadAsStringAsync(cancellationToken));
            }

            var response = answer(request);
            response.RequestMessage = request;
            return response;
        }
    }
}

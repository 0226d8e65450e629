using System.Net;
using System.Text;
using AgentCore.Security.TokenExchange;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace AgentCore.Security.Benchmarks;

/// <summary>
/// One outbound request through the token exchange handler on a cache hit, against the same HttpClient
/// without the handler: a GET, a POST of 1 KiB of JSON as a string (buffered: the passthrough guard reads
/// it), and the same object posted as <c>JsonContent</c> (serialized into a buffer so that the guard reads
/// what is sent). All end in an in-process terminal handler, so only the handler's own cost (context read,
/// passthrough guard over headers, URI and content, origin check, cache key, HybridCache hit, header) differs.
/// </summary>
[Config(typeof(BenchmarkConfig))]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class OutboundExchangeBenchmark
{
    private static readonly Payload Body = new(new string('x', 1000));
    private static readonly string BodyJson = System.Text.Json.JsonSerializer.Serialize(Body);
    private static readonly Uri Target = new("https://alerts.example/alerts");
    private HttpClient _plain = null!;
    private HttpClient _exchanging = null!;
    private ServiceProvider _services = null!;
    private AgentCallContext.Scope _scope;

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddHybridCache().Services.BuildServiceProvider();
        var exchanger = new TokenExchanger(
            new HttpClient(new TokenEndpoint()),
            new TokenExchangeOptions { TokenEndpoint = new Uri("https://idp.example/token"), ClientId = "security-agent", ClientSecret = "secret" },
            _services.GetRequiredService<HybridCache>());
        var options = new TokenExchangeHandlerOptions { Target = new() { Audiences = ["alerts-api"], Scopes = ["read:alerts"] } };
        options.AllowedOrigins.Add(new Uri("https://alerts.example"));
        var handler = new TokenExchangeHandler(exchanger, options)
        {
            InnerHandler = new Terminal(),
        };
        _plain = new HttpClient(new Terminal());
        _exchanging = new HttpClient(handler);
        var inbound = "eyJhbGciOiJSUzI1NiJ9." + new string('a', 600) + "." + new string('b', 342);
        var chain = new ValidatedChain("https://idp.example/", "alice", "coordinator", ["security-agent"], ["read:alerts"], DateTimeOffset.MaxValue, null, null, "jti", [], "abc");
        _scope = AgentCallContext.Begin(chain, inbound);
        _exchanging.GetAsync(Target).GetAwaiter().GetResult().Dispose();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scope.Dispose();
        _plain.Dispose();
        _exchanging.Dispose();
        _services.Dispose();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("GET")]
    public async Task<HttpStatusCode> WithoutHandler()
    {
        using var response = await _plain.GetAsync(Target);
        return response.StatusCode;
    }

    [Benchmark]
    [BenchmarkCategory("GET")]
    public async Task<HttpStatusCode> WithExchangeHandlerCacheHit()
    {
        using var response = await _exchanging.GetAsync(Target);
        return response.StatusCode;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("POST 1 KiB string")]
    public async Task<HttpStatusCode> WithoutHandler_PostString()
    {
        using var response = await _plain.PostAsync(Target, new StringContent(BodyJson, Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }

    [Benchmark]
    [BenchmarkCategory("POST 1 KiB string")]
    public async Task<HttpStatusCode> WithExchangeHandlerCacheHit_PostString()
    {
        using var response = await _exchanging.PostAsync(Target, new StringContent(BodyJson, Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("POST 1 KiB JsonContent")]
    public async Task<HttpStatusCode> WithoutHandler_PostJsonContent()
    {
        using var response = await _plain.PostAsync(Target, System.Net.Http.Json.JsonContent.Create(Body));
        return response.StatusCode;
    }

    [Benchmark]
    [BenchmarkCategory("POST 1 KiB JsonContent")]
    public async Task<HttpStatusCode> WithExchangeHandlerCacheHit_PostJsonContent()
    {
        using var response = await _exchanging.PostAsync(Target, System.Net.Http.Json.JsonContent.Create(Body));
        return response.StatusCode;
    }

    public sealed record Payload(string Note);

    /// <summary>Writes the content out, as a transport would (JsonContent is serialized here on both paths), and answers 200.</summary>
    private sealed class Terminal : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } content)
            {
                await content.CopyToAsync(Stream.Null, cancellationToken);
            }

            return new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request };
        }
    }

    private sealed class TokenEndpoint : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""{"access_token":"issued.token.value","issued_token_type":"urn:ietf:params:oauth:token-type:access_token","token_type":"Bearer","expires_in":3600}""", Encoding.UTF8, "application/json"),
            });
    }
}

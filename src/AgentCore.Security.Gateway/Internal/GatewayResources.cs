using AgentCore.Security.Jwt;
using AgentCore.Security.OpenFga;
using AgentCore.Security.Pipeline;
using AgentCore.Security.TokenExchange;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace AgentCore.Security.Gateway.Internal;

/// <summary>What the gateway builds once from its configuration: a validator per audience, the policy engine, an exchanger per credential, and the routes.</summary>
internal sealed class GatewayResources : IDisposable
{
    private readonly Dictionary<string, TokenChainValidator> _validators = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _owned = [];

    public GatewayResources(GatewayOptions options, string baseDirectory, IServiceProvider services)
    {
        var loggerFactory = services.GetRequiredService<ILoggerFactory>();
        var logger = loggerFactory.CreateLogger("AgentCore.Security.Gateway");
        var meterFactory = services.GetService<System.Diagnostics.Metrics.IMeterFactory>();
        var httpClientFactory = services.GetRequiredService<IHttpClientFactory>();
        var cache = services.GetService<HybridCache>();
        var forwarder = services.GetRequiredService<IHttpForwarder>(); // a singleton: resolved once, not per request

        IDelegationAuthorizer? authorizer = null;
        if (options.StoreFile is { } storeFile)
        {
            var store = FgaStoreFile.Load(Path.GetFullPath(storeFile, baseDirectory)).CreateStore();
            authorizer = new FgaDelegationAuthorizer(new EmbeddedFgaCheckClient(store), new FgaAuthorizerOptions { Mode = options.DelegationMode }, logger: loggerFactory.CreateLogger<FgaDelegationAuthorizer>());
        }

        TokenExchanger Exchanger(GatewayClientCredentialOptions credential)
        {
            var exchange = new TokenExchangeOptions { TokenEndpoint = options.TokenEndpoint, ClientAssertionAudience = options.TokenServiceIssuer?.OriginalString, RequireHttps = !options.AllowHttp };
            GatewayCredentials.Apply(credential, baseDirectory, exchange);
            return new TokenExchanger(() => httpClientFactory.CreateClient(TokenExchangeDefaults.TokenServiceHttpClientName), exchange, cache, null, loggerFactory, null, meterFactory);
        }

        foreach (var route in options.Ingress)
        {
            var validator = Validator(options, route.Resource!, loggerFactory, meterFactory);
            var routeServices = new AgentCallServices(validator, authorizer, null, loggerFactory, meterFactory);
            var invoker = Invoker(route.Exchange is { } exchange
                ? (Exchanger(exchange.Credential), Target(exchange.Audiences, exchange.Resources, exchange.Scopes, route.Upstream!))
                : null, loggerFactory);
            Ingress.Add(new IngressRoute(route, options, validator, routeServices, invoker, forwarder, logger));
        }

        foreach (var agent in options.Agents)
        {
            // One exchanger per agent: its own credential, and its own cache entries (the cache key holds the client).
            var exchanger = Exchanger(agent.Credential);
            var validator = Validator(options, agent.Audience!, loggerFactory, meterFactory);
            foreach (var route in agent.Routes)
            {
                var invoker = Invoker((exchanger, Target(route.Audiences, route.Resources, route.Scopes, route.Target!)), loggerFactory);
                Egress.Add(new EgressRoute(agent.Name!, route, validator, invoker, forwarder, options.IncludeErrorDetails, logger));
            }
        }
    }

    public List<IngressRoute> Ingress { get; } = [];

    public List<EgressRoute> Egress { get; } = [];

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private static TokenExchangeHandlerOptions Target(IList<string> audiences, IList<string> resources, IList<string> scopes, Uri destination)
    {
        var target = new TokenExchangeHandlerOptions
        {
            Target = new TokenExchangeTarget { Audiences = [.. audiences], Resources = [.. resources], Scopes = [.. scopes] },
        };
        target.AllowedOrigins.Add(new Uri(destination.GetLeftPart(UriPartial.Authority)));
        return target;
    }

    private TokenChainValidator Validator(GatewayOptions options, string audience, ILoggerFactory loggerFactory, System.Diagnostics.Metrics.IMeterFactory? meterFactory)
    {
        if (_validators.TryGetValue(audience, out var existing))
        {
            return existing;
        }

        var validatorOptions = new TokenChainValidatorOptions { Audience = audience, RequireHttpsMetadata = !options.AllowHttp };
        foreach (var issuer in options.Issuers)
        {
            validatorOptions.Issuers.Add(new TrustedIssuer(issuer.Issuer!) { MetadataAddress = issuer.MetadataAddress });
        }

        var validator = new TokenChainValidator(validatorOptions, loggerFactory: loggerFactory, meterFactory: meterFactory);
        _validators[audience] = validator;
        _owned.Add(validator);
        return validator;
    }

    // The upstream's client: no redirects followed, no proxy, no cookies; the exchange handler above it when the route exchanges.
    private HttpMessageInvoker Invoker((TokenExchanger Exchanger, TokenExchangeHandlerOptions Target)? exchange, ILoggerFactory loggerFactory)
    {
        HttpMessageHandler handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),

            // The request's own trace context goes upstream once: the incoming headers are replaced, not repeated.
            ActivityHeadersPropagator = new Yarp.ReverseProxy.Forwarder.ReverseProxyPropagator(System.Diagnostics.DistributedContextPropagator.Current),
        };
        if (exchange is { } configured)
        {
            handler = new TokenExchangeHandler(configured.Exchanger, configured.Target, NoInboundTokenBehavior.Fail, loggerFactory.CreateLogger<TokenExchangeHandler>()) { InnerHandler = handler };
        }

        var invoker = new HttpMessageInvoker(handler, disposeHandler: true);
        _owned.Add(invoker);
        return invoker;
    }
}

using System.Collections.Concurrent;
using AgentCore.Security.Jwt;
using AgentCore.Security.TokenExchange;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentCore.Security.IntegrationTests.Infrastructure;

/// <summary>
/// An agent or tool on loopback Kestrel: validates every inbound bearer token with the validator
/// (401 with <c>error="invalid_token"</c> otherwise), records the chain, and serves the request inside
/// <see cref="AgentCallContext"/>, so that its outbound HttpClients exchange.
/// </summary>
public sealed class AgentHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TokenChainValidator _validator;
    private int _requests;

    private AgentHost(WebApplication app, TokenChainValidator validator)
    {
        _app = app;
        _validator = validator;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    /// <summary>Gets the number of requests that reached this host (valid or not).</summary>
    public int Requests => Volatile.Read(ref _requests);

    public ConcurrentQueue<ValidatedChain> Chains { get; } = new();

    public ConcurrentQueue<string> Rejections { get; } = new();

    public static async Task<AgentHost> StartAsync(
        TokenServiceFixture tokenService,
        string audience,
        Action<WebApplication> map,
        string? clientId = null,
        string? clientSecret = null,
        Action<IServiceCollection>? configureServices = null,
        Action<TokenExchangeOptions>? configureExchange = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (clientId is not null)
        {
            builder.Services.AddAgentTokenChain().AddTokenExchange(options =>
            {
                options.TokenEndpoint = tokenService.Server.TokenEndpoint;
                options.RequireHttps = false;
                options.ClientId = clientId;
                options.ClientSecret = clientSecret;
                configureExchange?.Invoke(options);
            });
        }

        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        var host = new AgentHost(app, tokenService.Validator(audience));
        app.Use(host.AuthenticateAsync);
        map(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        host.BaseAddress = new Uri(app.Urls.First() + "/");
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _validator.Dispose();
    }

    private async Task AuthenticateAsync(HttpContext context, RequestDelegate next)
    {
        Interlocked.Increment(ref _requests);
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            Rejections.Enqueue("no bearer token");
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return;
        }

        var token = header["Bearer ".Length..];
        var result = await _validator.ValidateAsync(token, context.RequestAborted);
        if (!result.IsValid)
        {
            Rejections.Enqueue(result.Status.ToString());
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{result.Status}\"";
            return;
        }

        Chains.Enqueue(result.Chain!);
        using (AgentCallContext.Begin(result.Chain!, token))
        {
            await next(context);
        }
    }
}

using AgentCore.Security.AspNetCore;
using AgentCore.Security.DevTokenService;
using AgentCore.Security.TokenExchange;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Homelab;

/// <summary>One agent or tool of the fleet on loopback Kestrel, wired as a real service would be.</summary>
public sealed class FleetService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FleetService(WebApplication app, string audience)
    {
        _app = app;
        Audience = audience;
    }

    public string Audience { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a service: validator for its audience, the fleet's FGA store, token exchange with its own credentials on every HttpClient.</summary>
    public static async Task<FleetService> StartAsync(
        DevTokenServer tokenService,
        string audience,
        string clientId,
        string clientSecret,
        string storeFile,
        Action<IServiceCollection> configureServices,
        Action<WebApplication> map,
        CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddAgentTokenChain()
            .AddValidator(o =>
            {
                o.Audience = audience;
                o.RequireHttpsMetadata = false; // loopback development only
                o.Issuers.Add(new AgentCore.Security.Jwt.TrustedIssuer(tokenService.Issuer) { MetadataAddress = tokenService.MetadataAddress });
            })
            .AddAuthorizer(o => o.StoreFile = storeFile)
            .AddTokenExchange(o =>
            {
                o.TokenEndpoint = tokenService.TokenEndpoint;
                o.RequireHttps = false;
                o.ClientId = clientId;
                o.ClientSecret = clientSecret;
                o.NoInboundToken = NoInboundTokenBehavior.Fail; // an agent here only ever acts for a caller
            })
            .UseForAllHttpClients();
        var resource = ResourceOf(audience);
        builder.Services.AddAuthentication(AgentTokenDefaults.AuthenticationScheme).AddAgentToken(o =>
        {
            o.IncludeErrorDetails = true;
            o.Resource = resource; // challenges point at this resource's metadata, never at the Host header
        });
        builder.Services.AddAuthorization();
        configureServices(builder.Services);
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAgentCallContext(); // every endpoint the scheme authenticated runs as its caller's call: outbound calls exchange
        app.UseAuthorization();
        app.MapProtectedResourceMetadata(m =>
        {
            m.Resource = resource.OriginalString;
            m.AuthorizationServers.Add(tokenService.Issuer);
        });
        map(app);
        await app.StartAsync(cancellationToken);
        var service = new FleetService(app, audience) { BaseAddress = new Uri(app.Urls.First() + "/") };
        return service;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>The service's resource identifier (RFC 9728): an https URI, configured, here one per audience (an audience that is a URI is its own).</summary>
    public static Uri ResourceOf(string audience) =>
        Uri.TryCreate(audience, UriKind.Absolute, out var uri) ? uri : new($"https://{audience}.homelab.example/");
}

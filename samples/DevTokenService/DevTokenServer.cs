using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AgentCore.Security.DevTokenService;

/// <summary>
/// A real OpenIddict 7 server on loopback Kestrel: discovery, JWKS, client credentials, a password
/// grant for demo users, and RFC 8693 token exchange that enforces the chain profile (scope only
/// narrows, audiences are allowed per client, <c>may_act</c>, and the existing <c>act</c> nests under
/// the new actor with the scope that actor held). Issued access tokens follow RFC 9068.
/// </summary>
public sealed class DevTokenServer : IAsyncDisposable
{
    /// <summary>The token endpoint's path.</summary>
    public const string TokenPath = "/connect/token";

    private readonly WebApplication _app;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _tokenRequestsByScope = new(StringComparer.Ordinal);
    private int _tokenRequests;

    private DevTokenServer(WebApplication app, DevTokenServiceOptions options)
    {
        _app = app;
        Options = options;
    }

    /// <summary>Gets the settings the server runs with.</summary>
    public DevTokenServiceOptions Options { get; }

    /// <summary>Gets the issuer, as it appears in <c>iss</c> (with a trailing slash).</summary>
    public string Issuer { get; private set; } = string.Empty;

    /// <summary>Gets the token endpoint.</summary>
    public Uri TokenEndpoint => new(new Uri(Issuer), TokenPath.TrimStart('/'));

    /// <summary>Gets the OIDC discovery document's address.</summary>
    public Uri MetadataAddress => new(new Uri(Issuer), ".well-known/openid-configuration");

    /// <summary>Gets the number of requests the token endpoint has received.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>
    /// The number of token requests whose <c>scope</c> parameter was exactly <paramref name="scope"/> (empty: none).
    /// Tests that count requests count their own this way: a request another test abandoned (a client-side
    /// timeout) can still arrive later.
    /// </summary>
    /// <param name="scope">The scope parameter as sent.</param>
    /// <returns>The count so far.</returns>
    public int TokenRequestsFor(string scope) => _tokenRequestsByScope.TryGetValue(scope, out var count) ? count : 0;

    /// <summary>Gets or sets a failure to simulate on the token endpoint.</summary>
    public DevTokenFault Fault { get; set; }

    /// <summary>Starts a server on 127.0.0.1.</summary>
    /// <param name="options">The clients, users and signing settings.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    public static async Task<DevTokenServer> StartAsync(DevTokenServiceOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(options);

        var database = "dev-token-service-" + Guid.NewGuid().ToString("N");
        builder.Services.AddDbContext<DbContext>(db =>
        {
            db.UseInMemoryDatabase(database);
            db.UseOpenIddict();
        });

        var scopes = options.Clients.SelectMany(c => c.AllowedScopes).Concat(options.Users.SelectMany(u => u.Scopes)).Distinct(StringComparer.Ordinal).ToArray();
        var targets = options.Clients.SelectMany(c => c.AllowedAudiences).Distinct(StringComparer.Ordinal).ToArray();
        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<DbContext>())
            .AddServer(server =>
            {
                server.SetTokenEndpointUris(TokenPath.TrimStart('/'))
                    .SetConfigurationEndpointUris(".well-known/openid-configuration")
                    .SetJsonWebKeySetEndpointUris(".well-known/jwks");
                server.AllowClientCredentialsFlow().AllowPasswordFlow().AllowTokenExchangeFlow();
                server.RegisterScopes(scopes);
                server.RegisterAudiences(targets.Where(t => !Uri.IsWellFormedUriString(t, UriKind.Absolute)).ToArray());
                server.RegisterResources(targets.Where(t => Uri.IsWellFormedUriString(t, UriKind.Absolute)).ToArray());

                // Agents name their targets with 'audience' in every grant (as Keycloak and Auth0 accept);
                // OpenIddict allows it only in token exchange, so that one check is removed here.
                server.RemoveEventHandler(OpenIddictServerHandlers.Exchange.ValidateAudienceParameter.Descriptor);

                // Scope and target permissions are decided by ChainProfileTokenHandler, which answers with
                // the RFC codes (invalid_scope, invalid_target) where OpenIddict would say invalid_request.
                server.IgnoreScopePermissions().IgnoreAudiencePermissions().IgnoreResourcePermissions();
                server.SetAccessTokenLifetime(options.AccessTokenLifetime);
                server.SetIssuedTokenLifetime(options.AccessTokenLifetime);
                server.AddSigningKey(CreateSigningKey(options.SigningAlgorithm));
                server.AddEphemeralEncryptionKey();
                server.DisableAccessTokenEncryption();
                server.DisableTokenStorage();
                server.UseAspNetCore().DisableTransportSecurityRequirement();
                server.AddEventHandler(ChainProfileTokenHandler.Descriptor);
            });

        var app = builder.Build();
        var service = new DevTokenServer(app, options);
        app.Use(service.FaultMiddlewareAsync);

        // OpenIddict answers from the authentication middleware; placing it here keeps the fault hook in front of it.
        app.UseAuthentication();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        service.Issuer = app.Urls.First().TrimEnd('/') + "/";
        await RegisterClientsAsync(app.Services, options, cancellationToken).ConfigureAwait(false);
        return service;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _app.DisposeAsync().ConfigureAwait(false);

    private static SecurityKey CreateSigningKey(string algorithm) => algorithm switch
    {
        "RS256" => new RsaSecurityKey(RSA.Create(2048)) { KeyId = "dev-rs256-" + RandomNumberGenerator.GetHexString(8, lowercase: true) },
        "ES256" => new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "dev-es256-" + RandomNumberGenerator.GetHexString(8, lowercase: true) },
        _ => throw new ArgumentException($"SigningAlgorithm must be RS256 or ES256, not '{algorithm}'.", nameof(algorithm)),
    };

    private static async Task RegisterClientsAsync(IServiceProvider services, DevTokenServiceOptions options, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        foreach (var client in options.Clients)
        {
            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = client.ClientId,
                ClientSecret = client.ClientSecret,
                ClientType = client.ClientSecret is null && client.JsonWebKeySet is null ? ClientTypes.Public : ClientTypes.Confidential,
                JsonWebKeySet = client.JsonWebKeySet,
                DisplayName = client.ClientId,
            };
            descriptor.Permissions.Add(Permissions.Endpoints.Token);
            if (client.AllowClientCredentials) { descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials); }
            if (client.AllowTokenExchange) { descriptor.Permissions.Add(Permissions.GrantTypes.TokenExchange); }
            if (client.AllowPassword) { descriptor.Permissions.Add(Permissions.GrantTypes.Password); }
            foreach (var allowed in client.AllowedScopes) { descriptor.Permissions.Add(Permissions.Prefixes.Scope + allowed); }
            foreach (var allowed in client.AllowedAudiences)
            {
                descriptor.Permissions.Add((Uri.IsWellFormedUriString(allowed, UriKind.Absolute) ? Permissions.Prefixes.Resource : Permissions.Prefixes.Audience) + allowed);
            }

            await manager.CreateAsync(descriptor, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FaultMiddlewareAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.Equals(TokenPath, StringComparison.Ordinal))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        Interlocked.Increment(ref _tokenRequests);
        var scope = string.Empty;
        if (context.Request.HasFormContentType)
        {
            try
            {
                scope = (await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false))["scope"].ToString();
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidDataException)
            {
                return; // the client went away, or the body is not a form: nothing to answer
            }
        }

        _tokenRequestsByScope.AddOrUpdate(scope, 1, static (_, count) => count + 1);
        switch (Fault)
        {
            case DevTokenFault.ServerError:
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body>internal error</body></html>", context.RequestAborted).ConfigureAwait(false);
                return;
            case DevTokenFault.MalformedJson:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"access_token\": \"abc\", \"token_type\": ", context.RequestAborted).ConfigureAwait(false);
                return;
            case DevTokenFault.Slow:
                await Task.Delay(Options.SlowDelay, context.RequestAborted).ConfigureAwait(false);
                break;
        }

        await next(context).ConfigureAwait(false);
    }
}

using AgentCore.Security.AspNetCore;
using AgentCore.Security.Gateway.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentCore.Security.Gateway;

/// <summary>
/// Builds the gateway: one ASP.NET Core application on YARP's forwarder, with a handler per ingress route (validate for
/// the route's audience, the one inbound pipeline per tool, forward without the inbound token) and per egress route
/// (validate for the agent's audience, exchange with the agent's credential, forward), and each ingress route's
/// RFC 9728 metadata at its path-inserted well-known URL.
/// </summary>
public static class GatewayApplication
{
    /// <summary>Builds the gateway from its configuration; run it with <c>RunAsync</c>.</summary>
    /// <param name="options">The configuration.</param>
    /// <param name="baseDirectory">The folder relative paths (the store file, secret files) are read from; default the current directory.</param>
    /// <param name="configure">Changes to the host before it is built (logging, a URL for tests).</param>
    /// <returns>The application, not started.</returns>
    /// <exception cref="ArgumentException">The configuration is invalid; the message lists every problem.</exception>
    public static WebApplication Build(GatewayOptions options, string? baseDirectory = null, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = GatewayOptionsValidator.Check(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid gateway configuration: " + string.Join(" ", errors), nameof(options));
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Urls);
        builder.Services.AddHttpForwarder();
        AgentTokenChainBuilderTokenExchangeExtensions.AddServices(builder.Services);
        configure?.Invoke(builder);

        var app = builder.Build();
        var resources = new GatewayResources(options, baseDirectory ?? Environment.CurrentDirectory, app.Services);
        app.Lifetime.ApplicationStopped.Register(resources.Dispose);

        var issuers = options.Issuers.Select(i => i.Issuer!).ToArray();
        foreach (var (route, routeOptions) in resources.Ingress.Zip(options.Ingress))
        {
            var metadata = new ProtectedResourceMetadata { Resource = routeOptions.Resource, ResourceName = route.Name };
            foreach (var server in routeOptions.AuthorizationServers.Count > 0 ? routeOptions.AuthorizationServers : issuers)
            {
                metadata.AuthorizationServers.Add(server);
            }

            foreach (var scope in routeOptions.Scopes)
            {
                metadata.ScopesSupported.Add(scope);
            }

            AgentTokenEndpointRouteBuilderExtensions.MapProtectedResourceMetadata(app, metadata, includeRootPath: false);
            app.Map(route.Prefix, route.HandleAsync);
            app.Map(route.Prefix + "/{**rest}", route.HandleAsync);
        }

        foreach (var route in resources.Egress)
        {
            app.Map(route.Prefix, route.HandleAsync);
            app.Map(route.Prefix + "/{**rest}", route.HandleAsync);
        }

        return app;
    }
}

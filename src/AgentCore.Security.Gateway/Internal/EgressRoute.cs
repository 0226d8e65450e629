using AgentCore.Security.AspNetCore;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace AgentCore.Security.Gateway.Internal;

/// <summary>
/// One egress route of one agent: the token the agent was called with is validated for that agent's audience (so
/// another agent's token cannot use the route), and the request is forwarded through the library's exchange handler,
/// which exchanges that token for the route's target with the credential the gateway holds for the agent.
/// </summary>
internal sealed class EgressRoute
{
    private readonly IAgentTokenValidator _validator;
    private readonly HttpMessageInvoker _invoker;
    private readonly IHttpForwarder _forwarder;
    private readonly BearerToken _bearer = new();
    private readonly bool _includeDetails;
    private readonly ILogger _logger;

    public EgressRoute(string agent, EgressRouteOptions options, IAgentTokenValidator validator, HttpMessageInvoker invoker, IHttpForwarder forwarder, bool includeDetails, ILogger logger)
    {
        _validator = validator;
        _invoker = invoker;
        _forwarder = forwarder;
        _includeDetails = includeDetails;
        _logger = logger;
        Name = agent + ":" + options.Path;
        Prefix = new PathString(options.Path!.TrimEnd('/'));
        Target = options.Target!.AbsoluteUri.TrimEnd('/');
        Challenge = new AgentTokenAuthenticationOptions { AdvertiseResourceMetadata = false, IncludeErrorDetails = includeDetails };
    }

    public string Name { get; }

    public PathString Prefix { get; }

    public string Target { get; }

    public AgentTokenAuthenticationOptions Challenge { get; }

    public async Task HandleAsync(HttpContext context)
    {
        if (_bearer.Read(context.Request) is not { } token)
        {
            await GatewayResponses.NoTokenAsync(context, Challenge).ConfigureAwait(false);
            return;
        }

        var validation = await _validator.ValidateAsync(token, context.RequestAborted).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            GatewayLog.TokenRejected(_logger, Name, validation.Status);
            await GatewayResponses.InvalidTokenAsync(context, Challenge, validation.Status).ConfigureAwait(false);
            return;
        }

        var chain = validation.Chain!;
        context.Request.Path.StartsWithSegments(Prefix, out var rest);
        var destination = RequestUtilities.MakeDestinationAddress(Target, rest, context.Request.QueryString);
        using var scope = AgentCallContext.Begin(chain, token);
        var error = await _forwarder.SendAsync(context, Target, _invoker, ForwarderRequestConfig.Empty, new GatewayTransformer(destination)).ConfigureAwait(false);
        if (error != ForwarderError.None)
        {
            GatewayLog.ForwardFailed(_logger, Name, error.ToString(), chain.TokenHash, context.Features.Get<IForwarderErrorFeature>()?.Exception);
            await GatewayResponses.ForwardFailedAsync(context, error, _includeDetails).ConfigureAwait(false);
        }
    }
}

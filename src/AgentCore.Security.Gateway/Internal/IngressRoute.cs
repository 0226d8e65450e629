#pragma warning disable CA1720 // 'object' is OpenFGA's own name for the tuple's object
using System.Collections.Concurrent;
using AgentCore.Security.AspNetCore;
using AgentCore.Security.Pipeline;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace AgentCore.Security.Gateway.Internal;

/// <summary>
/// One ingress route: validates the token for the route's audience, runs the one inbound pipeline (the route's scopes,
/// then its relation for every principal), per tool on MCP routes, and forwards without the inbound token.
/// </summary>
internal sealed class IngressRoute
{
    private const int MaxCachedToolPipelines = 1024;
    private static readonly string[] DefaultMcpMethods = ["initialize", "ping", "tools/list", "notifications/*"];

    private readonly IngressRouteOptions _options;
    private readonly GatewayOptions _gateway;
    private readonly IAgentTokenValidator _validator;
    private readonly AgentCallServices _services;
    private readonly AgentCallPipeline _routePipeline;
    private readonly HttpMessageInvoker _invoker;
    private readonly IHttpForwarder _forwarder;
    private readonly BearerToken _bearer = new();
    private readonly ILogger _logger;
    private readonly HashSet<string> _methods;
    private readonly ConcurrentDictionary<string, AgentCallPipeline> _toolPipelines = new(StringComparer.Ordinal);

    public IngressRoute(IngressRouteOptions options, GatewayOptions gateway, IAgentTokenValidator validator, AgentCallServices services, HttpMessageInvoker invoker, IHttpForwarder forwarder, ILogger logger)
    {
        _options = options;
        _gateway = gateway;
        _validator = validator;
        _services = services;
        _invoker = invoker;
        _forwarder = forwarder;
        _logger = logger;
        Name = options.Name ?? options.Path!;
        Prefix = new PathString(options.Path!.TrimEnd('/'));
        Upstream = options.Upstream!.AbsoluteUri.TrimEnd('/');
        _methods = new HashSet<string>(options.McpMethods.Count > 0 ? options.McpMethods : DefaultMcpMethods, StringComparer.Ordinal);

        // On an MCP route the relation is per tool; every other message needs the route's scopes only.
        _routePipeline = new AgentCallPipeline(new AgentCallRequirements(Name, options.Scopes, options.Mcp ? null : options.Relation, null), services);
        Challenge = new AgentTokenAuthenticationOptions { Resource = new Uri(options.Resource!), IncludeErrorDetails = gateway.IncludeErrorDetails };
    }

    public string Name { get; }

    public PathString Prefix { get; }

    public string Upstream { get; }

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
        var destination = RequestUtilities.MakeDestinationAddress(Upstream, rest, context.Request.QueryString);
        var segments = (rest.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (_options.Mcp && HttpMethods.IsPost(context.Request.Method))
        {
            await HandleMcpAsync(context, chain, token, destination, segments).ConfigureAwait(false);
            return;
        }

        string? obj = null;
        if (!_options.Mcp && _options.Relation is not null)
        {
            obj = ObjectTemplate.Fill(_options.Object!, null, segments, out var problem);
            if (obj is null)
            {
                await GatewayResponses.RefusedAsync(context, Challenge, _routePipeline.Deny(chain, new AgentCallDenial(AgentCallDenyReason.Forbidden, $"{Name}: {problem}.")).Denial!).ConfigureAwait(false);
                return;
            }
        }

        // GET (the MCP event stream) and DELETE (the session's end) on an MCP route need the route's scopes only.
        var result = await _routePipeline.InvokeAsync(chain, token, null, obj, async (_, _) =>
        {
            await ForwardAsync(context, chain, token, destination, null).ConfigureAwait(false);
            return AgentCallResult.Success(null);
        }, context.RequestAborted).ConfigureAwait(false);
        if (result.Denial is { } denial)
        {
            await GatewayResponses.RefusedAsync(context, Challenge, denial).ConfigureAwait(false);
        }
    }

    private async Task HandleMcpAsync(HttpContext context, ValidatedChain chain, string token, Uri destination, string[] segments)
    {
        var body = await ReadBodyAsync(context.Request, _gateway.MaxMcpBodySize, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            GatewayLog.BodyTooLarge(_logger, Name, _gateway.MaxMcpBodySize);
            await GatewayResponses.BadRequestAsync(context, StatusCodes.Status413PayloadTooLarge, "BodyTooLarge", $"The MCP request is larger than {_gateway.MaxMcpBodySize} bytes; the gateway reads it whole to authorize it.").ConfigureAwait(false);
            return;
        }

        var unreadable = McpBody.Read(body, out var messages, out var batch) ?? HeadersDisagree(context.Request, messages, batch);
        if (unreadable is not null)
        {
            GatewayLog.Unreadable(_logger, Name, "UnreadableMcpRequest", unreadable);
            await GatewayResponses.BadRequestAsync(context, StatusCodes.Status400BadRequest, "UnreadableMcpRequest", $"The MCP request was refused: {unreadable}.").ConfigureAwait(false);
            return;
        }

        var denials = new Dictionary<McpMessage, AgentCallDenial>();
        var routeChecked = false;
        foreach (var message in messages)
        {
            AgentCallDenial? denial;
            if (message.IsToolCall)
            {
                denial = await AuthorizeToolAsync(chain, token, message.ToolName!, segments, context.RequestAborted).ConfigureAwait(false);
            }
            else if (message.Method is not null && !MethodAllowed(message.Method))
            {
                denial = _routePipeline.Deny(chain, new AgentCallDenial(AgentCallDenyReason.Forbidden, $"{Name} does not let '{message.Method}' through.")).Denial;
            }
            else if (!routeChecked)
            {
                routeChecked = true;
                denial = (await _routePipeline.InvokeAsync(chain, token, null, null, static (_, _) => ValueTask.FromResult(AgentCallResult.Success(null)), context.RequestAborted).ConfigureAwait(false)).Denial;
            }
            else
            {
                continue;
            }

            if (denial is not null)
            {
                denials[message] = denial;
            }
        }

        if (denials.Count > 0)
        {
            // What the HTTP layer answers (a token or scope problem, the policy engine away) is answered there, as the
            // library's MCP servers do; a principal's refusal is a JSON-RPC error inside MCP.
            var httpLevel = denials.Values.FirstOrDefault(d => d.Reason is AgentCallDenyReason.InvalidToken or AgentCallDenyReason.InsufficientScope or AgentCallDenyReason.PolicyEngineUnavailable);
            await (httpLevel is not null
                ? GatewayResponses.RefusedAsync(context, Challenge, httpLevel)
                : GatewayResponses.JsonRpcRefusedAsync(context, messages, denials, batch)).ConfigureAwait(false);
            return;
        }

        context.Request.Body = new MemoryStream(body, writable: false);
        context.Request.ContentLength = body.Length;
        var listIds = messages.Where(m => m.Method == "tools/list" && m.Id is not null).Select(m => m.Id!).ToHashSet(StringComparer.Ordinal);
        await ForwardAsync(context, chain, token, destination, listIds.Count == 0 ? null : (response, httpContext, cancellationToken) => FilterToolsAsync(response, httpContext, chain, segments, listIds, cancellationToken)).ConfigureAwait(false);
    }

    private async ValueTask<AgentCallDenial?> AuthorizeToolAsync(ValidatedChain chain, string token, string tool, string[] segments, CancellationToken cancellationToken)
    {
        string? obj = null;
        if (_options.Relation is not null && (obj = ObjectTemplate.Fill(_options.Object!, tool, segments, out var problem)) is null)
        {
            return _routePipeline.Deny(chain, new AgentCallDenial(AgentCallDenyReason.Forbidden, $"{Name}: {problem}.")).Denial;
        }

        var pipeline = _toolPipelines.TryGetValue(tool, out var cached) ? cached : NewToolPipeline(tool);
        var result = await pipeline.InvokeAsync(chain, token, null, obj, static (_, _) => ValueTask.FromResult(AgentCallResult.Success(null)), cancellationToken).ConfigureAwait(false);
        return result.Denial;
    }

    private AgentCallPipeline NewToolPipeline(string tool)
    {
        var pipeline = new AgentCallPipeline(new AgentCallRequirements($"{Name}/{tool}", _options.Scopes, _options.Relation, null), _services);

        // Tool names come from callers: remember a bounded number of them (only plain names reach here).
        return _toolPipelines.Count < MaxCachedToolPipelines ? _toolPipelines.GetOrAdd(tool, pipeline) : pipeline;
    }

    private async ValueTask<bool> MayCallAsync(ValidatedChain chain, string tool, string[] segments, CancellationToken cancellationToken)
    {
        if (_options.Relation is null)
        {
            return ObjectTemplate.IsPlainName(tool);
        }

        if (ObjectTemplate.Fill(_options.Object!, tool, segments, out _) is not { } obj || _services.Authorizer is not { } authorizer)
        {
            return false;
        }

        var decision = await authorizer.AuthorizeAsync(chain, _options.Relation, obj, cancellationToken).ConfigureAwait(false);
        return decision.Allowed;
    }

    private async ValueTask<bool> FilterToolsAsync(HttpResponseMessage response, HttpContext context, ValidatedChain chain, string[] segments, HashSet<string> listIds, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            return true;
        }

        var eventStream = string.Equals(response.Content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase);
        var read = await ReadContentAsync(response.Content, _gateway.MaxToolsListSize, cancellationToken).ConfigureAwait(false);
        var filtered = read is null ? null : await McpBody.FilterToolsAsync(read, eventStream, listIds, tool => MayCallAsync(chain, tool, segments, cancellationToken)).ConfigureAwait(false);
        if (filtered is null)
        {
            GatewayLog.ToolsListUnreadable(_logger, Name, _gateway.MaxToolsListSize);
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            context.Response.Headers.ContentLength = null;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"error":"upstream_failed","reason":"UnreadableToolsList"}""", cancellationToken).ConfigureAwait(false);
            return false;
        }

        context.Response.Headers.ContentLength = filtered.Length;
        await context.Response.Body.WriteAsync(filtered, cancellationToken).ConfigureAwait(false);
        return false;
    }

    private async Task ForwardAsync(HttpContext context, ValidatedChain chain, string token, Uri destination, Func<HttpResponseMessage, HttpContext, CancellationToken, ValueTask<bool>>? rewrite)
    {
        using var scope = AgentCallContext.Current is { } current && ReferenceEquals(current.Chain, chain) ? default(AgentCallContext.Scope?) : AgentCallContext.Begin(chain, token);
        var error = await _forwarder.SendAsync(context, Upstream, _invoker, ForwarderRequestConfig.Empty, new GatewayTransformer(destination, rewrite)).ConfigureAwait(false);
        if (error != ForwarderError.None)
        {
            GatewayLog.ForwardFailed(_logger, Name, error.ToString(), chain.TokenHash, context.Features.Get<IForwarderErrorFeature>()?.Exception);
            await GatewayResponses.ForwardFailedAsync(context, error, _gateway.IncludeErrorDetails).ConfigureAwait(false);
        }
    }

    private bool MethodAllowed(string method) =>
        _methods.Contains(method) || (method.StartsWith("notifications/", StringComparison.Ordinal) && _methods.Contains("notifications/*"));

    // The Mcp-Method and Mcp-Name headers, when sent, must say what the one message of the body says.
    private static string? HeadersDisagree(HttpRequest request, List<McpMessage> messages, bool batch)
    {
        var method = request.Headers["Mcp-Method"].ToString();
        var name = request.Headers["Mcp-Name"].ToString();
        if (method.Length == 0 && name.Length == 0)
        {
            return null;
        }

        if (batch || messages.Count != 1)
        {
            return "Mcp-Method or Mcp-Name is sent with a batch";
        }

        var message = messages[0];
        if (method.Length > 0 && !string.Equals(method, message.Method, StringComparison.Ordinal))
        {
            return "the Mcp-Method header and the body's method disagree";
        }

        return name.Length > 0 && !string.Equals(name, message.ToolName, StringComparison.Ordinal) ? "the Mcp-Name header and the body's tool disagree" : null;
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        return await ReadBoundedAsync(request.Body, limit, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<byte[]?> ReadContentAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > limit)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await ReadBoundedAsync(stream, limit, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<byte[]?> ReadBoundedAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

using Yarp.ReverseProxy.Forwarder;

namespace AgentCore.Security.Gateway.Internal;

/// <summary>
/// What the upstream receives: the request as it came, less the inbound token (the <c>Authorization</c> header is
/// removed; a token exchanged for the upstream is added below, by the exchange handler) and less the route's prefix.
/// When the request lists tools, the answer is read (bounded) and filtered before it is written.
/// </summary>
internal sealed class GatewayTransformer(Uri destination, Func<HttpResponseMessage, HttpContext, CancellationToken, ValueTask<bool>>? rewriteResponse = null) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        proxyRequest.Headers.Authorization = null;
        proxyRequest.Headers.Remove("Authorization");
        proxyRequest.RequestUri = destination;
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var copy = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
        return rewriteResponse is null || proxyResponse is null ? copy : await rewriteResponse(proxyResponse, httpContext, cancellationToken).ConfigureAwait(false);
    }
}

using System.Text.Json.Nodes;
using AgentCore.Security.AspNetCore;
using AgentCore.Security.Mcp;
using Microsoft.AspNetCore.Builder;
using Yarp.ReverseProxy.Forwarder;

namespace AgentCore.Security.Gateway.Internal;

/// <summary>The gateway's answers when it refuses: the library's own (RFC 6750 challenges, the same JSON bodies), and JSON-RPC errors inside MCP.</summary>
internal static class GatewayResponses
{
    // Readable messages in JSON bodies (an apostrophe stays one); these bodies are never HTML.
    private static readonly System.Text.Json.JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task NoTokenAsync(HttpContext context, AgentTokenAuthenticationOptions options) =>
        AgentTokenEndpointRouteBuilderExtensions.NoToken(context, options).ExecuteAsync(context);

    public static Task InvalidTokenAsync(HttpContext context, AgentTokenAuthenticationOptions options, JwtValidationStatus status) =>
        AgentTokenEndpointRouteBuilderExtensions.InvalidToken(context, options, status.ToString()).ExecuteAsync(context);

    public static Task RefusedAsync(HttpContext context, AgentTokenAuthenticationOptions options, AgentCallDenial denial) =>
        AgentTokenEndpointRouteBuilderExtensions.Refused(context, options, denial).ExecuteAsync(context);

    /// <summary>A request the gateway cannot read or will not pass: 400 (or 413) with the reason.</summary>
    public static Task BadRequestAsync(HttpContext context, int status, string reason, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(new JsonObject { ["error"] = "invalid_request", ["reason"] = reason, ["error_description"] = message }.ToJsonString(Readable), context.RequestAborted);
    }

    /// <summary>
    /// Refusals inside MCP: one JSON-RPC error per request of the body (a notification gets none), with the library's
    /// error codes; a message that was not itself refused is answered as not sent.
    /// </summary>
    public static Task JsonRpcRefusedAsync(HttpContext context, IReadOnlyList<McpMessage> messages, IReadOnlyDictionary<McpMessage, AgentCallDenial> denials, bool batch)
    {
        var errors = new JsonArray();
        foreach (var message in messages)
        {
            if (message.Id is null)
            {
                continue;
            }

            var (code, text) = denials.TryGetValue(message, out var denial)
                ? (AgentTokenMcpErrorCodes.For(denial.Reason), denial.Message)
                : (AgentTokenMcpErrorCodes.Forbidden, "Not sent: another message of the batch was refused.");
            errors.Add((JsonNode)new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = JsonNode.Parse(message.Id),
                ["error"] = new JsonObject { ["code"] = code, ["message"] = text },
            });
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        var body = batch ? errors.ToJsonString(Readable) : errors.Count > 0 ? errors[0]!.ToJsonString(Readable) : "{}";
        return context.Response.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>After a failed forward: 502 (or 503 when the token service could not be reached) with the reason, if nothing was written yet.</summary>
    public static async Task ForwardFailedAsync(HttpContext context, ForwarderError error, bool includeDetails)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
        var body = new JsonObject();
        if (exception is TokenExchangeException exchange)
        {
            context.Response.StatusCode = exchange.Status is TokenExchangeStatus.ServiceUnavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway;
            body["error"] = exchange is TokenPassthroughException ? "token_passthrough" : "exchange_failed";
            body["reason"] = exchange.Status.ToString();
            if (includeDetails)
            {
                body["error_description"] = exchange.Message;
            }
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            body["error"] = "upstream_failed";
            body["reason"] = error.ToString();
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(Readable), context.RequestAborted).ConfigureAwait(false);
    }
}

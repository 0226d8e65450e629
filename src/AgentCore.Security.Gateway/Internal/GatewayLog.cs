using Microsoft.Extensions.Logging;

namespace AgentCore.Security.Gateway.Internal;

/// <summary>The gateway's log lines: the route, the reason, and the token's hash or jti; never a token.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 900, EventName = "GatewayTokenRejected", Level = LogLevel.Information, Message = "Gateway route {Route}: a bearer token was rejected ({Status}).")]
    public static partial void TokenRejected(ILogger logger, string route, JwtValidationStatus status);

    [LoggerMessage(EventId = 901, EventName = "GatewayRequestUnreadable", Level = LogLevel.Information, Message = "Gateway route {Route}: the request was refused before authorization ({Reason}): {Problem}.")]
    public static partial void Unreadable(ILogger logger, string route, string reason, string problem);

    [LoggerMessage(EventId = 904, EventName = "GatewayBodyTooLarge", Level = LogLevel.Information, Message = "Gateway route {Route}: an MCP request over {Limit} bytes was refused.")]
    public static partial void BodyTooLarge(ILogger logger, string route, int limit);

    [LoggerMessage(EventId = 902, EventName = "GatewayForwardFailed", Level = LogLevel.Warning, Message = "Gateway route {Route}: forwarding failed ({Error}) for token {TokenHash}.")]
    public static partial void ForwardFailed(ILogger logger, string route, string error, string tokenHash, Exception? exception);

    [LoggerMessage(EventId = 903, EventName = "GatewayToolsListUnreadable", Level = LogLevel.Warning, Message = "Gateway route {Route}: the upstream's tools/list answer could not be read or was larger than {Limit} bytes; it was not passed on.")]
    public static partial void ToolsListUnreadable(ILogger logger, string route, int limit);
}

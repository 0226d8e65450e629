using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentCore.Security.TokenExchange;

/// <summary>
/// Control point 1: gives every outbound request a new token, exchanged for this call's target from
/// the inbound token in <see cref="AgentCallContext.Current"/> (or the agent's own client-credentials
/// token when there is none and the options allow it). Fails closed: if no token can be obtained,
/// the request is not sent and a <see cref="TokenExchangeException"/> says why. A request that
/// carries the inbound token itself is refused (<see cref="TokenPassthroughException"/>).
/// </summary>
public sealed partial class TokenExchangeHandler : DelegatingHandler
{
    /// <summary>The request option that overrides the client's target for one request.</summary>
    public static readonly HttpRequestOptionsKey<TokenExchangeTarget> TargetOption = new("AgentCore.Security.TokenExchangeTarget");

    private readonly ITokenExchanger _exchanger;
    private readonly TokenExchangeHandlerOptions _options;
    private readonly NoInboundTokenBehavior _noInbound;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<string> _audiences;
    private readonly IReadOnlyList<string> _resources;
    private readonly IReadOnlyList<string> _scopes;
    private LastRequest? _lastRequest;
    private LastHeader? _lastHeader;

    /// <summary>Initializes a new instance of the <see cref="TokenExchangeHandler"/> class.</summary>
    /// <param name="exchanger">Obtains (and caches) the tokens.</param>
    /// <param name="options">This client's target and behaviour.</param>
    /// <param name="noInboundTokenDefault">The behaviour with no inbound call when <paramref name="options"/> names none.</param>
    /// <param name="logger">Where refusals are logged; tokens never are.</param>
    public TokenExchangeHandler(ITokenExchanger exchanger, TokenExchangeHandlerOptions options, NoInboundTokenBehavior noInboundTokenDefault = NoInboundTokenBehavior.UseClientCredentials, ILogger<TokenExchangeHandler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(exchanger);
        ArgumentNullException.ThrowIfNull(options);
        _exchanger = exchanger;
        _options = options;
        _noInbound = options.NoInboundToken ?? noInboundTokenDefault;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _audiences = [.. options.Target.Audiences];
        _resources = [.. options.Target.Resources];
        _scopes = [.. options.Target.Scopes];
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = AgentCallContext.Current;
        GuardAuthorization(request, context);

        var exchange = CreateRequest(request, context);
        request.Headers.Authorization = await ExchangeAsync(exchange, cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

        if (_options.RetryOnInvalidToken && IsInvalidToken(response) && CanResend(request.Content))
        {
            Log.DownstreamRejectedToken(_logger, request.RequestUri?.Authority, exchange);
            response.Dispose();
            await _exchanger.InvalidateAsync(exchange, cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = await ExchangeAsync(exchange, cancellationToken).ConfigureAwait(false);
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private void GuardAuthorization(HttpRequestMessage request, AgentCallContext? context)
    {
        var authorization = request.Headers.Authorization;
        if (authorization is null)
        {
            return;
        }

        if (context is not null && authorization.Parameter is { } parameter && FixedTimeEquals(parameter, context.InboundToken))
        {
            Log.PassthroughBlocked(_logger, request.RequestUri?.Authority, context.Chain.Subject, context.Chain.TokenId, context.Chain.TokenHash);
            throw new TokenPassthroughException();
        }

        Log.AuthorizationAlreadySet(_logger, request.RequestUri?.Authority);
        throw new TokenExchangeException(
            TokenExchangeStatus.AuthorizationAlreadySet,
            "The outbound request already has an Authorization header; the token exchange handler does not overwrite credentials and the request was not sent. Remove the header, or opt this HttpClient out with DisableAgentTokenExchange().");
    }

    private TokenExchangeRequest CreateRequest(HttpRequestMessage request, AgentCallContext? context)
    {
        if (context is null && _noInbound == NoInboundTokenBehavior.Fail)
        {
            Log.NoInboundToken(_logger, request.RequestUri?.Authority);
            throw new TokenExchangeException(
                TokenExchangeStatus.NoInboundToken,
                "The outbound request was not sent: there is no inbound call to act for (AgentCallContext.Current is null) and this client is configured with NoInboundToken = Fail.");
        }

        var overridden = request.Options.TryGetValue(TargetOption, out var target);
        if (!overridden && _lastRequest is { } last && ReferenceEquals(last.Context, context))
        {
            // Many outbound calls of one inbound call share this request object (and so its cache key).
            return last.Request;
        }

        IReadOnlyList<string> audiences = _audiences, resources = _resources, scopes = _scopes;
        var requestedType = _options.Target.RequestedTokenType;
        if (overridden && target is not null)
        {
            audiences = [.. target.Audiences];
            resources = [.. target.Resources];
            scopes = [.. target.Scopes];
            requestedType = target.RequestedTokenType;
        }

        if (audiences.Count == 0 && resources.Count == 0)
        {
            var uri = request.RequestUri;
            if (uri is null || !uri.IsAbsoluteUri)
            {
                throw new TokenExchangeException(TokenExchangeStatus.NoTarget, "The outbound request has no absolute URI and its client names no audience or resource, so there is nothing to bind the token to; it was not sent.");
            }

            resources = [uri.GetLeftPart(UriPartial.Authority)];
        }

        var created = new TokenExchangeRequest
        {
            SubjectToken = context?.InboundToken,
            Audiences = audiences,
            Resources = resources,
            Scopes = scopes,
            RequestedTokenType = requestedType,
        };
        if (!overridden && ReferenceEquals(resources, _resources))
        {
            _lastRequest = new LastRequest(context, created);
        }

        return created;
    }

    private async ValueTask<AuthenticationHeaderValue> ExchangeAsync(TokenExchangeRequest exchange, CancellationToken cancellationToken)
    {
        var result = await _exchanger.ExchangeAsync(exchange, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw new TokenExchangeException(result);
        }

        // A cached token yields the same IssuedToken instance: reuse its (immutable) header value.
        var token = result.Token!;
        if (_lastHeader is { } last && ReferenceEquals(last.Token, token))
        {
            return last.Header;
        }

        var header = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        _lastHeader = new LastHeader(token, header);
        return header;
    }

    private static bool IsInvalidToken(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return false;
        }

        foreach (var challenge in response.Headers.WwwAuthenticate)
        {
            if (string.Equals(challenge.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
                && challenge.Parameter is { } parameter
                && parameter.Contains("error=\"invalid_token\"", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // Content that can be read twice: none, or buffered bytes (string, form, JSON from a buffer).
    private static bool CanResend(HttpContent? content) => content is null or ByteArrayContent or ReadOnlyMemoryContent;

    private static bool FixedTimeEquals(string presented, string inbound)
    {
        var a = Encoding.UTF8.GetBytes(presented);
        var b = Encoding.UTF8.GetBytes(inbound);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }

    private sealed record LastRequest(AgentCallContext? Context, TokenExchangeRequest Request);

    private sealed record LastHeader(IssuedToken Token, AuthenticationHeaderValue Header);

    private static partial class Log
    {
        [LoggerMessage(EventId = 210, EventName = "TokenPassthroughBlocked", Level = LogLevel.Error, Message = "Blocked token passthrough: a request to {Target} carried the inbound token (subject {Subject}, jti {TokenId}, token {TokenHash}). It was not sent.")]
        public static partial void PassthroughBlocked(ILogger logger, string? target, string subject, string? tokenId, string tokenHash);

        [LoggerMessage(EventId = 211, EventName = "AuthorizationAlreadySet", Level = LogLevel.Warning, Message = "A request to {Target} already had an Authorization header; it was not sent.")]
        public static partial void AuthorizationAlreadySet(ILogger logger, string? target);

        [LoggerMessage(EventId = 212, EventName = "NoInboundToken", Level = LogLevel.Warning, Message = "A request to {Target} had no inbound call to act for and the client does not fall back to its own credentials; it was not sent.")]
        public static partial void NoInboundToken(ILogger logger, string? target);

        [LoggerMessage(EventId = 213, EventName = "DownstreamRejectedToken", Level = LogLevel.Information, Message = "{Target} rejected the exchanged token (invalid_token); exchanging again once for {Exchange}.")]
        public static partial void DownstreamRejectedToken(ILogger logger, string? target, TokenExchangeRequest exchange);
    }
}

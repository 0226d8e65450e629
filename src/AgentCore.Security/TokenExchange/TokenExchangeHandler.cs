using System.Net;
using System.Net.Http.Headers;
using AgentCore.Security.Diagnostics;
using AgentCore.Security.TokenExchange.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentCore.Security.TokenExchange;

/// <summary>
/// Control point 1: gives every outbound request a new token, exchanged for this call's target from
/// the inbound token in <see cref="AgentCallContext.Current"/> (or the agent's own client-credentials
/// token when there is none and the options allow it). Fails closed: if no token can be obtained,
/// the request is not sent and a <see cref="TokenExchangeException"/> says why. A request that
/// carries the inbound token itself (in any header, the URI, or buffered content) is refused
/// (<see cref="TokenPassthroughException"/>). The token goes only to the request's own origin: automatic
/// redirects are turned off on the handlers below this one (a 3xx response is returned as it is), a client
/// with a fixed target sends only to its allowed origins, and the retry after a 401 goes to the same origin.
/// </summary>
public sealed partial class TokenExchangeHandler : DelegatingHandler
{
    /// <summary>The request option that overrides the client's target for one request.</summary>
    public static readonly HttpRequestOptionsKey<TokenExchangeTarget> TargetOption = new("AgentCore.Security.TokenExchangeTarget");

    private readonly ITokenExchanger _exchanger;
    private readonly bool _retryOnInvalidToken;
    private readonly int _maxScannedContentSize;
    private readonly string? _requestedTokenType;
    private readonly NoInboundTokenBehavior _noInbound;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<string> _audiences;
    private readonly IReadOnlyList<string> _resources;
    private readonly IReadOnlyList<string> _scopes;
    private readonly string[] _stepUpScopes;
    private readonly Uri[] _allowedOrigins;
    private readonly Uri[] _resourceOrigins;
    private readonly bool _fixedTarget;
    private readonly Lock _redirectGate = new();
    private volatile bool _redirectsChecked;
    private LastRequest? _lastRequest;
    private LastHeader? _lastHeader;

    /// <summary>Initializes a new instance of the <see cref="TokenExchangeHandler"/> class.</summary>
    /// <param name="exchanger">Obtains (and caches) the tokens.</param>
    /// <param name="options">This client's target and behaviour.</param>
    /// <param name="noInboundTokenDefault">The behaviour with no inbound call when <paramref name="options"/> names none.</param>
    /// <param name="logger">Where refusals are logged; tokens never are.</param>
    public TokenExchangeHandler(ITokenExchanger exchanger, TokenExchangeHandlerOptions options, NoInboundTokenBehavior noInboundTokenDefault = NoInboundTokenBehavior.Fail, ILogger<TokenExchangeHandler>? logger = null)
        : this(exchanger, options, noInboundTokenDefault, logger, baseAddress: null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TokenExchangeHandler"/> class for a client whose <c>BaseAddress</c> is known.</summary>
    internal TokenExchangeHandler(ITokenExchanger exchanger, TokenExchangeHandlerOptions options, NoInboundTokenBehavior noInboundTokenDefault, ILogger? logger, Uri? baseAddress)
    {
        ArgumentNullException.ThrowIfNull(exchanger);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxScannedContentSize < 0)
        {
            throw new ArgumentException("MaxScannedContentSize must not be negative.", nameof(options));
        }

        _exchanger = exchanger;

        // Read once: later changes to the options object change nothing.
        _retryOnInvalidToken = options.RetryOnInvalidToken;
        _maxScannedContentSize = options.MaxScannedContentSize;
        _requestedTokenType = options.Target.RequestedTokenType;
        _noInbound = options.NoInboundToken ?? noInboundTokenDefault;
        _logger = logger ?? NullLogger.Instance;
        _audiences = [.. options.Target.Audiences];
        _resources = [.. options.Target.Resources];
        _scopes = [.. options.Target.Scopes];
        _fixedTarget = _audiences.Count > 0 || _resources.Count > 0;
        _stepUpScopes = [.. options.StepUpScopes.Distinct(StringComparer.Ordinal)];
        _allowedOrigins = [.. AllowedOrigins(options, baseAddress)];
        _resourceOrigins = ResourceOrigins(_resources);
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        EnsureNoAutomaticRedirects();
        var origin = request.RequestUri is { IsAbsoluteUri: true } uri && IsHttp(uri)
            ? uri
            : throw new TokenExchangeException(TokenExchangeStatus.NoTarget, "The outbound request has no absolute http(s) URI, so there is no origin to bind its token to; it was not sent.");
        var context = AgentCallContext.Current;
        await GuardAsync(request, context, cancellationToken).ConfigureAwait(false);

        var exchange = CreateRequest(request, origin, context);
        request.Headers.Authorization = await ExchangeAsync(exchange, cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        CheckNotRedirected(response, origin);

        if (_retryOnInvalidToken && IsInvalidToken(response) && CanResend(request) && SameOrigin(request.RequestUri, origin))
        {
            Log.DownstreamRejectedToken(_logger, origin.Authority, exchange);
            response.Dispose();
            await _exchanger.InvalidateAsync(exchange, cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = await ExchangeAsync(exchange, cancellationToken).ConfigureAwait(false);
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            CheckNotRedirected(response, origin);
        }

        return _stepUpScopes.Length > 0 ? await StepUpAsync(request, origin, context, exchange, response, cancellationToken).ConfigureAwait(false) : response;
    }

    // One step-up at most: a 403 insufficient_scope naming scopes this client may add is answered by one wider
    // exchange and one resend. When the wider token is refused, the 403 goes back to the caller as it came.
    private async Task<HttpResponseMessage> StepUpAsync(HttpRequestMessage request, Uri origin, AgentCallContext? context, TokenExchangeRequest exchange, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (InsufficientScope(response) is not { Count: > 0 } required || !CanResend(request) || !SameOrigin(request.RequestUri, origin))
        {
            return response;
        }

        var missing = required.Where(s => !exchange.Scopes.Contains(s, StringComparer.Ordinal)).ToArray();

        // The scopes come from the downstream's header: escaped before they reach a log line.
        var named = new EscapedText(string.Join(' ', missing));
        var target = OriginOf(origin);
        if (missing.Length == 0 || missing.Any(s => !_stepUpScopes.Contains(s, StringComparer.Ordinal)))
        {
            Log.StepUpNotAllowed(_logger, target, named);
            return response;
        }

        var wider = new TokenExchangeRequest
        {
            SubjectToken = exchange.SubjectToken,
            SubjectTokenType = exchange.SubjectTokenType,
            ActorToken = exchange.ActorToken,
            ActorTokenType = exchange.ActorTokenType,
            Audiences = exchange.Audiences,
            Resources = exchange.Resources,
            Scopes = [.. exchange.Scopes, .. missing],
            RequestedTokenType = exchange.RequestedTokenType,
        };
        var result = await _exchanger.ExchangeAsync(wider, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            Log.StepUpRefused(_logger, target, named, result.Status);
            return response;
        }

        Log.SteppedUp(_logger, target, named);
        response.Dispose();
        if (_fixedTarget && _lastRequest is { } last && ReferenceEquals(last.Request, exchange))
        {
            // The rest of this inbound call's requests start from the wider token.
            _lastRequest = new LastRequest(context, wider);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", result.Token!.AccessToken);
        var retried = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        CheckNotRedirected(retried, origin);
        return retried;
    }

    /// <summary>The scopes a 403 <c>insufficient_scope</c> challenge requires (its <c>scope</c> parameter), or <see langword="null"/>.</summary>
    internal static IReadOnlyList<string>? InsufficientScope(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.Forbidden)
        {
            return null;
        }

        foreach (var challenge in response.Headers.WwwAuthenticate)
        {
            if (string.Equals(challenge.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
                && challenge.Parameter is { } parameter
                && BearerChallenge.Parameter(parameter, "error") == "insufficient_scope"
                && BearerChallenge.Parameter(parameter, "scope") is { } scope)
            {
                return scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
        }

        return null;
    }

    private static IEnumerable<Uri> AllowedOrigins(TokenExchangeHandlerOptions options, Uri? baseAddress)
    {
        if (baseAddress is { IsAbsoluteUri: true } && IsHttp(baseAddress))
        {
            yield return baseAddress;
        }

        foreach (var origin in options.AllowedOrigins)
        {
            yield return origin is { IsAbsoluteUri: true } && IsHttp(origin)
                ? origin
                : throw new ArgumentException($"AllowedOrigins entry '{origin}' is not an absolute http(s) URI.", nameof(options));
        }
    }

    private static Uri[] ResourceOrigins(IReadOnlyList<string> resources)
    {
        var origins = new List<Uri>(resources.Count);
        foreach (var resource in resources)
        {
            if (Uri.TryCreate(resource, UriKind.Absolute, out var uri) && IsHttp(uri))
            {
                origins.Add(uri);
            }
        }

        return [.. origins];
    }

    private static bool IsHttp(Uri uri) => uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp;

    /// <summary><c>scheme://host:port</c> of an absolute http(s) URI, for messages; <see langword="null"/> for any other.</summary>
    private static string? OriginOf(Uri? uri) =>
        uri is { IsAbsoluteUri: true } && IsHttp(uri)
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}")
            : null;

    /// <summary>Same scheme, host and port (RFC 6454 origin), compared without building strings.</summary>
    private static bool SameOrigin(Uri? uri, Uri origin) =>
        ReferenceEquals(uri, origin)
        || (uri is { IsAbsoluteUri: true }
            && string.Equals(uri.Scheme, origin.Scheme, StringComparison.Ordinal)
            && uri.Port == origin.Port
            && string.Equals(uri.IdnHost, origin.IdnHost, StringComparison.OrdinalIgnoreCase));

    private void CheckNotRedirected(HttpResponseMessage response, Uri origin)
    {
        // Redirects are off below this handler; should anything still have moved the request, say so loudly.
        if (response.RequestMessage?.RequestUri is { } final && !SameOrigin(final, origin))
        {
            Log.RedirectedElsewhere(_logger, OriginOf(origin)!, OriginOf(final));
            response.Dispose();
            throw new TokenExchangeException(
                TokenExchangeStatus.RedirectsNotDisabled,
                $"The request to {OriginOf(origin)} ended at another origin ({OriginOf(final)}): something below the exchange handler followed a redirect. Exchanging clients must not follow redirects; the response was discarded.");
        }
    }

    /// <summary>Turns off automatic redirects on the handlers below this one, once, before the first request is sent.</summary>
    private void EnsureNoAutomaticRedirects()
    {
        if (_redirectsChecked)
        {
            return;
        }

        lock (_redirectGate)
        {
            if (_redirectsChecked)
            {
                return;
            }

            var handler = InnerHandler;
            while (handler is DelegatingHandler delegating)
            {
                handler = delegating.InnerHandler;
            }

            try
            {
                switch (handler)
                {
                    case SocketsHttpHandler { AllowAutoRedirect: true } sockets:
                        sockets.AllowAutoRedirect = false;
                        break;
                    case HttpClientHandler { AllowAutoRedirect: true } client:
                        client.AllowAutoRedirect = false;
                        break;
                }
            }
            catch (InvalidOperationException e)
            {
                // The primary handler has already sent requests (it is shared): it cannot be changed now.
                throw new TokenExchangeException(
                    TokenExchangeStatus.RedirectsNotDisabled,
                    "The exchanging client's primary handler follows redirects and is already in use, so they could not be turned off; nothing was sent. Configure it with AllowAutoRedirect = false.",
                    e);
            }

            _redirectsChecked = true;
        }
    }

    private TokenExchangeRequest CreateRequest(HttpRequestMessage request, Uri origin, AgentCallContext? context)
    {
        if (context is null && _noInbound == NoInboundTokenBehavior.Fail)
        {
            Log.NoInboundToken(_logger, OriginOf(origin));
            throw new TokenExchangeException(
                TokenExchangeStatus.NoInboundToken,
                "The outbound request was not sent: there is no inbound call to act for (AgentCallContext.Current is null: called outside a call, or from work that outlived it) and this client does not act as the agent itself. Set NoInboundToken = UseClientCredentials on the clients that should.");
        }

        var overridden = request.Options.TryGetValue(TargetOption, out var target) && target is not null;
        if (!overridden)
        {
            if (_fixedTarget)
            {
                CheckOrigin(origin, _resourceOrigins);
                if (_lastRequest is { } last && ReferenceEquals(last.Context, context))
                {
                    // Many outbound calls of one inbound call share this request object (and so its cache key).
                    return last.Request;
                }
            }

            var created = new TokenExchangeRequest
            {
                SubjectToken = context?.InboundToken,
                Audiences = _audiences,
                Resources = _fixedTarget ? _resources : [request.RequestUri!.GetLeftPart(UriPartial.Authority)],
                Scopes = _scopes,
                RequestedTokenType = _requestedTokenType,
            };
            if (_fixedTarget)
            {
                _lastRequest = new LastRequest(context, created);
            }

            return created;
        }

        IReadOnlyList<string> resources = [.. target!.Resources];
        if (target.Audiences.Count > 0 || resources.Count > 0)
        {
            CheckOrigin(origin, ResourceOrigins(resources));
        }
        else
        {
            resources = [request.RequestUri!.GetLeftPart(UriPartial.Authority)];
        }

        return new TokenExchangeRequest
        {
            SubjectToken = context?.InboundToken,
            Audiences = [.. target.Audiences],
            Resources = resources,
            Scopes = [.. target.Scopes],
            RequestedTokenType = target.RequestedTokenType,
        };
    }

    private void CheckOrigin(Uri origin, Uri[] resourceOrigins)
    {
        foreach (var allowed in _allowedOrigins)
        {
            if (SameOrigin(origin, allowed))
            {
                return;
            }
        }

        foreach (var allowed in resourceOrigins)
        {
            if (SameOrigin(origin, allowed))
            {
                return;
            }
        }

        var target = OriginOf(origin)!;
        Log.OriginNotAllowed(_logger, target);
        var permitted = _allowedOrigins.Concat(resourceOrigins).Select(OriginOf).ToArray();
        throw new TokenExchangeException(
            TokenExchangeStatus.OriginNotAllowed,
            permitted.Length == 0
                ? $"The request to {target} was not sent: this client's token is bound to a fixed target, and the client names no origin it may go to. Give the HttpClient a BaseAddress, or list the origin in AllowedOrigins."
                : $"The request to {target} was not sent: this client's token is bound to a fixed target and may go only to {string.Join(", ", permitted)}.");
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

    // Content that can be read twice: none, buffered bytes (string, form, JSON from a buffer), or serialized
    // content (JSON) the guard buffered within its bound.
    private static bool CanResend(HttpRequestMessage request) =>
        request.Content is null or ByteArrayContent or ReadOnlyMemoryContent
        || (request.Options.TryGetValue(ContentBuffered, out var buffered) && buffered);

    private sealed record LastRequest(AgentCallContext? Context, TokenExchangeRequest Request);

    private sealed record LastHeader(IssuedToken Token, AuthenticationHeaderValue Header);

    private static partial class Log
    {
        [LoggerMessage(EventId = 210, EventName = "TokenPassthroughBlocked", Level = LogLevel.Error, Message = "Blocked token passthrough: a request to {Target} carried the inbound token in {Where} (subject {Subject}, jti {TokenId}, token {TokenHash}). It was not sent.")]
        public static partial void PassthroughBlocked(ILogger logger, string? target, string where, string subject, string? tokenId, string tokenHash);

        [LoggerMessage(EventId = 211, EventName = "AuthorizationAlreadySet", Level = LogLevel.Warning, Message = "A request to {Target} already had an Authorization header; it was not sent.")]
        public static partial void AuthorizationAlreadySet(ILogger logger, string? target);

        [LoggerMessage(EventId = 212, EventName = "NoInboundToken", Level = LogLevel.Warning, Message = "A request to {Target} had no inbound call to act for and the client does not act as the agent itself; it was not sent.")]
        public static partial void NoInboundToken(ILogger logger, string? target);

        [LoggerMessage(EventId = 213, EventName = "DownstreamRejectedToken", Level = LogLevel.Information, Message = "{Target} rejected the exchanged token (invalid_token); exchanging again once for {Exchange}.")]
        public static partial void DownstreamRejectedToken(ILogger logger, string? target, TokenExchangeRequest exchange);

        [LoggerMessage(EventId = 214, EventName = "OriginNotAllowed", Level = LogLevel.Warning, Message = "A request to {Target} was refused: the client's audience-bound token may not go to that origin. It was not sent.")]
        public static partial void OriginNotAllowed(ILogger logger, string target);

        [LoggerMessage(EventId = 216, EventName = "SteppedUp", Level = LogLevel.Information, Message = "{Target} required more scope (insufficient_scope); exchanged once more adding {Scopes} and sent the request again.")]
        public static partial void SteppedUp(ILogger logger, string? target, EscapedText scopes);

        [LoggerMessage(EventId = 217, EventName = "StepUpNotAllowed", Level = LogLevel.Warning, Message = "{Target} required scopes {Scopes} (insufficient_scope) that this client may not add by step-up; the 403 is returned.")]
        public static partial void StepUpNotAllowed(ILogger logger, string? target, EscapedText scopes);

        [LoggerMessage(EventId = 218, EventName = "StepUpRefused", Level = LogLevel.Warning, Message = "{Target} required scopes {Scopes}; the token service refused the wider exchange ({Status}); the 403 is returned.")]
        public static partial void StepUpRefused(ILogger logger, string? target, EscapedText scopes, TokenExchangeStatus status);

        [LoggerMessage(EventId = 215, EventName = "RedirectedElsewhere", Level = LogLevel.Error, Message = "A request to {Target} ended at {FinalTarget}: a handler below the exchange handler followed a redirect. The response was discarded.")]
        public static partial void RedirectedElsewhere(ILogger logger, string target, string? finalTarget);
    }
}

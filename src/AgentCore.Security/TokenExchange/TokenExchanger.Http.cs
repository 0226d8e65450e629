using System.Net;
using System.Net.Http.Headers;
using AgentCore.Security.Diagnostics;
using AgentCore.Security.Jwt.Internal;
using AgentCore.Security.TokenExchange.Internal;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace AgentCore.Security.TokenExchange;

/// <content>The token request on the wire (RFC 6749 §4.4, RFC 8693 §2), and its response.</content>
public sealed partial class TokenExchanger
{
    private const string TokenExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange";

    private async Task<TokenExchangeResult> RequestAsync(TokenExchangeRequest request, System.Diagnostics.ActivityContext parent, AgentCallContext? call, CancellationToken cancellationToken)
    {
        using var activity = SecurityMetrics.ActivitySource.StartActivity(AgentCoreSecurityTelemetry.TokenExchangeActivity, System.Diagnostics.ActivityKind.Client, parent);
        if (activity is not null)
        {
            activity.SetTag(AgentCoreSecurityTelemetry.TargetTag, string.Join(' ', request.Audiences.Concat(request.Resources)));
            activity.SetTag(AgentCoreSecurityTelemetry.ChainTag, call?.Chain.ToString() ?? "(own credentials)");
        }

        var started = _timeProvider.GetTimestamp();
        var result = await SendAsync(request, call, cancellationToken).ConfigureAwait(false);
        _metrics.Exchange(_timeProvider.GetElapsedTime(started), result.Status);
        if (activity is not null)
        {
            activity.SetTag(AgentCoreSecurityTelemetry.ResultTag, result.IsSuccess ? "success" : "failure");
            if (!result.IsSuccess)
            {
                activity.SetTag(AgentCoreSecurityTelemetry.ErrorTypeTag, result.Status.ToString());
                activity.SetStatus(System.Diagnostics.ActivityStatusCode.Error, result.Error ?? result.Status.ToString());
            }
        }

        if (result.IsSuccess)
        {
            Log.TokenIssued(_logger, request, result.Token!);
        }
        else
        {
            Log.ExchangeFailed(_logger, result.Status, result.Error, request, result.Message);
        }

        return result;
    }

    private async Task<TokenExchangeResult> SendAsync(TokenExchangeRequest request, AgentCallContext? call, CancellationToken cancellationToken)
    {
        TokenEndpoint endpoint;
        try
        {
            endpoint = await _endpoints.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return TokenExchangeResult.Failure(TokenExchangeStatus.DiscoveryFailed, $"The token endpoint could not be found through OIDC discovery: {e.GetType().Name}: {e.Message}");
        }

        var form = new List<KeyValuePair<string, string>>(12);
        if (request.SubjectToken is null)
        {
            form.Add(new("grant_type", "client_credentials"));
        }
        else
        {
            form.Add(new("grant_type", TokenExchangeGrant));
            form.Add(new("subject_token", request.SubjectToken));
            form.Add(new("subject_token_type", request.SubjectTokenType));
            if (request.ActorToken is not null)
            {
                form.Add(new("actor_token", request.ActorToken));
                form.Add(new("actor_token_type", request.ActorTokenType ?? TokenTypeIdentifiers.AccessToken));
            }

            if (request.RequestedTokenType is not null)
            {
                form.Add(new("requested_token_type", request.RequestedTokenType));
            }
        }

        foreach (var audience in request.Audiences)
        {
            form.Add(new("audience", audience));
        }

        foreach (var resource in request.Resources)
        {
            form.Add(new("resource", resource));
        }

        var scopes = request.Scopes.Count == 0 && request.SubjectToken is null ? (IReadOnlyList<string>)[.. _options.ClientCredentialsScopes] : request.Scopes;
        if (scopes.Count > 0)
        {
            form.Add(new("scope", string.Join(' ', scopes)));
        }

        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint.Address);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var authentication = await AuthenticateAsync(message, form, endpoint, cancellationToken).ConfigureAwait(false);
        if (authentication is { } failed)
        {
            return failed;
        }

        message.Content = new FormUrlEncodedContent(form);

        HttpResponseMessage response;
        try
        {
            response = await _httpClientFactory().SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            return FromException(e, endpoint.Address);
        }

        using (response)
        {
            byte[] body;
            try
            {
                body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                return FromException(e, endpoint.Address);
            }

            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                return TokenExchangeResult.Failure(TokenExchangeStatus.ServerError, $"The token service answered {status} ({response.ReasonPhrase}) after the configured retries.");
            }

            if (!response.IsSuccessStatusCode)
            {
                return TokenResponseReader.ReadError(body, status);
            }

            return TokenResponseReader.ReadToken(body, request, scopes, SubjectScopes(request, call), _timeProvider.GetUtcNow());
        }
    }

    private async ValueTask<TokenExchangeResult?> AuthenticateAsync(HttpRequestMessage message, List<KeyValuePair<string, string>> form, TokenEndpoint endpoint, CancellationToken cancellationToken)
    {
        switch (_options.ClientAuthentication)
        {
            case ClientAuthenticationMethod.ClientSecretBasic:
                // RFC 6749 §2.3.1: each part is form-encoded before the Basic encoding.
                var credentials = WebUtility.UrlEncode(_clientId) + ":" + WebUtility.UrlEncode(_options.ClientSecret);
                message.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
                return null;
            case ClientAuthenticationMethod.ClientSecretPost:
                form.Add(new("client_id", _clientId));
                form.Add(new("client_secret", _options.ClientSecret!));
                return null;
            default:
                ClientAssertion assertion;
                try
                {
                    var audience = _options.ClientAssertionAudience ?? endpoint.Issuer ?? endpoint.Address.OriginalString;
                    assertion = await _assertions!.GetAssertionAsync(new ClientAssertionContext(_clientId, audience, endpoint.Address), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    return TokenExchangeResult.Failure(TokenExchangeStatus.ClientAssertionFailed, $"The client assertion source failed: {e.GetType().Name}: {e.Message}");
                }

                if (string.IsNullOrEmpty(assertion.Type) || string.IsNullOrEmpty(assertion.Value))
                {
                    return TokenExchangeResult.Failure(TokenExchangeStatus.ClientAssertionFailed, "The client assertion source returned an empty assertion or type.");
                }

                form.Add(new("client_id", _clientId));
                form.Add(new("client_assertion_type", assertion.Type));
                form.Add(new("client_assertion", assertion.Value));
                return null;
        }
    }

    /// <summary>
    /// The ceiling of an exchange: the subject token's scopes. The verified chain's when the subject is the
    /// current call's inbound token; else the scope claim read (unverified, used only to refuse) from the subject
    /// JWT; <see langword="null"/> for an opaque subject token or a client-credentials request.
    /// </summary>
    private static IReadOnlyList<string>? SubjectScopes(TokenExchangeRequest request, AgentCallContext? call)
    {
        if (request.SubjectToken is not { } subject)
        {
            return null;
        }

        if (call is not null && string.Equals(call.InboundToken, subject, StringComparison.Ordinal))
        {
            return call.Chain.Scopes;
        }

        return TokenResponseReader.TryReadPayload(subject, out _, out var scopes) ? scopes : null;
    }

    private static TokenExchangeResult FromException(Exception e, Uri endpoint) => e switch
    {
        BrokenCircuitException => TokenExchangeResult.Failure(TokenExchangeStatus.CircuitOpen, $"The circuit breaker for the token service at {endpoint} is open after repeated failures; no request was made."),
        TimeoutRejectedException or TaskCanceledException or OperationCanceledException => TokenExchangeResult.Failure(TokenExchangeStatus.Timeout, $"The token service at {endpoint} did not answer within the configured timeouts."),
        HttpRequestException http => TokenExchangeResult.Failure(TokenExchangeStatus.ServiceUnavailable, $"The token service at {endpoint} could not be reached ({http.HttpRequestError}): {http.Message}"),
        _ => TokenExchangeResult.Failure(TokenExchangeStatus.ServiceUnavailable, $"Calling the token service at {endpoint} failed: {e.GetType().Name}: {e.Message}"),
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 200, EventName = "TokenIssued", Level = LogLevel.Debug, Message = "The token service answered {Request} with a {Token}.")]
        public static partial void TokenIssued(ILogger logger, TokenExchangeRequest request, IssuedToken token);

        [LoggerMessage(EventId = 202, EventName = "SealedCacheEntryRefused", Level = LogLevel.Warning, Message = "A distributed-cache entry did not open for its key (altered, moved from another key, or sealed with another key); it was dropped and not used (attempt {Attempt}).")]
        public static partial void SealedEntryRefused(ILogger logger, int attempt);

        [LoggerMessage(EventId = 201, EventName = "TokenExchangeFailed", Level = LogLevel.Warning, Message = "Token exchange failed: {Status} {Error} for {Request}. {Reason}")]
        public static partial void ExchangeFailed(ILogger logger, TokenExchangeStatus status, string? error, TokenExchangeRequest request, string reason);
    }
}

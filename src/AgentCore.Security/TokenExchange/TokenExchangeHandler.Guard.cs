namespace AgentCore.Security.TokenExchange;

/// <content>
/// The passthrough guard: the inbound token, or its signature segment alone, may appear nowhere in an
/// outbound request. Headers (request and content) and the URI are always read; content is read when it
/// is buffered (string, form, byte array, JSON, multipart of those) and no larger than
/// <see cref="TokenExchangeHandlerOptions.MaxScannedContentSize"/>. Streamed content is not read.
/// </content>
public sealed partial class TokenExchangeHandler
{
    /// <summary>Marks a request whose serialized content the guard buffered, so that it can be sent again (a retry, a step-up).</summary>
    private static readonly HttpRequestOptionsKey<bool> ContentBuffered = new("AgentCore.Security.ContentBuffered");

    private InboundSecret? _lastSecret;

    // Not async on the common path (no content): no state machine for a GET.
    private ValueTask GuardAsync(HttpRequestMessage request, AgentCallContext? context, CancellationToken cancellationToken)
    {
        if (context is not null)
        {
            var secret = SecretOf(context);
            if (FindInHeadersOrUri(request, secret.Text) is { } where)
            {
                Blocked(request, context, where);
            }

            if (request.Content is { } content)
            {
                return GuardContentAsync(request, context, secret, content, cancellationToken);
            }
        }

        RefuseOwnAuthorization(request);
        return default;
    }

    private async ValueTask GuardContentAsync(HttpRequestMessage request, AgentCallContext context, InboundSecret secret, HttpContent content, CancellationToken cancellationToken)
    {
        if (await ContainsAsync(content, secret, cancellationToken).ConfigureAwait(false))
        {
            Blocked(request, context, "the request content");
        }

        if (content is not (StreamContent or MultipartContent or ByteArrayContent or ReadOnlyMemoryContent) && content.Headers.ContentLength is { } length && length <= _maxScannedContentSize)
        {
            request.Options.Set(ContentBuffered, true);
        }

        RefuseOwnAuthorization(request);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Blocked(HttpRequestMessage request, AgentCallContext context, string where)
    {
        Log.PassthroughBlocked(_logger, OriginOf(request.RequestUri), where, context.Chain.Subject, context.Chain.TokenId, context.Chain.TokenHash);
        throw new TokenPassthroughException();
    }

    private void RefuseOwnAuthorization(HttpRequestMessage request)
    {
        if (request.Headers.Authorization is not null)
        {
            Log.AuthorizationAlreadySet(_logger, OriginOf(request.RequestUri));
            throw new TokenExchangeException(
                TokenExchangeStatus.AuthorizationAlreadySet,
                "The outbound request already has an Authorization header; the token exchange handler does not overwrite credentials and the request was not sent. Remove the header, or opt this HttpClient out with DisableAgentTokenExchange().");
        }
    }

    /// <summary>What to look for: the signature segment (every copy of the token contains it), or the whole token when it has no dots.</summary>
    private InboundSecret SecretOf(AgentCallContext context)
    {
        if (_lastSecret is { } last && ReferenceEquals(last.Context, context))
        {
            return last;
        }

        var token = context.InboundToken;
        var dot = token.LastIndexOf('.');
        var text = dot >= 0 && dot < token.Length - 1 ? token[(dot + 1)..] : token;
        var secret = new InboundSecret(context, text, Encoding.UTF8.GetBytes(text));
        _lastSecret = secret;
        return secret;
    }

    private static string? FindInHeadersOrUri(HttpRequestMessage request, string secret)
    {
        if (request.RequestUri is { } uri && uri.OriginalString.Contains(secret, StringComparison.Ordinal))
        {
            return "the request URI";
        }

        return FindInHeaders(request.Headers.NonValidated, secret) ?? (request.Content is { } content ? FindInHeaders(content.Headers.NonValidated, secret) : null);
    }

    private static string? FindInHeaders(System.Net.Http.Headers.HttpHeadersNonValidated headers, string secret)
    {
        foreach (var header in headers)
        {
            foreach (var value in header.Value)
            {
                if (value.Contains(secret, StringComparison.Ordinal))
                {
                    return "the header " + header.Key;
                }
            }
        }

        return null;
    }

    private async ValueTask<bool> ContainsAsync(HttpContent content, InboundSecret secret, CancellationToken cancellationToken)
    {
        switch (content)
        {
            case MultipartContent multipart:
                foreach (var part in multipart)
                {
                    if (FindInHeaders(part.Headers.NonValidated, secret.Text) is not null
                        || await ContainsAsync(part, secret, cancellationToken).ConfigureAwait(false))
                    {
                        return true;
                    }
                }

                return false;
            case StreamContent:
                return false; // a stream is read once, by the transport: documented as not scanned
            case ByteArrayContent or ReadOnlyMemoryContent:
                break;
            default:
                // JSON and other serialized content: buffer it (bounded) so that what is scanned is what is sent.
                try
                {
                    await content.LoadIntoBufferAsync(_maxScannedContentSize, cancellationToken).ConfigureAwait(false);
                }
                catch (HttpRequestException)
                {
                    return false; // larger than the bound: sent unscanned, as documented
                }

                break;
        }

        if (content.Headers.ContentLength is not { } length || length > _maxScannedContentSize)
        {
            return false;
        }

        // Copy (never read the content's own stream: HttpContent keeps that one for later readers).
        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            using var copy = new MemoryStream(buffer, 0, (int)length, writable: true);
            await content.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            return buffer.AsSpan(0, (int)copy.Position).IndexOf(secret.Utf8) >= 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    private sealed record InboundSecret(AgentCallContext Context, string Text, byte[] Utf8);
}

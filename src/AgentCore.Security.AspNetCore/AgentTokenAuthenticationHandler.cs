using System.Text.Encodings.Web;
using Microsoft.Extensions.Logging;

namespace AgentCore.Security.AspNetCore;

/// <summary>
/// The <c>AgentToken</c> scheme: validates the bearer token with <see cref="IAgentTokenValidator"/> and
/// makes <c>HttpContext.User</c> carry the subject (<c>sub</c>), the actors (<c>act</c>, outermost first),
/// <c>client_id</c>, each <c>scope</c> and <c>jti</c>. Challenges follow RFC 6750 and leak no details by default.
/// </summary>
public sealed partial class AgentTokenAuthenticationHandler(
    IOptionsMonitor<AgentTokenAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IAgentTokenValidator validator)
    : AuthenticationHandler<AgentTokenAuthenticationOptions>(options, logger, encoder)
{
    private JwtValidationStatus? _failure;

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        var result = await validator.ValidateAsync(token, Context.RequestAborted).ConfigureAwait(false);
        if (!result.IsValid)
        {
            _failure = result.Status;
            Log.TokenRejected(Logger, result.Status, Request.Path);
            var failed = new AuthenticationProperties();
            failed.Items[AgentTokenDefaults.TokenStatusItem] = result.Status.ToString();
            return AuthenticateResult.Fail(result.Message, failed);
        }

        var chain = result.Chain!;
        var identity = new AgentTokenIdentity(chain, token, Scheme.Name);
        identity.AddClaim(new Claim("sub", chain.Subject));
        identity.AddClaim(new Claim("iss", chain.Issuer));
        if (chain.ClientId is { } client)
        {
            identity.AddClaim(new Claim("client_id", client));
        }

        if (chain.TokenId is { } jti)
        {
            identity.AddClaim(new Claim("jti", jti));
        }

        foreach (var scope in chain.Scopes)
        {
            identity.AddClaim(new Claim("scope", scope));
        }

        foreach (var actor in chain.Actors)
        {
            identity.AddClaim(new Claim(AgentTokenDefaults.ActorClaimType, actor.Subject));
        }

        Context.Features.Set<IAgentTokenFeature>(new AgentTokenFeature(chain, token));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    /// <inheritdoc />
    /// <remarks>No credentials: a bare challenge with no error code (RFC 6750 §3.1); a refused token: <c>invalid_token</c>.</remarks>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Challenge(Options, _failure is null ? null : "invalid_token", _failure?.ToString());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>
    /// A missing scope (the <see cref="AgentTokenDefaults.RequiredScopesItem"/> item) is 403 <c>insufficient_scope</c>
    /// with every scope needed; a policy engine that could not be asked (<see cref="AgentTokenDefaults.PolicyUnavailableItem"/>)
    /// is 503 with <c>Retry-After</c>; any other forbid is a plain 403 that claims nothing about scope.
    /// </remarks>
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        if (properties.Items.ContainsKey(AgentTokenDefaults.PolicyUnavailableItem))
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = AgentTokenDefaults.PolicyUnavailableRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (properties.Items.TryGetValue(AgentTokenDefaults.RequiredScopesItem, out var scopes) && !string.IsNullOrWhiteSpace(scopes))
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            Response.Headers.WWWAuthenticate = Challenge(Options, "insufficient_scope", null, scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }
        else
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Builds an RFC 6750 challenge: the error code (none when no credentials were sent), its description when
    /// details are on, every required scope for <c>insufficient_scope</c>, and the RFC 9728 <c>resource_metadata</c>
    /// built from the configured <see cref="AgentTokenAuthenticationOptions.Resource"/> (never from the request).
    /// </summary>
    internal static string Challenge(AgentTokenAuthenticationOptions options, string? error, string? description, IReadOnlyList<string>? scopes = null)
    {
        var parts = new List<string>();
        if (error is not null)
        {
            parts.Add($"error=\"{error}\"");
        }

        if (description is not null && options.IncludeErrorDetails)
        {
            parts.Add($"error_description=\"{Quotable(description)}\"");
        }

        if (scopes is { Count: > 0 })
        {
            parts.Add($"scope=\"{Quotable(string.Join(' ', scopes))}\"");
        }

        if (options.AdvertiseResourceMetadata && options.Resource is { } resource)
        {
            parts.Add($"resource_metadata=\"{ResourceMetadataUri.For(resource)}\"");
        }

        return parts.Count == 0 ? "Bearer" : "Bearer " + string.Join(", ", parts);
    }

    // RFC 6750 §3: quoted values are %x20-21 / %x23-5B / %x5D-7E; anything else is dropped, so no value can end the quote.
    private static string Quotable(string value) =>
        value.All(static c => c is >= '\x20' and <= '\x7E' and not '"' and not '\\')
            ? value
            : new string([.. value.Where(static c => c is >= '\x20' and <= '\x7E' and not '"' and not '\\')]);

    private sealed record AgentTokenFeature(ValidatedChain Chain, string Token) : IAgentTokenFeature;

    private static partial class Log
    {
        [LoggerMessage(EventId = 500, EventName = "TokenRejected", Level = LogLevel.Information, Message = "A bearer token was rejected ({Status}) on {Path}.")]
        public static partial void TokenRejected(ILogger logger, JwtValidationStatus status, PathString path);
    }
}

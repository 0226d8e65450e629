using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
            return AuthenticateResult.Fail(result.Message);
        }

        var chain = result.Chain!;
        var identity = new ClaimsIdentity(Scheme.Name, "sub", "role");
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
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Challenge(Context, Options, _failure is null ? null : "invalid_token", _failure?.ToString());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        Response.Headers.WWWAuthenticate = Challenge(Context, Options, "insufficient_scope", null);
        return Task.CompletedTask;
    }

    /// <summary>Builds an RFC 6750 challenge (with the RFC 9728 resource metadata pointer).</summary>
    internal static string Challenge(HttpContext context, AgentTokenAuthenticationOptions options, string? error, string? description)
    {
        var parts = new List<string>();
        if (error is not null)
        {
            parts.Add($"error=\"{error}\"");
        }

        if (description is not null && options.IncludeErrorDetails)
        {
            parts.Add($"error_description=\"{description}\"");
        }

        if (options.AdvertiseResourceMetadata)
        {
            parts.Add($"resource_metadata=\"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{AgentTokenDefaults.ResourceMetadataPath}\"");
        }

        return parts.Count == 0 ? "Bearer" : "Bearer " + string.Join(", ", parts);
    }

    private sealed record AgentTokenFeature(ValidatedChain Chain, string Token) : IAgentTokenFeature;

    private static partial class Log
    {
        [LoggerMessage(EventId = 500, EventName = "TokenRejected", Level = LogLevel.Information, Message = "A bearer token was rejected ({Status}) on {Path}.")]
        public static partial void TokenRejected(ILogger logger, JwtValidationStatus status, PathString path);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using AgentCore.Security.AspNetCore;
using AgentCore.Security.Skills;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps skills and the protected resource metadata.</summary>
public static class AgentTokenEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <typeparamref name="TSkill"/> to <c>POST {pattern}</c>: the JSON body is the input, the bearer
    /// token goes through the skill's pipeline, the output is the JSON response. No token is 401 with a bare
    /// challenge (RFC 6750 §3.1); a refused token is 401 <c>invalid_token</c>; a missing scope is 403
    /// <c>insufficient_scope</c> naming every scope the skill needs; a chain the policy does not allow is a plain
    /// 403; a policy engine that could not be asked is 503 with <c>Retry-After</c> (still denied). The body names
    /// the reason, and the message only when <c>IncludeErrorDetails</c> is on.
    /// </summary>
    /// <typeparam name="TSkill">The skill, registered in DI.</typeparam>
    /// <param name="endpoints">The endpoints.</param>
    /// <param name="pattern">The route.</param>
    /// <returns>The endpoint's convention builder.</returns>
    public static IEndpointConventionBuilder MapSkill<TSkill>(this IEndpointRouteBuilder endpoints, string pattern)
        where TSkill : class, ISkill
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapPost(pattern, static async context => await (await InvokeAsync<TSkill>(context).ConfigureAwait(false)).ExecuteAsync(context).ConfigureAwait(false));
    }

    private static async Task<IResult> InvokeAsync<TSkill>(HttpContext context)
        where TSkill : class, ISkill
    {
        var skill = context.RequestServices.GetRequiredService<TSkill>();
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<AgentTokenAuthenticationOptions>>().Get(AgentTokenDefaults.AuthenticationScheme);
        var json = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        // The scheme validates, once per request: UseAuthentication already ran it when AgentToken is the default
        // scheme, and the handler keeps its result for the request; otherwise this is the one run.
        var authentication = await context.AuthenticateAsync(AgentTokenDefaults.AuthenticationScheme).ConfigureAwait(false);
        if (context.Features.Get<IAgentTokenFeature>() is not { } feature)
        {
            var status = authentication.Properties?.Items.TryGetValue(AgentTokenDefaults.TokenStatusItem, out var value) == true ? value : null;
            return authentication.None ? NoToken(context, options) : InvalidToken(context, options, status);
        }

        object? input = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                input = await JsonSerializer.DeserializeAsync(context.Request.Body, json.GetTypeInfo(skill.InputType), context.RequestAborted).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                return Results.BadRequest(new { error = "invalid_request", error_description = $"The body is not a valid {skill.InputType.Name}." });
            }
        }

        var (output, denial) = await skill.InvokeUntypedAsync(feature.Chain, feature.Token, input, context.RequestAborted).ConfigureAwait(false);
        if (denial is null)
        {
            return Results.Json(output, json.GetTypeInfo(skill.OutputType));
        }

        return Refused(context, options, denial);
    }

    /// <summary>No credentials: 401 with a challenge that names no error (RFC 6750 §3.1), and the reason <c>NoToken</c>.</summary>
    internal static IResult NoToken(HttpContext context, AgentTokenAuthenticationOptions options)
    {
        context.Response.Headers.WWWAuthenticate = AgentTokenAuthenticationHandler.Challenge(options, null, null);
        return Results.Text(new JsonObject { ["error"] = "unauthorized", ["reason"] = "NoToken" }.ToJsonString(), "application/json", statusCode: StatusCodes.Status401Unauthorized);
    }

    /// <summary>A refused token: 401 <c>invalid_token</c>, with the token's status when details are on.</summary>
    internal static IResult InvalidToken(HttpContext context, AgentTokenAuthenticationOptions options, string? status)
    {
        context.Response.Headers.WWWAuthenticate = AgentTokenAuthenticationHandler.Challenge(options, "invalid_token", status);
        var refused = new JsonObject { ["error"] = "invalid_token", ["reason"] = nameof(AgentCallDenyReason.InvalidToken) };
        if (options.IncludeErrorDetails && status is not null)
        {
            refused["token_status"] = status;
        }

        return Results.Text(refused.ToJsonString(), "application/json", statusCode: StatusCodes.Status401Unauthorized);
    }

    /// <summary>
    /// A call the pipeline refused: 401 <c>invalid_token</c>, 403 <c>insufficient_scope</c> with every scope needed,
    /// 503 with <c>Retry-After</c> when the policy engine could not be asked, else 403 <c>access_denied</c>.
    /// </summary>
    internal static IResult Refused(HttpContext context, AgentTokenAuthenticationOptions options, AgentCallDenial denial)
    {
        var (statusCode, error) = denial.Reason switch
        {
            AgentCallDenyReason.InvalidToken => (StatusCodes.Status401Unauthorized, "invalid_token"),
            AgentCallDenyReason.InsufficientScope => (StatusCodes.Status403Forbidden, "insufficient_scope"),
            AgentCallDenyReason.PolicyEngineUnavailable => (StatusCodes.Status503ServiceUnavailable, "temporarily_unavailable"),
            _ => (StatusCodes.Status403Forbidden, "access_denied"),
        };
        switch (denial.Reason)
        {
            case AgentCallDenyReason.InvalidToken:
                context.Response.Headers.WWWAuthenticate = AgentTokenAuthenticationHandler.Challenge(options, error, denial.TokenStatus?.ToString());
                break;
            case AgentCallDenyReason.InsufficientScope:
                context.Response.Headers.WWWAuthenticate = AgentTokenAuthenticationHandler.Challenge(options, error, null, denial.RequiredScopes);
                break;
            case AgentCallDenyReason.PolicyEngineUnavailable:
                context.Response.Headers.RetryAfter = AgentTokenDefaults.PolicyUnavailableRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
        }

        var body = new JsonObject { ["error"] = error, ["reason"] = denial.Reason.ToString() };
        if (options.IncludeErrorDetails)
        {
            body["error_description"] = denial.Message;
            if (denial.TokenStatus is { } status)
            {
                body["token_status"] = status.ToString();
            }

            if (denial.Principal is { } principal)
            {
                body["principal"] = principal;
            }
        }

        return Results.Text(body.ToJsonString(), "application/json", statusCode: statusCode);
    }

    /// <summary>
    /// Serves RFC 9728 protected resource metadata at <c>/.well-known/oauth-protected-resource</c> and, for a
    /// resource with a path, also at the path-inserted URL (RFC 9728 §3.1: <c>/.well-known/oauth-protected-resource/mcp</c>
    /// for <c>https://host/mcp</c>). The resource must be an absolute https URI (http for loopback only); the document
    /// is built once, from configuration, never from the request.
    /// </summary>
    /// <param name="endpoints">The endpoints.</param>
    /// <param name="configure">Sets the resource, its authorization servers and scopes.</param>
    /// <returns>The convention builder of the metadata endpoints.</returns>
    /// <exception cref="InvalidOperationException">The resource is missing or not an absolute https URI, or no authorization server is named.</exception>
    public static IEndpointConventionBuilder MapProtectedResourceMetadata(this IEndpointRouteBuilder endpoints, Action<ProtectedResourceMetadata> configure)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(configure);
        var metadata = new ProtectedResourceMetadata();
        configure(metadata);
        return MapProtectedResourceMetadata(endpoints, metadata, includeRootPath: true);
    }

    /// <summary>
    /// Serves one resource's metadata at its path-inserted URL, and also at the root URL when
    /// <paramref name="includeRootPath"/> (a host with several resources, the gateway, serves each at its own path only).
    /// </summary>
    internal static IEndpointConventionBuilder MapProtectedResourceMetadata(IEndpointRouteBuilder endpoints, ProtectedResourceMetadata metadata, bool includeRootPath)
    {
        if (metadata.AuthorizationServers.Count == 0)
        {
            throw new InvalidOperationException("Protected resource metadata needs at least one AuthorizationServers entry.");
        }

        if (ResourceMetadataUri.Check(metadata.Resource) is { } problem)
        {
            throw new InvalidOperationException($"Protected resource metadata: Resource {problem}");
        }

        var document = new JsonObject
        {
            ["resource"] = metadata.Resource,
            ["authorization_servers"] = new JsonArray([.. metadata.AuthorizationServers.Select(s => (JsonNode)s)]),
            ["bearer_methods_supported"] = new JsonArray("header"),
        };
        if (metadata.ScopesSupported.Count > 0)
        {
            document["scopes_supported"] = new JsonArray([.. metadata.ScopesSupported.Select(s => (JsonNode)s)]);
        }

        if (metadata.ResourceName is not null)
        {
            document["resource_name"] = metadata.ResourceName;
        }

        var text = document.ToJsonString();
        var resourcePath = ResourceMetadataUri.PathFor(new Uri(metadata.Resource!));
        var paths = (includeRootPath ? new[] { AgentTokenDefaults.ResourceMetadataPath, resourcePath } : [resourcePath]).Distinct(StringComparer.Ordinal);
        var group = endpoints.MapGroup(string.Empty);
        foreach (var path in paths)
        {
            group.MapGet(path, context =>
            {
                context.Response.ContentType = "application/json";
                return context.Response.WriteAsync(text, context.RequestAborted);
            });
        }

        return group;
    }
}

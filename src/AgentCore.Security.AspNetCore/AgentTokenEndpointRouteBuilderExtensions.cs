using System.Text.Json;
using System.Text.Json.Nodes;
using AgentCore.Security.AspNetCore;
using AgentCore.Security.Skills;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps skills and the protected resource metadata.</summary>
public static class AgentTokenEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <typeparamref name="TSkill"/> to <c>POST {pattern}</c>: the JSON body is the input, the bearer
    /// token goes through the skill's pipeline, the output is the JSON response. A denial is 401
    /// (<c>invalid_token</c>) or 403 (<c>insufficient_scope</c>, or a policy denial) with an RFC 6750
    /// challenge; the body names the reason, and the message only when <c>IncludeErrorDetails</c> is on.
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
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : string.Empty;

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

        var (output, denial) = await skill.InvokeUntypedAsync(token, input, context.RequestAborted).ConfigureAwait(false);
        if (denial is null)
        {
            return Results.Json(output, json.GetTypeInfo(skill.OutputType));
        }

        var invalidToken = denial.Reason == SkillDenyReason.InvalidToken;
        context.Response.Headers.WWWAuthenticate = AgentTokenAuthenticationHandler.Challenge(
            context, options, invalidToken ? "invalid_token" : "insufficient_scope", invalidToken ? denial.TokenStatus?.ToString() : null);
        var body = new JsonObject { ["error"] = invalidToken ? "invalid_token" : "access_denied", ["reason"] = denial.Reason.ToString() };
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

        return Results.Text(body.ToJsonString(), "application/json", statusCode: invalidToken ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden);
    }

    /// <summary>Serves RFC 9728 protected resource metadata at <c>/.well-known/oauth-protected-resource</c>.</summary>
    /// <param name="endpoints">The endpoints.</param>
    /// <param name="configure">Sets the resource, its authorization servers and scopes.</param>
    /// <returns>The endpoint's convention builder.</returns>
    public static IEndpointConventionBuilder MapProtectedResourceMetadata(this IEndpointRouteBuilder endpoints, Action<ProtectedResourceMetadata> configure)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(configure);
        var metadata = new ProtectedResourceMetadata();
        configure(metadata);
        if (string.IsNullOrEmpty(metadata.Resource) || metadata.AuthorizationServers.Count == 0)
        {
            throw new InvalidOperationException("Protected resource metadata needs Resource and at least one AuthorizationServers entry.");
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
        return endpoints.MapGet(AgentTokenDefaults.ResourceMetadataPath, context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(text, context.RequestAborted);
        });
    }
}

using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AgentCore.Security.DevTokenService;

/// <summary>
/// Decides every token request after OpenIddict has authenticated the client and validated the
/// request and its subject token: builds the RFC 9068 principal for client credentials and demo
/// users, and for token exchange applies the chain profile.
/// </summary>
internal sealed class ChainProfileTokenHandler(DevTokenServiceOptions options) : IOpenIddictServerHandler<HandleTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleTokenRequestContext>()
            .UseSingletonHandler<ChainProfileTokenHandler>()
            .SetOrder(int.MaxValue - 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        var request = context.Request;
        var clientId = request.ClientId;
        var client = options.Clients.FirstOrDefault(c => string.Equals(c.ClientId, clientId, StringComparison.Ordinal));
        if (client is null)
        {
            context.Reject(Errors.InvalidClient, "The client is not registered.");
            return default;
        }

        var requestedScopes = request.GetScopes().ToHashSet(StringComparer.Ordinal);
        var audiences = (request.Audiences ?? []).Concat(request.Resources ?? []).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        var outside = audiences.Where(a => !client.AllowedAudiences.Contains(a, StringComparer.Ordinal)).ToArray();
        if (outside.Length > 0)
        {
            context.Reject(Errors.InvalidTarget, $"The client '{client.ClientId}' may not request tokens for: {string.Join(", ", outside)}.");
            return default;
        }

        var notAllowed = requestedScopes.Where(s => !client.AllowedScopes.Contains(s, StringComparer.Ordinal)).ToArray();
        if (notAllowed.Length > 0)
        {
            context.Reject(Errors.InvalidScope, $"The client '{client.ClientId}' may not request: {string.Join(" ", notAllowed)}.");
            return default;
        }

        if (request.IsClientCredentialsGrantType())
        {
            context.SignIn(CreatePrincipal(client.ClientId, requestedScopes, audiences, act: null, mayAct: null));
            return default;
        }

        if (request.IsPasswordGrantType())
        {
            var user = options.Users.FirstOrDefault(u => string.Equals(u.Username, request.Username, StringComparison.Ordinal));
            if (user is null || !FixedTimeEquals(user.Password, request.Password))
            {
                context.Reject(Errors.InvalidGrant, "The user name or password is wrong.");
                return default;
            }

            var notGranted = requestedScopes.Where(s => !user.Scopes.Contains(s, StringComparer.Ordinal)).ToArray();
            if (notGranted.Length > 0)
            {
                context.Reject(Errors.InvalidScope, $"The user '{user.Username}' has not granted: {string.Join(" ", notGranted)}.");
                return default;
            }

            var mayAct = user.MayAct is null ? null : new JsonObject { ["sub"] = user.MayAct };
            context.SignIn(CreatePrincipal(user.Username, requestedScopes, audiences, act: null, mayAct));
            return default;
        }

        if (request.IsTokenExchangeGrantType())
        {
            HandleExchange(context, client, requestedScopes, audiences);
            return default;
        }

        context.Reject(Errors.UnsupportedGrantType, "The grant type is not supported by the development token service.");
        return default;
    }

    private static void HandleExchange(HandleTokenRequestContext context, DevClient client, HashSet<string> requestedScopes, string[] audiences)
    {
        var subject = context.SubjectTokenPrincipal;
        var subjectId = subject?.GetClaim(Claims.Subject);
        if (subject is null || string.IsNullOrEmpty(subjectId))
        {
            context.Reject(Errors.InvalidGrant, "The subject token has no subject.");
            return;
        }

        if (audiences.Length == 0)
        {
            context.Reject(Errors.InvalidTarget, "A token exchange must name an audience or a resource.");
            return;
        }

        if (string.Equals(subjectId, client.ClientId, StringComparison.Ordinal))
        {
            context.Reject(Errors.InvalidGrant, "A client cannot act for itself through token exchange.");
            return;
        }

        // may_act: when the subject token names who may act for it, only that actor may exchange it.
        var mayActJson = subject.GetClaim("may_act");
        if (!string.IsNullOrEmpty(mayActJson))
        {
            var allowed = JsonNode.Parse(mayActJson)?["sub"]?.GetValue<string>();
            if (!string.Equals(allowed, client.ClientId, StringComparison.Ordinal))
            {
                context.Reject(Errors.InvalidGrant, $"The subject token's may_act does not name '{client.ClientId}'.");
                return;
            }
        }

        // Scope only narrows: what is requested must be held by the subject token; nothing requested means all of it.
        var held = subject.GetScopes().ToHashSet(StringComparer.Ordinal);
        var widened = requestedScopes.Where(s => !held.Contains(s)).ToArray();
        if (widened.Length > 0)
        {
            context.Reject(Errors.InvalidScope, $"The requested scope is wider than the subject token's: {string.Join(" ", widened)}.");
            return;
        }

        var scopes = requestedScopes.Count == 0 ? held : requestedScopes;

        // The new actor goes outermost, recording the scope it held; the existing act nests under it.
        var act = new JsonObject { ["sub"] = client.ClientId, ["scope"] = string.Join(' ', held.Order(StringComparer.Ordinal)) };
        var existing = subject.GetClaim("act");
        if (!string.IsNullOrEmpty(existing))
        {
            var previous = JsonNode.Parse(existing)!.AsObject();
            if (ContainsActor(previous, client.ClientId))
            {
                context.Reject(Errors.InvalidGrant, $"'{client.ClientId}' is already in the delegation chain.");
                return;
            }

            act["act"] = previous;
        }

        context.SignIn(CreatePrincipal(subjectId, scopes, audiences, act, mayAct: null));
    }

    private static bool ContainsActor(JsonObject act, string actor)
    {
        for (JsonObject? node = act; node is not null; node = node["act"] as JsonObject)
        {
            if (string.Equals(node["sub"]?.GetValue<string>(), actor, StringComparison.Ordinal)) { return true; }
        }

        return false;
    }

    private static ClaimsPrincipal CreatePrincipal(string subject, IEnumerable<string> scopes, string[] audiences, JsonObject? act, JsonObject? mayAct)
    {
        var identity = new ClaimsIdentity("dev-token-service", Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject);
        if (act is not null) { identity.SetClaim("act", JsonSerializer.SerializeToElement(act)); }
        if (mayAct is not null) { identity.SetClaim("may_act", JsonSerializer.SerializeToElement(mayAct)); }
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(scopes);
        principal.SetAudiences(audiences);
        principal.SetDestinations(static _ => [Destinations.AccessToken]);
        return principal;
    }

    private static bool FixedTimeEquals(string expected, string? actual) =>
        actual is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
}

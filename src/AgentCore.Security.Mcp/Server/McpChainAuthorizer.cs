using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Json;
using AgentCore.Security.AspNetCore;
using AgentCore.Security.Pipeline;
using ModelContextProtocol.Server;

namespace AgentCore.Security.Mcp.Server;

/// <summary>
/// Runs the one inbound pipeline for each MCP request that reaches a primitive (<c>tools/call</c>, <c>resources/read</c>,
/// <c>prompts/get</c>), with the chain the <c>AgentToken</c> scheme produced for the HTTP request that carried it, and
/// filters the lists to what the chain may use. One pipeline per primitive, built once.
/// </summary>
internal sealed class McpChainAuthorizer(AgentCallServices services, IOptions<AgentTokenMcpServerOptions> options)
{
    private readonly ConditionalWeakTable<IMcpServerPrimitive, AgentCallPipeline> _pipelines = [];
    private readonly bool _allowUndeclared = options.Value.AllowUndeclaredPrimitives;

    /// <summary>Runs <paramref name="next"/> (the primitive) inside the pipeline, or throws the refusal as a JSON-RPC error.</summary>
    public async ValueTask<TResult> InvokeAsync<TParams, TResult>(
        RequestContext<TParams> request,
        IDictionary<string, JsonElement>? arguments,
        McpRequestHandler<TParams, TResult> next,
        CancellationToken cancellationToken)
    {
        var identity = IdentityOf(request.User);
        if (request.MatchedPrimitive is not { } primitive)
        {
            // Nothing to run: the SDK answers an unknown name with its own error, and no primitive is reached.
            return await next(request, cancellationToken).ConfigureAwait(false);
        }

        var declared = McpCallRequirements.For(primitive);
        if (!IsDeclared(declared))
        {
            throw new McpCallRefusedException(AgentCallDenyReason.Forbidden, $"{primitive.Id} declares no [RequireScope] or [RequireRelation]; it is refused until it does (or AllowUndeclaredPrimitives is set).");
        }

        var pipeline = _pipelines.GetValue(primitive, _ => new AgentCallPipeline(declared.Requirements, services));
        var result = await pipeline.InvokeAsync(
            identity.Chain,
            identity.Token,
            arguments,
            declared.ObjectFor(arguments),
            async (_, ct) => AgentCallResult.Success(await next(request, ct).ConfigureAwait(false)),
            cancellationToken).ConfigureAwait(false);
        return result.Denial is { } denial
            ? throw new McpCallRefusedException(denial.Reason, denial.Message)
            : (TResult)result.Output!;
    }

    /// <summary>
    /// Whether a listed primitive is shown to the chain: its scopes held, and its relation allowed for every principal
    /// when the object does not depend on the call's arguments (those are shown and judged when called).
    /// </summary>
    public async ValueTask<bool> MayUseAsync(ValidatedChain chain, IMcpServerPrimitive primitive, CancellationToken cancellationToken)
    {
        var declared = McpCallRequirements.For(primitive);
        if (!IsDeclared(declared))
        {
            return false;
        }

        var requirements = declared.Requirements;
        if (!requirements.RequiredScopes.All(chain.HasScope))
        {
            return false;
        }

        if (requirements.Relation is null || declared.ObjectFromArguments)
        {
            return true;
        }

        if (services.Authorizer is not { } authorizer)
        {
            return false;
        }

        var decision = await authorizer.AuthorizeAsync(chain, requirements.Relation, requirements.Object!, cancellationToken).ConfigureAwait(false);
        return decision.Allowed;
    }

    /// <summary>The scopes a named primitive requires, for the HTTP-layer judgment; empty when unknown or undeclared.</summary>
    public static IReadOnlyList<string> RequiredScopes(IMcpServerPrimitive primitive) =>
        McpCallRequirements.For(primitive).Requirements.RequiredScopes;

    public static AgentTokenIdentity IdentityOf(ClaimsPrincipal? user) =>
        user?.Identities.OfType<AgentTokenIdentity>().FirstOrDefault()
        ?? throw new McpCallRefusedException(AgentCallDenyReason.InvalidToken, "The request carries no agent token validated by the AgentToken scheme; map the MCP endpoint with RequireAgentTokenChain().");

    private bool IsDeclared(McpCallRequirements declared) =>
        _allowUndeclared || declared.Requirements.RequiredScopes.Count > 0 || declared.Requirements.Relation is not null;
}

#pragma warning disable CA1720 // 'object' is OpenFGA's own name for the tuple's object
using AgentCore.Security.Authorization;

namespace AgentCore.Security.Pipeline;

/// <summary>
/// The one inbound pipeline, built once per operation (a skill type; later an MCP tool or a gateway route):
/// required scopes → delegation authorization of every principal → the filters (middleware, outermost first)
/// → the operation, inside <see cref="AgentCallContext"/>. Hosts validate the token once and hand the chain
/// in; the pipeline never validates. Each call is counted and audited once, with its final result.
/// </summary>
public sealed class AgentCallPipeline
{
    private readonly AgentCallServices _services;
    private readonly AgentCallHandler _filtersThenOperation;

    /// <summary>Initializes a new instance of the <see cref="AgentCallPipeline"/> class.</summary>
    /// <param name="requirements">What the operation requires.</param>
    /// <param name="services">The policy engine, filters, logging and metrics.</param>
    public AgentCallPipeline(AgentCallRequirements requirements, AgentCallServices services)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(services);
        Requirements = requirements;
        _services = services;

        AgentCallHandler next = static (call, cancellationToken) => call.Operation!(call, cancellationToken);
        for (var i = services.Filters.Count - 1; i >= 0; i--)
        {
            var filter = services.Filters[i];
            var inner = next;
            next = (call, cancellationToken) => filter.InvokeAsync(call, inner, cancellationToken);
        }

        _filtersThenOperation = next;
    }

    /// <summary>Gets what the operation requires.</summary>
    public AgentCallRequirements Requirements { get; }

    /// <summary>Runs the pipeline for a chain its host has already validated.</summary>
    /// <param name="chain">The caller's verified chain.</param>
    /// <param name="token">The inbound token the chain was validated from (the subject token of outbound exchanges).</param>
    /// <param name="input">The operation's input.</param>
    /// <param name="object">The object to authorize on when it is computed from the input; else the requirements' fixed object.</param>
    /// <param name="operation">The operation itself; it runs only when every step allowed the call.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The output, or the denial.</returns>
    /// <exception cref="InvalidOperationException">The operation requires a relation but names no object.</exception>
    public async ValueTask<AgentCallResult> InvokeAsync(ValidatedChain chain, string token, object? input, string? @object, AgentCallHandler operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentNullException.ThrowIfNull(operation);
        var name = Requirements.Name;
        foreach (var scope in Requirements.RequiredScopes)
        {
            if (!chain.HasScope(scope))
            {
                return Denied(chain, null, null, new AgentCallDenial(AgentCallDenyReason.InsufficientScope, $"The token lacks the scope '{scope}' that {name} requires.") { RequiredScopes = Requirements.RequiredScopes });
            }
        }

        var relation = Requirements.Relation;
        var obj = @object ?? Requirements.Object;
        if (relation is not null)
        {
            if (string.IsNullOrEmpty(obj))
            {
                throw new InvalidOperationException($"{name} declares the relation '{relation}' but no object: give [RequireRelation] an object or compute one from the input.");
            }

            if (await ChainAuthorization.AuthorizeAsync(_services.Authorizer, name, chain, relation, obj, cancellationToken).ConfigureAwait(false) is { } denial)
            {
                return Denied(chain, relation, obj, denial);
            }
        }

        var call = new AgentCall(Requirements, chain, relation, relation is null ? null : obj, input) { Operation = Reached(operation) };

        // The host opens the context for the whole request; a host that did not (an in-process caller) gets it here.
        var opened = AgentCallContext.Current is { } current && ReferenceEquals(current.Chain, chain) ? default(AgentCallContext.Scope?) : AgentCallContext.Begin(chain, token);
        try
        {
            var result = await _filtersThenOperation(call, cancellationToken).ConfigureAwait(false);
            if (result.Denial is { } refused && !call.OperationReached)
            {
                ChainAuthorization.RecordDenied(_services.Metrics, _services.Logger, name, chain, call.Relation, call.Object, refused);
            }

            return result.Succeeded || result.Denial is not null ? result : throw new InvalidOperationException($"A filter of {name} returned an empty result (default(AgentCallResult)); return AgentCallResult.Success or Deny.");
        }
        finally
        {
            opened?.Dispose();
        }
    }

    /// <summary>Records a denial decided before the pipeline ran (a host's refused token) in the same way as the pipeline's own.</summary>
    /// <param name="chain">The chain, when the token was valid.</param>
    /// <param name="denial">Why.</param>
    /// <returns>The denial as a result.</returns>
    public AgentCallResult Deny(ValidatedChain? chain, AgentCallDenial denial)
    {
        ArgumentNullException.ThrowIfNull(denial);
        return Denied(chain, null, null, denial);
    }

    private AgentCallResult Denied(ValidatedChain? chain, string? relation, string? obj, AgentCallDenial denial)
    {
        ChainAuthorization.RecordDenied(_services.Metrics, _services.Logger, Requirements.Name, chain, relation, obj, denial);
        return AgentCallResult.Deny(denial);
    }

    // The decision is "allowed" when the operation is reached: counted and audited once, then it runs.
    private AgentCallHandler Reached(AgentCallHandler operation) => (call, cancellationToken) =>
    {
        call.OperationReached = true;
        ChainAuthorization.RecordAllowed(_services.Metrics, _services.Logger, Requirements.Name, call.Chain, call.Relation, call.Object);
        return operation(call, cancellationToken);
    };
}

using System.Runtime.CompilerServices;
using AgentCore.Security.OpenFga.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentCore.Security.OpenFga;

/// <summary>
/// Asks OpenFGA (a server, or the embedded store) whether a verified chain may act. In
/// <see cref="DelegationMode.EveryPrincipal"/> the subject and every actor must hold the relation (one batch
/// check); in <see cref="DelegationMode.CurrentActorForSubject"/> the subject must hold it with the current
/// actor bound to it by a contextual tuple. Every failure denies: an unreachable policy engine is
/// <see cref="DelegationDenyReason.PolicyEngineUnavailable"/>, logged once.
/// </summary>
public sealed partial class FgaDelegationAuthorizer : IDelegationAuthorizer
{
    // Per instance: the key depends on this authorizer's options (type names, mode). A chain is immutable.
    private readonly ConditionalWeakTable<ValidatedChain, string> _principalKeys = new();
    private readonly ConditionalWeakTable<ValidatedChain, string>.CreateValueCallback _principalKey;
    private readonly IFgaCheckClient _client;
    private readonly FgaAuthorizerOptions _options;
    private readonly DecisionCache? _cache;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="FgaDelegationAuthorizer"/> class.</summary>
    /// <param name="client">The policy engine.</param>
    /// <param name="options">Mode, type names and cache settings.</param>
    /// <param name="timeProvider">The clock for the decision cache.</param>
    /// <param name="logger">Where policy-engine failures are logged.</param>
    public FgaDelegationAuthorizer(IFgaCheckClient client, FgaAuthorizerOptions? options = null, TimeProvider? timeProvider = null, ILogger<FgaDelegationAuthorizer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options?.Snapshot() ?? new FgaAuthorizerOptions(); // read once: later changes to the caller's object change nothing
        if (_options.DecisionCacheSize < 1 || _options.DecisionCacheTtl < TimeSpan.Zero || _options.DenialCacheTtl < TimeSpan.Zero)
        {
            throw new ArgumentException("DecisionCacheSize must be positive and the cache TTLs must not be negative.", nameof(options));
        }

        _cache = _options.EnableDecisionCache ? new DecisionCache(_options.DecisionCacheSize, timeProvider ?? TimeProvider.System) : null;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _principalKey = PrincipalKey;
    }

    /// <summary>Gets the number of cached decisions.</summary>
    public int CachedDecisionCount => _cache?.Count ?? 0;

    /// <summary>Forgets every cached decision (after a policy change).</summary>
    public void ClearDecisionCache() => _cache?.Clear();

    /// <inheritdoc />
    public ValueTask<DelegationDecision> AuthorizeAsync(ValidatedChain chain, string relation, string resource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentException.ThrowIfNullOrEmpty(relation);
        ArgumentException.ThrowIfNullOrEmpty(resource);
        if (_cache is null)
        {
            return AuthorizeCoreAsync(chain, relation, resource, default, cancellationToken);
        }

        var key = new DecisionKey(_principalKeys.GetValue(chain, _principalKey), relation, resource, _client.ModelId);
        return _cache.TryGet(key, out var cached)
            ? new ValueTask<DelegationDecision>(cached)
            : AuthorizeCoreAsync(chain, relation, resource, key, cancellationToken);
    }

    private async ValueTask<DelegationDecision> AuthorizeCoreAsync(ValidatedChain chain, string relation, string @object, DecisionKey key, CancellationToken cancellationToken)
    {
        var principals = Principals(chain);
        if (principals.FirstOrDefault(p => !IsSafeId(p.Id)) is { Id: not null } unsafePrincipal)
        {
            return new DelegationDecision(relation, @object, [], DelegationDenyReason.PolicyError, $"The principal '{unsafePrincipal.Id}' cannot be named safely to the policy engine (it contains ':', '#', whitespace or is empty).");
        }

        List<FgaCheckRequest> checks;
        if (_options.Mode == DelegationMode.EveryPrincipal)
        {
            checks = principals.Select(p => new FgaCheckRequest { User = p.User, Relation = relation, Object = @object }).ToList();
        }
        else
        {
            var binding = principals.Count > 1 ? new[] { new FgaTuple(principals[0].User, _options.DelegationRelation, principals[1].User) } : [];
            checks = [new FgaCheckRequest { User = principals[0].User, Relation = relation, Object = @object, ContextualTuples = binding }];
        }

        IReadOnlyList<FgaCheckResult> results;
        try
        {
            results = await _client.BatchCheckAsync(checks, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            Log.PolicyEngineUnavailable(_logger, relation, @object, e.GetType().Name, e.Message);
            return new DelegationDecision(relation, @object, [], DelegationDenyReason.PolicyEngineUnavailable, $"The policy engine could not be asked ({e.GetType().Name}: {e.Message}); denied (fail closed).");
        }

        if (results.Count != checks.Count)
        {
            Log.PolicyEngineUnavailable(_logger, relation, @object, "MismatchedResponse", $"{results.Count} answers to {checks.Count} checks");
            return new DelegationDecision(relation, @object, [], DelegationDenyReason.PolicyEngineUnavailable, "The policy engine's answer did not match the question; denied (fail closed).");
        }

        var decisions = new PrincipalDecision[checks.Count];
        for (var i = 0; i < checks.Count; i++)
        {
            decisions[i] = new PrincipalDecision(checks[i].User, results[i].Allowed && !results[i].IsError, results[i].IsError ? $"{(int)results[i].ErrorCode}: {results[i].Message}" : null);
        }

        DelegationDecision decision;
        if (decisions.FirstOrDefault(d => d.Error is not null) is { } failed)
        {
            decision = new DelegationDecision(relation, @object, decisions, DelegationDenyReason.PolicyError, $"The policy engine could not decide for {failed.Principal}: {failed.Error}");
        }
        else if (decisions.FirstOrDefault(d => !d.Allowed) is { } denied)
        {
            var how = _options.Mode == DelegationMode.CurrentActorForSubject && principals.Count > 1 ? $" acting through {principals[1].User}" : string.Empty;
            decision = new DelegationDecision(relation, @object, decisions, DelegationDenyReason.PrincipalDenied, $"{denied.Principal}{how} may not {relation} {@object}.");
        }
        else
        {
            decision = new DelegationDecision(relation, @object, decisions, DelegationDenyReason.None, $"{string.Join(" → ", principals.Select(p => p.User))} may {relation} {@object}.");
        }

        if (_cache is not null && key.Principals is not null)
        {
            _cache.Add(key, decision, decision.Allowed ? _options.DecisionCacheTtl : _options.DenialCacheTtl);
        }

        return decision;
    }

    /// <summary>
    /// The decision key's chain part: everything about the chain that changes the question asked. Each principal
    /// exactly as the engine sees it (type:id) with the issuer that vouches for it, the mode, and the contextual
    /// tuple that binds the current actor; each part length-prefixed so that no id can imitate a separator.
    /// </summary>
    private string PrincipalKey(ValidatedChain chain)
    {
        var builder = new System.Text.StringBuilder();
        Append(builder, _options.Mode.ToString());
        Append(builder, _options.DelegationRelation);
        var principals = Principals(chain);
        for (var i = 0; i < principals.Count; i++)
        {
            Append(builder, principals[i].User);
            Append(builder, i == 0 ? chain.Issuer : chain.Actors[i - 1].Issuer ?? chain.Issuer);
        }

        return builder.ToString();

        static void Append(System.Text.StringBuilder builder, string value) =>
            builder.Append(value.Length).Append(':').Append(value).Append(';');
    }

    /// <summary>The chain's principals as OpenFGA users: the subject first, then the actors from the current one outwards.</summary>
    private List<(string Id, string User)> Principals(ValidatedChain chain)
    {
        // A client-credentials token (no actors, sub = client_id) is an agent acting for itself.
        var subjectType = chain.Actors.Count == 0 && chain.ClientId is { } client && client == chain.Subject ? _options.ActorType : _options.SubjectType;
        var list = new List<(string, string)> { (chain.Subject, subjectType + ":" + chain.Subject) };
        foreach (var actor in chain.Actors)
        {
            list.Add((actor.Subject, _options.ActorType + ":" + actor.Subject));
        }

        return list;
    }

    private static bool IsSafeId(string id) =>
        id.Length > 0 && !id.Contains(':', StringComparison.Ordinal) && !id.Contains('#', StringComparison.Ordinal) && !id.Any(char.IsWhiteSpace);

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, EventName = "PolicyEngineUnavailable", Level = LogLevel.Error, Message = "The policy engine could not be asked about {Relation} on {Object} ({ErrorType}: {ErrorMessage}); the call was denied.")]
        public static partial void PolicyEngineUnavailable(ILogger logger, string relation, string @object, string errorType, string errorMessage);
    }
}

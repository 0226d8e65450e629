using System.Diagnostics;
using AgentCore.Security.Diagnostics;
using AgentCore.Security.Jwt.Internal;

namespace AgentCore.Security.Authorization;

/// <summary>
/// The one place that decides and records a chain's authorization for every host: the decision span, the
/// mapping of policy answers to deny reasons, the fail-closed "no policy engine" case, the decision metric
/// (one count per call, with its final result) and the audit line.
/// </summary>
internal static partial class ChainAuthorization
{
    /// <summary>Asks the policy engine whether every principal of <paramref name="chain"/> holds <paramref name="relation"/> on <paramref name="object"/>.</summary>
    /// <returns><see langword="null"/> when allowed; else the denial.</returns>
    public static async ValueTask<AgentCallDenial?> AuthorizeAsync(IDelegationAuthorizer? authorizer, string operation, ValidatedChain chain, string relation, string @object, CancellationToken cancellationToken)
    {
        using var activity = SecurityMetrics.ActivitySource.StartActivity(AgentCoreSecurityTelemetry.AuthorizationActivity, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag(AgentCoreSecurityTelemetry.OperationTag, operation);
            activity.SetTag(AgentCoreSecurityTelemetry.ChainTag, chain.ToString());
            activity.SetTag(AgentCoreSecurityTelemetry.RelationTag, relation);
            activity.SetTag(AgentCoreSecurityTelemetry.ObjectTag, @object);
        }

        AgentCallDenial? denial;
        if (authorizer is null)
        {
            denial = new AgentCallDenial(AgentCallDenyReason.PolicyEngineUnavailable, $"{operation} requires '{relation}' on '{@object}', but no IDelegationAuthorizer is registered; denied (fail closed).");
        }
        else
        {
            var decision = await authorizer.AuthorizeAsync(chain, relation, @object, cancellationToken).ConfigureAwait(false);
            denial = decision.Allowed ? null : new AgentCallDenial(ReasonOf(decision.Reason), decision.Message, decision.DeniedPrincipal) { Decision = decision };
        }

        if (activity is not null)
        {
            activity.SetTag(AgentCoreSecurityTelemetry.DecisionTag, denial is null ? "allowed" : "denied");
            if (denial is not null)
            {
                activity.SetTag(AgentCoreSecurityTelemetry.ReasonTag, denial.Reason.ToString());
            }
        }

        return denial;
    }

    /// <summary>The call may run: one count, one audit line.</summary>
    public static void RecordAllowed(SecurityMetrics metrics, ILogger logger, string operation, ValidatedChain chain, string? relation, string? @object)
    {
        metrics.Decision(true, null);
        Log.Allowed(logger, operation, chain.Subject, chain, relation, new EscapedText(@object), chain.TokenId, chain.TokenHash);
    }

    /// <summary>The call was refused: one count, one audit line. The object can come from the caller's input and the message can quote it: both escaped.</summary>
    public static void RecordDenied(SecurityMetrics metrics, ILogger logger, string operation, ValidatedChain? chain, string? relation, string? @object, AgentCallDenial denial)
    {
        metrics.Decision(false, denial.Reason.ToString());
        Log.Denied(logger, operation, denial.Reason, denial.Principal, chain?.Subject, chain, relation, new EscapedText(@object), chain?.TokenId, chain?.TokenHash, new EscapedText(denial.Message));
    }

    private static AgentCallDenyReason ReasonOf(DelegationDenyReason reason) => reason switch
    {
        DelegationDenyReason.PolicyEngineUnavailable => AgentCallDenyReason.PolicyEngineUnavailable,
        DelegationDenyReason.PolicyError => AgentCallDenyReason.PolicyError,
        _ => AgentCallDenyReason.Forbidden,
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 400, EventName = "SkillAllowed", Level = LogLevel.Information, Message = "Allowed {Operation} for {Subject} via {Chain}: {Relation} on {Object} (jti {TokenId}, token {TokenHash}).")]
        public static partial void Allowed(ILogger logger, string operation, string subject, ValidatedChain chain, string? relation, EscapedText @object, string? tokenId, string tokenHash);

        [LoggerMessage(EventId = 401, EventName = "SkillDenied", Level = LogLevel.Warning, Message = "Denied {Operation}: {Reason} (principal {Principal}) for {Subject} via {Chain}: {Relation} on {Object} (jti {TokenId}, token {TokenHash}). {Detail}")]
        public static partial void Denied(ILogger logger, string operation, AgentCallDenyReason reason, string? principal, string? subject, ValidatedChain? chain, string? relation, EscapedText @object, string? tokenId, string? tokenHash, EscapedText detail);
    }
}

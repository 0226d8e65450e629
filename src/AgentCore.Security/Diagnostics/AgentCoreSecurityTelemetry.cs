namespace AgentCore.Security.Diagnostics;

/// <summary>The names of AgentCore.Security's ActivitySource, Meter and instruments, for subscribing and for dashboards.</summary>
public static class AgentCoreSecurityTelemetry
{
    /// <summary>The ActivitySource's name.</summary>
    public const string ActivitySourceName = "AgentCore.Security";

    /// <summary>The Meter's name.</summary>
    public const string MeterName = "AgentCore.Security";

    /// <summary>Histogram (seconds) of token validations at the point of use. Tags: <c>agentcore.security.result</c>, <c>error.type</c>.</summary>
    public const string ValidationDuration = "agentcore.security.jwt.validation.duration";

    /// <summary>Histogram (seconds) of token exchanges that reached the token service. Tags: <c>agentcore.security.result</c>, <c>error.type</c>.</summary>
    public const string TokenExchangeDuration = "agentcore.security.token_exchange.duration";

    /// <summary>Counter of token-exchange cache lookups. Tag: <c>agentcore.security.cache.result</c> (<c>hit</c>, <c>miss</c>).</summary>
    public const string TokenExchangeCacheLookups = "agentcore.security.token_exchange.cache.lookups";

    /// <summary>Counter of authorization decisions. Tags: <c>agentcore.security.result</c> (<c>allowed</c>, <c>denied</c>), <c>error.type</c> (the deny reason).</summary>
    public const string AuthorizationDecisions = "agentcore.security.authorization.decisions";

    /// <summary>The span of one token exchange (I/O to the token service).</summary>
    public const string TokenExchangeActivity = "agentcore.security.token_exchange";

    /// <summary>The span of one authorization (a policy-engine question, or a cached answer).</summary>
    public const string AuthorizationActivity = "agentcore.security.authorize";

    /// <summary>The result tag.</summary>
    public const string ResultTag = "agentcore.security.result";

    /// <summary>The error type tag (a failure code, never a value).</summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>The cache result tag.</summary>
    public const string CacheResultTag = "agentcore.security.cache.result";

    /// <summary>Span tag: the operation decided on: a skill's type name, an MCP tool's, resource's or prompt's name.</summary>
    public const string OperationTag = "agentcore.security.operation";

    /// <summary>Span tag: the chain, <c>alice → coordinator → security-agent</c>.</summary>
    public const string ChainTag = "agentcore.security.chain";

    /// <summary>Span tag: the relation asked about.</summary>
    public const string RelationTag = "agentcore.security.relation";

    /// <summary>Span tag: the object asked about.</summary>
    public const string ObjectTag = "agentcore.security.object";

    /// <summary>Span tag: the decision (<c>allowed</c>, <c>denied</c>).</summary>
    public const string DecisionTag = "agentcore.security.decision";

    /// <summary>Span tag: the reason of a denial.</summary>
    public const string ReasonTag = "agentcore.security.reason";

    /// <summary>Span tag: the exchange's target (audiences and resources).</summary>
    public const string TargetTag = "agentcore.security.target";
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using AgentCore.Security.Diagnostics;

namespace AgentCore.Security.Diagnostics;

/// <summary>The Meter and instruments, created through <see cref="IMeterFactory"/> (or a private Meter without DI).</summary>
internal sealed class SecurityMetrics
{
    public static readonly ActivitySource ActivitySource = new(AgentCoreSecurityTelemetry.ActivitySourceName);

    /// <summary>Without DI, one Meter for the process, not one per component.</summary>
    private static readonly Lazy<SecurityMetrics> Shared = new(() => new SecurityMetrics(null));

    private readonly Histogram<double> _validation;
    private readonly Histogram<double> _exchange;
    private readonly Counter<long> _cacheLookups;
    private readonly Counter<long> _decisions;

    private SecurityMetrics(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(AgentCoreSecurityTelemetry.MeterName) ?? new Meter(AgentCoreSecurityTelemetry.MeterName);
        _validation = meter.CreateHistogram<double>(AgentCoreSecurityTelemetry.ValidationDuration, "s", "Duration of token validations at the point of use.");
        _exchange = meter.CreateHistogram<double>(AgentCoreSecurityTelemetry.TokenExchangeDuration, "s", "Duration of token exchanges with the token service.");
        _cacheLookups = meter.CreateCounter<long>(AgentCoreSecurityTelemetry.TokenExchangeCacheLookups, "{lookup}", "Token-exchange cache lookups.");
        _decisions = meter.CreateCounter<long>(AgentCoreSecurityTelemetry.AuthorizationDecisions, "{decision}", "Authorization decisions.");
    }

    public static SecurityMetrics For(IMeterFactory? meterFactory) => meterFactory is null ? Shared.Value : new SecurityMetrics(meterFactory);

    public bool ValidationEnabled => _validation.Enabled;

    public void Validation(TimeSpan elapsed, JwtValidationStatus status)
    {
        if (_validation.Enabled)
        {
            RecordValidation(elapsed, status);
        }
    }

    public void Exchange(TimeSpan elapsed, TokenExchangeStatus status)
    {
        if (_exchange.Enabled)
        {
            RecordExchange(elapsed, status);
        }
    }

    public void CacheLookup(bool hit)
    {
        if (_cacheLookups.Enabled)
        {
            _cacheLookups.Add(1, new KeyValuePair<string, object?>(AgentCoreSecurityTelemetry.CacheResultTag, hit ? "hit" : "miss"));
        }
    }

    public void Decision(bool allowed, string? reason)
    {
        if (_decisions.Enabled)
        {
            RecordDecision(allowed, reason);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordValidation(TimeSpan elapsed, JwtValidationStatus status) =>
        _validation.Record(elapsed.TotalSeconds, Outcome(status == JwtValidationStatus.Valid ? "valid" : "invalid", status == JwtValidationStatus.Valid ? null : status.ToString()));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordExchange(TimeSpan elapsed, TokenExchangeStatus status) =>
        _exchange.Record(elapsed.TotalSeconds, Outcome(status == TokenExchangeStatus.Success ? "success" : "failure", status == TokenExchangeStatus.Success ? null : status.ToString()));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordDecision(bool allowed, string? reason) =>
        _decisions.Add(1, Outcome(allowed ? "allowed" : "denied", allowed ? null : reason));

    /// <summary>The bounded tags of one outcome: its result and, for a failure, its reason.</summary>
    private static TagList Outcome(string result, string? errorType)
    {
        var tags = new TagList { { AgentCoreSecurityTelemetry.ResultTag, result } };
        if (errorType is not null)
        {
            tags.Add(AgentCoreSecurityTelemetry.ErrorTypeTag, errorType);
        }

        return tags;
    }
}
